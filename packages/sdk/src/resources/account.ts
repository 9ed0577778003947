import type { AccountCreateParams, AccountUpdateParams } from '../types.js';
import { MergeableRecordResource } from './mergeable-record-resource.js';

/** `client.account`: `/v1/accounts`. */
export class Account extends MergeableRecordResource<AccountCreateParams, AccountUpdateParams> {
  protected readonly plural = 'accounts';
}
