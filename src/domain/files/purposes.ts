import { DomainError } from '../errors.js';
import { mimeEssence } from './mime-type.js';

export const FILE_PURPOSES = ['meeting_transcript', 'knowledge_user', 'knowledge_workspace', 'email_attachment'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

const MiB = 1024 * 1024;

/** The largest file of any purpose, and of none: the public API's 512 MB, in binary megabytes as its schema counts them. */
export const MAX_FILE_BYTES = 512 * MiB;

interface PurposeLimits {
  /** Lower-case MIME essences (no parameters) allowed; undefined: any type. */
  mimeTypes?: readonly string[];
  maxBytes: number;
  /** How the limit reads in an error message. */
  maxLabel: string;
}

/** The largest file an email may carry: what an `email_attachment` upload may be. */
export const MAX_ATTACHMENT_BYTES = 20 * MiB;

const LIMITS: Record<FilePurpose, PurposeLimits> = {
  meeting_transcript: { mimeTypes: ['text/plain', 'text/vtt', 'application/x-subrip', 'application/json'], maxBytes: 50 * MiB, maxLabel: '50 MB' },
  email_attachment: { maxBytes: MAX_ATTACHMENT_BYTES, maxLabel: '20 MiB' },
  knowledge_user: { maxBytes: MAX_FILE_BYTES, maxLabel: '512 MB' },
  knowledge_workspace: { maxBytes: MAX_FILE_BYTES, maxLabel: '512 MB' },
};

/** Refuses a session the purpose does not allow, naming the field at fault. */
export function checkPurpose(purpose: FilePurpose | undefined, mimeType: string, sizeBytes: number): void {
  const essence = mimeEssence(mimeType);
  if (essence === undefined) throw new DomainError('invalid_value', `'${mimeType}' is not a valid MIME type (type/subtype with optional parameters, e.g. text/plain; charset=utf-8).`, 'mimeType');
  if (purpose === undefined) return;
  const limits = LIMITS[purpose];
  if (limits.mimeTypes && !limits.mimeTypes.includes(essence)) {
    throw new DomainError('invalid_value', `Files of purpose '${purpose}' must be one of ${limits.mimeTypes.join(', ')}; got '${mimeType}'.`, 'mimeType');
  }
  if (sizeBytes > limits.maxBytes) {
    throw new DomainError('invalid_value', `Files of purpose '${purpose}' may be at most ${limits.maxLabel} (${limits.maxBytes} bytes); got ${sizeBytes}.`, 'sizeBytes');
  }
}
