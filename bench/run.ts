// `npm run bench`: how fast fieldhouse is against the fastest this machine can do (issue #8).
// Progress goes to stderr; stdout carries only the markdown table.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from './build.js';
import { ensureDataset, materialize, type Dataset } from './datasets.js';
import { closedLoop, pacedLoad, waitUntilIdle, type LoadResult, type RequestSpec } from './load.js';
import { parseOptions, type BenchOptions } from './options.js';
import { announcedUrl, REPO_ROOT, sampleMemory, startProcess, stopAll, type ServerProcess } from './processes.js';
import { checkTargets, markdown, sizeLabel, writeReport, type BenchReport, type DatasetReport, type MeasuredName, type ScenarioReport } from './report.js';
import { requestMaker, SCENARIO_DESCRIPTIONS, type ScenarioName } from './scenarios.js';
import { checkSeededShape } from './shape-check.js';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function startBaseline(): Promise<ServerProcess> {
  return startProcess({
    name: 'baseline server',
    args: ['--import', 'tsx', path.join(REPO_ROOT, 'bench/baseline-server.ts')],
    env: { ...process.env, PORT: '0' },
    urlFromLine: announcedUrl('baseline is listening'),
  });
}

/** The node arguments that run the fieldhouse CLI: the compiled build, or the sources through tsx. */
type ServerEntry = string[];

function startFieldhouse(entry: ServerEntry, dataDir: string, profileDir: string | undefined): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    FIELDHOUSE_DATA_DIR: dataDir,
    FIELDHOUSE_RATE_LIMIT: '0',
    FIELDHOUSE_WORKER: 'off',
    LOG_LEVEL: 'info',
  };
  // The datasets are SQLite files; a DATABASE_URL in the caller's shell would point elsewhere.
  delete env.DATABASE_URL;
  delete env.FIELDHOUSE_PUBLIC_URL;
  return startProcess({
    name: 'fieldhouse server',
    args: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...entry, 'serve'],
    env,
    urlFromLine: announcedUrl('fieldhouse is listening'),
    graceMs: 30_000,
  });
}

/** A run and the time the server then needed to finish what it had been sent. */
type Measured = LoadResult & { drainSeconds: number };

async function drained(url: string, run: Promise<LoadResult>): Promise<Measured> {
  const result = await run;
  const drainSeconds = await waitUntilIdle(url);
  if (drainSeconds > 1) log(`  the server needed ${drainSeconds.toFixed(1)} s more to answer what was still queued`);
  return { ...result, drainSeconds };
}

/** An unmeasured run first (JIT, page cache, connection set-up), then the measured one, each worked off before the next. */
async function measure(options: BenchOptions, url: string, next: () => RequestSpec, connections = options.connections): Promise<Measured> {
  await drained(url, closedLoop({ url, connections, durationSeconds: options.warmupSeconds, next }));
  return drained(url, closedLoop({ url, connections, durationSeconds: options.durationSeconds, next }));
}

function report(scenario: MeasuredName, result: Measured, baselineRps: number, targetRate?: number): ScenarioReport {
  if (result.replayed > 0) log(`  ${scenario}: ${result.replayed} answers were idempotent replays, not writes: the run reused keys`);
  return { scenario, description: SCENARIO_DESCRIPTIONS[scenario], ...result, ratioToBaseline: result.rps / baselineRps, ...(targetRate ? { targetRate } : {}) };
}

function gitState(): BenchReport['git'] {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  const status = git('status', '--porcelain');
  return {
    commit: head.status === 0 ? head.stdout.trim() : null,
    uncommittedFiles: status.status === 0 ? status.stdout.split('\n').filter(Boolean).length : null,
  };
}

async function benchDataset(options: BenchOptions, entry: ServerEntry, workDir: string, dataset: Dataset, baselineRps: number, keyPrefix: string): Promise<DatasetReport> {
  const { summary } = dataset;
  const size = sizeLabel(summary.opportunities);
  const dataDir = path.join(workDir, `opportunities-${summary.opportunities}`);
  materialize(dataset, dataDir);
  const profileDir = options.cpuProf ? path.join(options.resultsDir, 'profiles', `${keyPrefix}-${size}`) : undefined;
  const server = await startFieldhouse(entry, dataDir, profileDir);
  const memory = sampleMemory(server.pid);
  log(`${size}: server ${server.pid} listening on ${server.url}`);
  try {
    const shapeCheck = await checkSeededShape(server.url, dataDir, summary);
    if (!shapeCheck.identical) throw new Error(`seeded records differ from the same creates made over the API:\n${shapeCheck.differences.join('\n')}`);

    const scenarios: ScenarioReport[] = [];
    let seed = summary.opportunities;
    const maker = (name: ScenarioName) => requestMaker(name, { apiKey: summary.apiKey, dataset: summary, keyPrefix: `${keyPrefix}-${size}`, seed: (seed += 1) });
    for (const name of options.scenarios) {
      log(`${size}: ${name}`);
      const result = await measure(options, server.url, maker(name));
      scenarios.push(report(name, result, baselineRps));
      if (name === 'list') {
        // With N requests in flight a single-threaded server's latency is mostly queueing (about
        // N × the service time); one connection gives what one list costs, totalCount included.
        log(`${size}: list, one connection`);
        scenarios.push(report('listOneConnection', await measure(options, server.url, maker('list'), 1), baselineRps));
      }
      if (name !== 'create') continue;
      if (result.requests === 0) {
        log(`${size}: no create completed, so there is no peak to take half of`);
        continue;
      }

      const rate = Math.max(1, Math.round(result.rps / 2));
      log(`${size}: create at ${rate} req/s (half its peak), autocannon overallRate`);
      const burst = await drained(server.url, closedLoop({ url: server.url, connections: options.connections, durationSeconds: options.durationSeconds, overallRate: rate, next: maker('create') }));
      scenarios.push(report('createAtHalfPeakBurst', burst, baselineRps, rate));
      log(`${size}: create at ${rate} req/s (half its peak), paced`);
      const paced = await drained(server.url, pacedLoad({ url: server.url, rate, durationSeconds: options.durationSeconds, next: maker('create') }));
      scenarios.push(report('createAtHalfPeak', paced, baselineRps, rate));
    }
    // Read before the server stops: VmHWM is gone with the process.
    const serverPeakRssMb = memory.stop();
    return {
      opportunities: summary.opportunities,
      accounts: summary.accounts,
      reused: dataset.reused,
      seedSeconds: summary.seedSeconds,
      shapeCheck,
      serverPeakRssMb,
      scenarios,
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    };
  } finally {
    memory.stop(); // on the error path; a second stop is harmless
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const loadAverageAtStart = os.loadavg();
  const keyPrefix = `bench-${started.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-bench-'));
  const cleanUp = () => fs.rmSync(workDir, { recursive: true, force: true });
  // Ctrl-C or a kill mid-run: servers stopped, copies of datasets removed, then out.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stopAll().finally(() => {
        cleanUp();
        process.exit(130);
      });
    });
  }

  try {
    // Seeded (or found) first, so seeding never competes with a measurement for the CPU.
    fs.mkdirSync(options.cacheDir, { recursive: true });
    const datasets: Dataset[] = [];
    for (const size of options.sizes) {
      const dataset = await ensureDataset(options.cacheDir, size, log);
      log(`${sizeLabel(size)}: ${dataset.reused ? 'cached' : 'seeded'} dataset (${dataset.summary.accounts.toLocaleString('en-US')} accounts)`);
      datasets.push(dataset);
    }

    let entry: ServerEntry = ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts')];
    if (options.serverEntry) {
      entry = [options.serverEntry];
    } else if (options.server === 'build') {
      log('building the server');
      entry = [buildServer(path.join(workDir, 'build'))];
    }

    log('baseline');
    const baselineServer = await startBaseline();
    let baseline: Measured;
    try {
      const next = requestMaker('create', { apiKey: 'baseline', dataset: datasets[0]!.summary, keyPrefix: `${keyPrefix}-baseline`, seed: 1 });
      baseline = await measure(options, baselineServer.url, next);
    } finally {
      await baselineServer.stop();
    }

    const reports: DatasetReport[] = [];
    for (const dataset of datasets) reports.push(await benchDataset(options, entry, workDir, dataset, baseline.rps, keyPrefix));

    const finished = new Date();
    const cpus = os.cpus();
    const result: BenchReport = {
      version: 1,
      mode: options.quick ? 'quick' : 'full',
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      totalSeconds: (finished.getTime() - started.getTime()) / 1000,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        memoryMb: Math.round(os.totalmem() / 1024 / 1024),
        node: process.versions.node,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg(),
      },
      git: gitState(),
      settings: { connections: options.connections, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, server: options.serverEntry ?? options.server },
      baseline: report('baseline', baseline, baseline.rps),
      datasets: reports,
      targets: checkTargets(reports, options.connections),
    };
    const file = writeReport(options.resultsDir, result);
    process.stdout.write(markdown(result));
    log(`results written to ${file}`);
  } finally {
    await stopAll();
    cleanUp();
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
