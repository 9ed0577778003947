import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from '../../bench/report.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench/run.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The benchmark measures the embedded SQLite database it seeds itself; the PostgreSQL leg of
// the suite has nothing more to check here.
const skip = process.env.FIELDHOUSE_TEST_DATABASE_URL ? 'the bench seeds and serves SQLite files: SQLite leg only' : false;

describe('npm run bench -- --quick: the harness works end to end (no timing is asserted)', { skip }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-bench-test-'));
  const resultsDir = path.join(scratch, 'results');
  const cacheDir = path.join(scratch, 'cache');
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('seeds, serves, loads every scenario without an error, and reports a table and JSON', async () => {
    const run = await runBench(['--quick', '--results-dir', resultsDir, '--cache-dir', cacheDir]);
    assert.equal(run.code, 0, `exit code ${run.code}\n${run.stderr}`);

    assert.match(run.stdout, /^\| opportunities \| scenario \| req\/s \| × baseline \| p50 ms \| p99 ms \| errors \| requests \|$/m);
    assert.match(run.stdout, /^\| — \| baseline \(bare Fastify\) \|/m);

    const report = JSON.parse(fs.readFileSync(path.join(resultsDir, 'quick-latest.json'), 'utf8')) as BenchReport;
    const stamped = fs.readdirSync(resultsDir).filter((f) => /^quick-\d{4}-.*\.json$/.test(f));
    assert.equal(stamped.length, 1, 'one timestamped result beside quick-latest.json');
    assert.equal(report.mode, 'quick');
    assert.ok(report.baseline.requests > 0, 'the baseline answered');
    assert.equal(report.baseline.errors, 0);

    assert.equal(report.datasets.length, 1);
    const [dataset] = report.datasets;
    assert.ok(dataset!.opportunities > 0 && dataset!.accounts > 0);
    assert.deepEqual(dataset!.shapeCheck.differences, [], 'seeded records are what the API writes');
    assert.equal(dataset!.shapeCheck.identical, true);
    const scenarios = dataset!.scenarios.map((s) => s.scenario);
    assert.deepEqual(scenarios, ['retrieve', 'list', 'listOneConnection', 'update', 'create', 'createAtHalfPeakBurst', 'createAtHalfPeak']);
    for (const s of dataset!.scenarios) {
      assert.ok(s.requests > 0, `${s.scenario}: no request succeeded`);
      assert.equal(s.errors, 0, `${s.scenario}: ${JSON.stringify(s.statusCodes)} ${s.errorSamples.join(' | ')}`);
      assert.equal(s.replayed, 0, `${s.scenario}: idempotent replays are not writes; every write needs a key of its own`);
    }
    assert.equal(run.stdout.split('\n').filter((line) => line.startsWith('| 2k |')).length, scenarios.length, 'a table row per scenario');
    if (process.platform === 'linux') assert.ok((dataset!.serverPeakRssMb ?? 0) > 0, 'server memory was sampled');
    assert.equal(report.targets.length, 5, 'every target of the issue is checked');
    assert.equal(dataset!.reused, false, 'the first run seeds');
  });

  it('reuses the cached dataset on the next run', async () => {
    const run = await runBench(['--quick', '--only', 'retrieve', '--results-dir', resultsDir, '--cache-dir', cacheDir]);
    assert.equal(run.code, 0, `exit code ${run.code}\n${run.stderr}`);
    const report = JSON.parse(fs.readFileSync(path.join(resultsDir, 'quick-latest.json'), 'utf8')) as BenchReport;
    assert.equal(report.datasets[0]!.reused, true);
    assert.deepEqual(report.datasets[0]!.scenarios.map((s) => [s.scenario, s.errors]), [['retrieve', 0]]);
    assert.equal(fs.readdirSync(cacheDir).filter((d) => d.startsWith('opportunities-')).length, 1, 'one cached dataset');
  });
});
