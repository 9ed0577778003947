import type { AccountCreateParams, AccountUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.account`: `/v1/accounts`. */
export class Account extends RecordResource<AccountCreateParams, AccountUpdateParams> {
  protected readonly plural = 'accounts';
}
