import type { ContactCreateParams, ContactUpdateParams } from '../types.js';
import { MergeableRecordResource } from './mergeable-record-resource.js';

/** `client.contact`: `/v1/contacts`. */
export class Contact extends MergeableRecordResource<ContactCreateParams, ContactUpdateParams> {
  protected readonly plural = 'contacts';
}
