import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { OBJECT_TYPE_NAMES } from '../../src/domain/object-types/object-type.js';
import { REPO_ROOT } from '../helpers/processes.js';

const SRC = path.join(REPO_ROOT, 'src');

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, ext) : entry.name.endsWith(ext) ? [full] : [];
  });
}

/** The lines of src/ (outside `except`) that match `pattern`, as `file:line: text`. */
function matches(pattern: RegExp, except: (relative: string) => boolean): string[] {
  return files(SRC, '.ts').flatMap((file) => {
    const relative = path.relative(REPO_ROOT, file);
    if (except(relative)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative}:${i + 1}: ${line.trim()}`] : []));
  });
}

describe('the layers hold', () => {
  it('has SQL and Kysely only under src/storage/', () => {
    const sqlOutside = matches(/\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(|\bsql`|from 'kysely'/, (f) => f.startsWith('src/storage/'));
    assert.deepEqual(sqlOutside, []);
  });

  it('lets the MCP tools reach records through the API only, so a key\'s scopes bound them', () => {
    const reachingIn = matches(/from '\.\.\/(storage|domain\/(?!values\/))/, (f) => !f.startsWith('src/mcp/'));
    assert.deepEqual(reachingIn, []);
  });

  it('asks engine differences of the capability object only', () => {
    assert.deepEqual(matches(/engineOf\(|PostgresAdapter|=== 'postgres'|=== 'sqlite'/, (f) => f === 'src/storage/engine.ts'), []);
  });

  it('switches on no object type, and compares none with a built-in name, outside the registry', () => {
    const names = OBJECT_TYPE_NAMES.join('|');
    const registry = (f: string) => f.startsWith('src/domain/object-types/');
    assert.deepEqual(matches(/switch \([\w.]*(objectType|targetType|type)\)/i, registry), []);
    const compared = new RegExp(`(objectType|targetType)\\s*[!=]==?\\s*'(${names})'|'(${names})'\\s*[!=]==?\\s*[\\w.]*(objectType|targetType)`);
    // LinkedIn profiles of accounts are company pages: a value type's rendering rule, left where it is.
    const known = ['src/domain/values/social-handle.ts'];
    assert.deepEqual(matches(compared, (f) => registry(f) || known.includes(f)), []);
  });
});

const run = promisify(execFile);
const built = process.env.FIELDHOUSE_TEST_CLI ? path.resolve(path.dirname(process.env.FIELDHOUSE_TEST_CLI), '..') : undefined;

// The registry reads its effects while it loads, and the effects reach the write path: a module of
// that chain importing the registry back would fail only when imported first. Each is, here.
describe('every module loads when it is the first one imported', { skip: built ? false : 'needs the build npm test makes (FIELDHOUSE_TEST_CLI)' }, () => {
  it('imports each compiled module of src/ (but the CLI, which runs on import) in a fresh process', async () => {
    const modules = files(built!, '.js').filter((f) => !f.includes(`${path.sep}cli${path.sep}`));
    assert.ok(modules.length > 50, `found ${modules.length} compiled modules under ${built}`);
    const failures: string[] = [];
    const queue = [...modules];
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`]).catch((err: { stderr?: string }) =>
          failures.push(`${path.relative(built!, file)}: ${err.stderr?.split('\n').find((l) => /Error/.test(l)) ?? String(err)}`),
        );
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    assert.deepEqual(failures, []);
  });
});
