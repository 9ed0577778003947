import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './helpers/processes.js';
import { API_VERSION } from './helpers/server.js';
import { TEST_ENGINE } from './helpers/test-database.js';

// The nested `npm test` this runs must not run this file again.
const NESTED = process.env.FIELDHOUSE_QUICKSTART_NESTED === '1';
const MINUTE = 60_000;

/** The commands of the README's Quick start block: one starts the server, one runs the tests. */
function quickStartCommands(): { start: string; test: string } {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = /^## Quick start\n+```sh\n([\s\S]*?)```/m.exec(readme);
  assert.ok(section, 'README has a Quick start with a sh block');
  const lines = section[1]!.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 2, 'exactly two commands');
  const start = lines.find((l) => /npm (run )?start|fieldhouse serve/.test(l));
  const test = lines.find((l) => /npm (run )?test\b/.test(l));
  assert.ok(start && test, `one start and one test command: ${lines.join(' | ')}`);
  return { start, test };
}

// The Quick start is the embedded database's; the PostgreSQL leg has nothing to add to it.
const SKIP = NESTED ? 'nested run' : TEST_ENGINE === 'postgres' ? 'the Quick start runs on the embedded database (SQLite leg)' : false;

describe('the README Quick start on a clean clone', { skip: SKIP }, () => {
  const { start, test } = quickStartCommands();
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-clone-'));
  const run = (args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });

  it('clones the committed tree', () => {
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' });
    assert.equal(cloned.status, 0, cloned.stderr);
    assert.equal(run(['rev-parse', 'HEAD']).stdout, spawnSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).stdout);
  });

  it(`\`${start}\` installs, starts, prints a key once, and serves it`, { timeout: 15 * MINUTE }, async () => {
    // Detached: the command is a shell running npm running node; a group signal reaches them all.
    const child = spawn('bash', ['-c', start], {
      cwd: clone,
      detached: true,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no server after 12 minutes:\n${out}`)), 12 * MINUTE);
        child.stdout.on('data', () => {
          const m = /"url":"(http:\/\/[^"]+)","storage"/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
      });
      const key = /^API key: (sk_lf_\w+)$/m.exec(out)?.[1];
      assert.ok(key, out);
      const res = await fetch(`${url}/v1/auth/validate`, { headers: { authorization: `Bearer ${key}`, 'lightfield-version': API_VERSION } });
      assert.equal(res.status, 200);
      assert.ok(fs.existsSync(path.join(clone, 'data', 'fieldhouse.db')), 'the database is in ./data');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it(`\`${test}\` passes`, { timeout: 30 * MINUTE }, async () => {
    const child = spawn('bash', ['-c', test], {
      cwd: clone,
      // Without NODE_TEST_CONTEXT: node's runner would take itself for a child of this one and run nothing.
      // One leg: the PostgreSQL leg of this very run covers the other engine.
      // Not CI: a user's clone, without ../shared, where the conformance checks skip.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, CI: undefined, FIELDHOUSE_QUICKSTART_NESTED: '1', FIELDHOUSE_TEST_ENGINES: 'sqlite' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out.slice(-4000));
    assert.match(out, /^[1-9]\d* passed, 0 failed$/m);
    fs.rmSync(clone, { recursive: true, force: true });
  });
});
