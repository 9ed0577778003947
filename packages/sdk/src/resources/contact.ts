import type { ContactCreateParams, ContactUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.contact`: `/v1/contacts`. */
export class Contact extends RecordResource<ContactCreateParams, ContactUpdateParams> {
  protected readonly plural = 'contacts';
}
