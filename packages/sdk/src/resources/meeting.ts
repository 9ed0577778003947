import type { MeetingCreateParams, MeetingUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.meeting`: `/v1/meetings`; reads carry `objectType: "meeting"` and the caller's `accessLevel`. */
export class Meeting extends RecordResource<MeetingCreateParams, MeetingUpdateParams> {
  protected readonly plural = 'meetings';
}
