import type { OpportunityCreateParams, OpportunityUpdateParams } from '../types.js';
import { MergeableRecordResource } from './mergeable-record-resource.js';

/** `client.opportunity`: `/v1/opportunities`. */
export class Opportunity extends MergeableRecordResource<OpportunityCreateParams, OpportunityUpdateParams> {
  protected readonly plural = 'opportunities';
}
