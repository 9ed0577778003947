import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileUrlSecret, signFileToken, type FileAction } from '../../src/domain/files/file-tokens.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.js';

export const md5 = (bytes: Buffer | string): string => createHash('md5').update(bytes).digest('hex');

/** A storage backend under test: how to point a server at it, and what it holds. */
export interface Backend {
  name: 'local disk' | 's3';
  start(options?: TestServerOptions): Promise<TestServer>;
  /** Every blob the backend holds for the server last started. */
  blobKeys(): string[];
  stop(): Promise<void>;
}

function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((name) => fs.statSync(path.join(root, name)).isFile());
}

export function localDiskBackend(): Backend {
  let server: TestServer | undefined;
  return {
    name: 'local disk',
    async start(options = {}) {
      server = await startTestServer(options);
      return server;
    },
    blobKeys: () => (server ? filesUnder(path.join(server.database.dataDir, 'files')) : []),
    async stop() {},
  };
}

export function s3Backend(): Backend {
  let s3: S3Server | undefined;
  return {
    name: 's3',
    async start(options = {}) {
      s3 ??= await startS3Server();
      return startTestServer({ ...options, env: { ...s3.env, ...options.env } });
    },
    blobKeys: () => s3?.objectKeys() ?? [],
    async stop() {
      await s3?.stop();
    },
  };
}

export interface Session {
  id: string;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  body: any;
}

export async function createSession(t: TestServer, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Session> {
  const res = await t.request({ path: '/v1/files', json: body, headers });
  assert.equal(res.status, 200, res.text);
  return { id: res.body.id, uploadUrl: res.body.uploadUrl, uploadHeaders: res.body.uploadHeaders, body: res.body };
}

/** PUTs bytes to an upload URL as a client would: the given headers, no API key. */
export async function upload(url: string, bytes: Buffer | string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }> {
  // Bytes, never a string: fetch would add a Content-Type of its own to a string body.
  const res = await fetch(url, { method: 'PUT', headers, body: new Uint8Array(Buffer.from(bytes)) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** A URL signed with the server's own secret, as file.create or file.url would make it for `expiresAt`. */
export async function signedUrl(t: TestServer, action: FileAction, fileId: string, expiresAt: number): Promise<string> {
  const secret = await fileUrlSecret(t.server.storage.db, new Date());
  return `${t.url}/${action}s/${fileId}?token=${signFileToken(secret, action, fileId, new Date(expiresAt))}`;
}

/** The text's bytes one at a time, `ms` apart: an upload still arriving while a test does something else. */
export function slowBody(text: string, ms: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (i >= bytes.length) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, ms / bytes.length));
      controller.enqueue(bytes.subarray(i, ++i));
    },
  });
}

export async function fileStatus(t: TestServer, id: string): Promise<string> {
  const res = await t.request({ path: `/v1/files/${id}` });
  assert.equal(res.status, 200, res.text);
  return res.body.status;
}
