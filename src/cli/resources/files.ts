import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { LightfieldError, type FileCreateParams } from '../../../packages/sdk/src/index.js';
import { action, IDEMPOTENCY_KEY, integer, listCommand, resourceCommand, writeOptions, type KeyFlags, type ListFlags } from './shared.js';

// `fieldhouse file …`: upload sessions (create, PUT the bytes, complete) and download URLs, and
// `file upload PATH`, which does the three steps of a session in one command.

const PURPOSES = ['meeting_transcript', 'knowledge_user', 'knowledge_workspace', 'email_attachment'] as const;

/** The MIME type of a path's extension, for the usual kinds; the SDK's application/octet-stream otherwise. */
const MIME_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.vtt': 'text/vtt',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type SessionFlags = KeyFlags & { filename: string; mimeType: string; sizeBytes: number; purpose?: FileCreateParams['purpose'] };
type UploadFlags = KeyFlags & { filename?: string; mimeType?: string; purpose?: FileCreateParams['purpose'] };

const purposeOption = () => new Option('--purpose <purpose>', "checks the MIME type and size against the purpose's limits").choices(PURPOSES);

async function bytesAt(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new LightfieldError(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

export function registerFileResource(program: Command): void {
  const file = resourceCommand(program, 'file', 'uploaded files: upload sessions and download URLs');
  file
    .command('create')
    .description('open a PENDING upload session; PUT the bytes to its uploadUrl with its uploadHeaders, then `file complete`')
    .requiredOption('--filename <name>', 'the name the file is shown with')
    .requiredOption('--mime-type <type>', 'e.g. text/plain')
    .requiredOption('--size-bytes <n>', 'the exact number of bytes that will be uploaded', integer)
    .addOption(purposeOption())
    .option(...IDEMPOTENCY_KEY)
    .action(
      action((client, flags: SessionFlags) =>
        client.file.create({ filename: flags.filename, mimeType: flags.mimeType, sizeBytes: flags.sizeBytes, ...(flags.purpose && { purpose: flags.purpose }) }, writeOptions(flags)),
      ),
    );
  file
    .command('upload')
    .description('upload a local file in one go (create, PUT, complete with its MD5) and print the COMPLETED file')
    .argument('<path>', 'the file to upload')
    .option('--filename <name>', "the name the file is shown with (default: the path's base name)")
    .option('--mime-type <type>', 'default: from the extension, else application/octet-stream')
    .addOption(purposeOption())
    .option(...IDEMPOTENCY_KEY)
    .action(
      action(async (client, file: string, flags: UploadFlags) => {
        const bytes = await bytesAt(file);
        const mimeType = flags.mimeType ?? MIME_TYPES[path.extname(file).toLowerCase()];
        return client.file.upload(
          bytes,
          { filename: flags.filename ?? path.basename(file), ...(mimeType && { mimeType }), ...(flags.purpose && { purpose: flags.purpose }) },
          writeOptions(flags),
        );
      }),
    );
  listCommand(file, false).action(action((client, flags: ListFlags) => client.file.list({ limit: flags.limit, offset: flags.offset })));
  file
    .command('retrieve')
    .description('one file by id: its name, type, size and status')
    .argument('<id>')
    .action(action((client, id: string) => client.file.retrieve(id)));
  file
    .command('complete')
    .description('check the uploaded size (and --md5) and move the file to COMPLETED')
    .argument('<id>')
    .option('--md5 <hex>', 'the MD5 of the bytes, checked before the file is completed')
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, id: string, flags: KeyFlags & { md5?: string }) => client.file.complete(id, flags.md5 ? { md5: flags.md5 } : {}, writeOptions(flags))));
  file
    .command('url')
    .description('a download URL for a COMPLETED file, valid 15 minutes')
    .argument('<id>')
    .action(action((client, id: string) => client.file.url(id)));
  file
    .command('cancel')
    .description('cancel an upload session while it is PENDING')
    .argument('<id>')
    .option(...IDEMPOTENCY_KEY)
    .action(action((client, id: string, flags: KeyFlags) => client.file.cancel(id, writeOptions(flags))));
}
