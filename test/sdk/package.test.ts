import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const SDK_DIR = path.join(REPO_ROOT, 'packages/sdk');
const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

// The SDK as a user gets it: `npm pack`, installed into a project of its own with no tsx and no
// TypeScript source, used from plain node and type-checked from a strict TypeScript file.
describe('@fieldhouse/sdk as a package', () => {
  let t: TestServer;
  let project: string;
  before(async () => {
    t = await startTestServer();
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-sdk-user-'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: SDK_DIR, maxBuffer: 16 * 1024 * 1024 });
    const [tarball] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
    assert.ok(tarball, `npm pack made no tarball: ${packed.stdout}`);
    const filename = tarball.filename;
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'sdk-user', private: true, type: 'module' }));
    // The SDK has no dependencies, so the tarball installs without the registry.
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(project, filename)], { cwd: project });
  });
  after(async () => {
    await t.stop();
    fs.rmSync(project, { recursive: true, force: true });
  });

  it('ships JavaScript and declarations, not only TypeScript source', () => {
    const installed = path.join(project, 'node_modules/@fieldhouse/sdk');
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'README.md', 'package.json']) assert.ok(fs.existsSync(path.join(installed, file)), file);
  });

  it("runs the seed's example, creating an opportunity, from plain node", async () => {
    fs.writeFileSync(
      path.join(project, 'example.mjs'),
      `import Lightfield from '@fieldhouse/sdk';
const client = new Lightfield({ apiKey: process.env.LIGHTFIELD_API_KEY, baseURL: process.env.LIGHTFIELD_BASE_URL });
const account = await client.account.create({ fields: { $name: 'Packed Corp' } });
const opportunity = await client.opportunity.create({ fields: { $name: 'Packed deal', $stage: 'Qualification' }, relationships: { $account: account.id } });
console.log(opportunity.id);
`,
    );
    const { stdout } = await run(process.execPath, ['example.mjs'], { cwd: project, env: { PATH: process.env.PATH, LIGHTFIELD_API_KEY: t.key, LIGHTFIELD_BASE_URL: t.url } });
    const id = stdout.trim();
    assert.match(id, /^opp_/);
    const res = await t.request({ path: `/v1/opportunities/${id}` });
    assert.equal(res.body.fields.$name.value, 'Packed deal');
  });

  it('type-checks a strict TypeScript file against its declarations, and refuses a wrong call', async () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false }, include: ['*.ts'] }),
    );
    fs.writeFileSync(
      path.join(project, 'good.ts'),
      `import Lightfield, { NotFoundError, type Entity } from '@fieldhouse/sdk';
const client = new Lightfield({ apiKey: 'sk_lf_x', baseURL: 'http://127.0.0.1:1' });
export async function main(): Promise<string> {
  const created: Entity = await client.opportunity.create({ fields: { $name: 'A', $stage: 'Demo' }, relationships: { $account: 'acc_1' } });
  try {
    await client.account.retrieve(created.id);
  } catch (err) {
    if (err instanceof NotFoundError) return err.message;
  }
  return created.id;
}
`,
    );
    await run(process.execPath, [TSC, '-p', '.'], { cwd: project });
    fs.writeFileSync(path.join(project, 'bad.ts'), `import Lightfield from '@fieldhouse/sdk';\nnew Lightfield().opportunity.create({ fields: { $stage: 'Demo' } });\n`);
    await assert.rejects(run(process.execPath, [TSC, '-p', '.'], { cwd: project }), (err: { stdout?: string }) => /bad\.ts/.test(err.stdout ?? ''));
  });
});
