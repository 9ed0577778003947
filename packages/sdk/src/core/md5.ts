/**
 * The hex MD5 a file's `complete` checks the stored bytes against, where the platform has
 * `node:crypto` (Node, Deno, Bun); undefined elsewhere (Web Crypto has no MD5, and a bundler may
 * stub the module out), and the upload is then checked by its size alone.
 */
export async function md5Hex(bytes: Uint8Array): Promise<string | undefined> {
  const crypto = await import('node:crypto').catch(() => undefined);
  if (typeof crypto?.createHash !== 'function') return undefined;
  return crypto.createHash('md5').update(bytes).digest('hex');
}
