import type { APIPromise } from '../core/api-promise.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { WorkflowRunStatusResponse } from '../types.js';

/** `client.workflowRun`: background runs (summaries, meeting sync), named by the `Fieldhouse-Workflow-Run` header of the write that caused them. */
export class WorkflowRun extends APIResource {
  /** `GET /v1/workflowRun/{runId}/status`: `queued`, `running`, `completed` or `failed`. */
  status(runId: string, options?: RequestOptions): APIPromise<WorkflowRunStatusResponse> {
    return this._client.get(path`/v1/workflowRun/${runId}/status`, options);
  }
}
