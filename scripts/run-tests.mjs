// Builds the CLI (process tests spawn the compiled one), then runs every test file under test/ with
// node's built-in runner (TypeScript through tsx), once per storage engine: SQLite, then
// PostgreSQL. The PostgreSQL leg uses FIELDHOUSE_TEST_DATABASE_URL (a server where the tests may
// create databases) or else starts a throwaway server of its own from the installed PostgreSQL
// binaries. FIELDHOUSE_TEST_ENGINES=sqlite (or postgres) runs one leg only.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { findPostgresBin, startCluster } from './postgres-cluster.mjs';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// Process tests spawn the compiled CLI, as users run it: build it once for the whole run.
function buildCli() {
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed: process tests need dist/ (npm run build)');
  return resolvePath('dist', 'src', 'cli', 'main.js');
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const ci = Boolean(process.env.CI);

function wantedEngines() {
  const named = process.env.FIELDHOUSE_TEST_ENGINES;
  if (named) return named.split(',').map((e) => e.trim());
  if (process.env.FIELDHOUSE_TEST_DATABASE_URL || findPostgresBin()) return ['sqlite', 'postgres'];
  // CI installs PostgreSQL (.ci/run): its absence there is a broken machine, not a choice.
  if (ci) throw new Error('CI must run the PostgreSQL leg, but PostgreSQL is not installed (see .ci/run).');
  process.stdout.write('PostgreSQL is not installed: running the SQLite leg only (see README, "Testing on PostgreSQL").\n');
  return ['sqlite'];
}

/** Runs the files once; streams the output and returns the runner's own pass/fail counts. */
function runLeg(engine, env) {
  process.stdout.write(`\n=== ${engine} leg: ${files.length} files ===\n`);
  // A file that hangs (a server left open) fails after 25 minutes instead of stalling CI; in Node 20
  // this limit also bounds each whole file, and the Quick start test installs from scratch and runs
  // the whole SQLite leg again inside (15 minutes no longer held it on 2 busy cores).
  const args = ['--import', 'tsx', '--conditions=fieldhouse-source', '--test', '--test-reporter=spec', '--test-timeout=1500000', ...files];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => {
      // The runner's own summary lines start at column 0 (a nested run's are indented); failure
      // details may follow them, so the last match wins, not the tail.
      const count = (name) => Number([...output.matchAll(new RegExp(`^\\S+ ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? NaN);
      resolve({ engine, code, passed: count('pass'), failed: count('fail') });
    });
  });
}

const results = [];
let exitCode = 0;
try {
  const cli = buildCli();
  for (const engine of wantedEngines()) {
    // A DATABASE_URL in the caller's shell must not redirect the SQLite leg's processes.
    const env = { ...process.env, DATABASE_URL: undefined, FIELDHOUSE_TEST_CLI: cli };
    let cluster;
    if (engine === 'postgres') {
      if (!process.env.FIELDHOUSE_TEST_DATABASE_URL) {
        cluster = await startCluster();
        env.FIELDHOUSE_TEST_DATABASE_URL = cluster.url;
      }
    } else {
      delete env.FIELDHOUSE_TEST_DATABASE_URL;
    }
    try {
      results.push(await runLeg(engine, env));
    } finally {
      cluster?.stop();
    }
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  exitCode = 1;
}

const passed = results.reduce((n, r) => n + (Number.isNaN(r.passed) ? 0 : r.passed), 0);
let failed = results.reduce((n, r) => n + (Number.isNaN(r.failed) ? 0 : r.failed), 0);
process.stdout.write('\n');
for (const r of results) {
  process.stdout.write(`${r.engine}: ${r.passed} passed, ${r.failed} failed (exit code ${r.code})\n`);
  // A leg that crashed before its summary counts as a failure, whatever it printed.
  if (r.code !== 0) exitCode = 1;
  if (r.code !== 0 && !(r.failed > 0)) failed += 1;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(exitCode);
