import type { FilesConfig } from '../../config.js';
import type { BlobStore } from './blob-store.js';
import { localDiskBlobStore } from './local-disk.js';

/** The configured store. The AWS SDK loads only when S3 is configured: most servers never need it. */
export async function openBlobStore(config: FilesConfig): Promise<BlobStore> {
  if (config.backend === 'disk') return localDiskBlobStore(config.directory);
  const { s3BlobStore } = await import('./s3.js');
  return s3BlobStore(config.s3);
}
