// Runs every test file under test/ with node's built-in runner (TypeScript through tsx).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
// A file that hangs (a server left open) fails after 15 minutes instead of stalling CI; in Node 20
// this limit also bounds each whole file, and the Quick start test installs from scratch twice.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=900000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
