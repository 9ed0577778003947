import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_ARGS, REPO_ROOT, runCli } from '../helpers/processes.js';
import { TEST_ENGINE } from '../helpers/test-database.js';
import { mountTmpfs, tmpfsUnavailable, type Tmpfs } from '../helpers/tmpfs.js';

const DB = 'fieldhouse.db';
const SKIP = TEST_ENGINE === 'postgres' ? 'the data directory of the embedded database (SQLite leg)' : false;
const NO_TMPFS = SKIP || tmpfsUnavailable();

interface Refusal {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `fieldhouse serve` on `dataDir`, expected to refuse to start. A start that wrongly succeeds
 * would serve forever: it is stopped after 20 s and shows as a null status.
 */
function serve(dataDir: string): Refusal {
  const result = spawnSync(process.execPath, [...CLI_ARGS, 'serve'], {
    cwd: REPO_ROOT,
    env: { ...process.env, FIELDHOUSE_DATA_DIR: dataDir, PORT: '0', FIELDHOUSE_WORKER: 'off', FIELDHOUSE_ENRICHMENT_PROVIDER: 'off', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exits non-zero with one line on stderr naming `named` and matching `cause`, and no stack trace. */
function assertOneLineRefusal(result: Refusal, named: string, cause: RegExp): void {
  assert.notEqual(result.status, 0, `exits non-zero (status ${result.status}); stdout: ${result.stdout}`);
  assert.notEqual(result.status, null, 'exits by itself instead of serving');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^fieldhouse: /);
  assert.ok(lines[0]!.includes(named), `names ${named}: ${lines[0]}`);
  assert.match(lines[0]!, cause);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(result.stdout, /API key/, 'no new admin key');
}

interface Snapshot {
  size: number;
  sha256: string;
  files: string[];
}

function snapshot(dir: string): Snapshot {
  const bytes = fs.readFileSync(path.join(dir, DB));
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), files: fs.readdirSync(dir).sort() };
}

/** A real database, as `fieldhouse migrate` leaves it (closed cleanly: no -wal beside it). */
function migratedDatabase(dir: string): string {
  const result = runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dir });
  assert.equal(result.status, 0, result.stderr);
  return path.join(dir, DB);
}

describe('start-up on a database file that must not be written', { skip: SKIP }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-startup-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const dirFor = (name: string) => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir);
    return dir;
  };

  const cases: Array<{ name: string; cause: RegExp; make: (dir: string) => void }> = [
    {
      name: 'garbage bytes',
      cause: /not a SQLite database/,
      make: (dir) => fs.writeFileSync(path.join(dir, DB), Buffer.from(Array.from({ length: 16384 }, (_, i) => (i * 7919) % 251))),
    },
    {
      name: 'a truncated real database',
      cause: /truncated/,
      make: (dir) => {
        const file = migratedDatabase(dir);
        fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      },
    },
    {
      name: 'a real database with pages overwritten',
      cause: /corrupt/,
      make: (dir) => {
        const file = migratedDatabase(dir);
        const fd = fs.openSync(file, 'r+');
        // Pages 6 to 8 of the schema's tables, the header intact: only reading every page finds it.
        fs.writeSync(fd, Buffer.alloc(3 * 4096, 0xff), 0, 3 * 4096, 5 * 4096);
        fs.closeSync(fd);
      },
    },
    {
      name: 'a zero-length file',
      cause: /empty \(0 bytes\).*only a missing file starts a new install/,
      make: (dir) => fs.writeFileSync(path.join(dir, DB), ''),
    },
  ];

  for (const { name, cause, make } of cases) {
    it(`refuses ${name} in one line, and leaves it exactly as it was`, () => {
      const dir = dirFor(name.replace(/\W+/g, '-'));
      make(dir);
      const before = snapshot(dir);
      assertOneLineRefusal(serve(dir), path.join(dir, DB), cause);
      assert.deepEqual(snapshot(dir), before, 'the same bytes, and no -wal or -shm beside them');
      // A second failed start changes nothing either (the WAL once grew on every one).
      serve(dir);
      assert.deepEqual(snapshot(dir), before);
    });
  }
});

describe('start-up on a data directory the disk refuses', { skip: NO_TMPFS }, () => {
  const mounts: Tmpfs[] = [];
  const mount = (size: string, options?: { readOnly?: boolean }) => {
    const disk = mountTmpfs(size, options);
    mounts.push(disk);
    return disk;
  };
  after(() => {
    for (const disk of mounts) disk.unmount();
  });

  it('refuses a read-only data directory in one line', () => {
    const disk = mount('1m', { readOnly: true });
    assertOneLineRefusal(serve(disk.dir), disk.dir, /read-only file system|EROFS/);
    // One that does not exist yet, on a read-only disk, names the read-only disk too.
    assertOneLineRefusal(serve(path.join(disk.dir, 'data')), disk.dir, /read-only file system|EROFS/);
  });

  it('refuses a database on a read-only disk in one line, and leaves it as it was', () => {
    const disk = mount('4m');
    migratedDatabase(disk.dir);
    disk.remount('ro');
    const before = snapshot(disk.dir);
    assertOneLineRefusal(serve(disk.dir), disk.dir, /read-only file system|EROFS/);
    assert.deepEqual(snapshot(disk.dir), before);
  });

  it('refuses a new install on a full disk in one line, leaving no empty file to refuse later', () => {
    const disk = mount('1m');
    const filler = disk.fill();
    const dataDir = path.join(disk.dir, 'data');
    fs.mkdirSync(dataDir);
    assertOneLineRefusal(serve(dataDir), path.join(dataDir, DB), /disk is full|SQLITE_FULL|ENOSPC/);
    assert.deepEqual(fs.readdirSync(dataDir), [], 'no zero-length database left behind');
    fs.rmSync(filler);
    assert.equal(runCli(['migrate'], { FIELDHOUSE_DATA_DIR: dataDir }).status, 0, 'a start with space is a new install');
  });

  it('refuses to start an existing database on a full disk in one line', () => {
    const disk = mount('4m');
    const file = migratedDatabase(disk.dir);
    disk.fill();
    const before = snapshot(disk.dir);
    assertOneLineRefusal(serve(disk.dir), file, /disk is full|SQLITE_FULL|ENOSPC|SQLITE_IOERR/);
    assert.deepEqual(snapshot(disk.dir), before, 'nothing left beside the database');
  });
});
