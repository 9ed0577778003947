import type { OpportunityCreateParams, OpportunityUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.opportunity`: `/v1/opportunities`. */
export class Opportunity extends RecordResource<OpportunityCreateParams, OpportunityUpdateParams> {
  protected readonly plural = 'opportunities';
}
