import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './processes.js';

/**
 * Compiles the server as `npm run build` does (tsconfig.build.json), into a directory of this
 * run rather than the shared dist/, and returns its CLI entry. The bench measures compiled
 * JavaScript, as `npm start` runs it: serving through tsx adds its loader thread and esbuild,
 * about 60 MB of RSS on this machine, which is not the server's.
 */
export function buildServer(outDir: string): string {
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the server failed (tsc exit ${result.status}):\n${result.stdout}${result.stderr}`);
  // Outside the repository the compiled files still resolve their packages and load as ESM.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  return path.join(outDir, 'src/cli/main.js');
}
