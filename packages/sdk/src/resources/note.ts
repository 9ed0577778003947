import type { NoteCreateParams, NoteUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.note`: `/v1/notes`. */
export class Note extends RecordResource<NoteCreateParams, NoteUpdateParams> {
  protected readonly plural = 'notes';
}
