import type { APIPromise } from '../core/api-promise.js';
import { APIUserAbortError, LightfieldError } from '../core/errors.js';
import { APIResource, path } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { EnrichmentRun, EnrichmentRunEnrichParams, EnrichmentRunEnrichResponse, EnrichmentRunWaitOptions } from '../types.js';

const FINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'timed_out']);

/** The wait of `enrichmentRun.waitFor` ran out before the run reached a final status. */
export class EnrichmentRunWaitTimeoutError extends LightfieldError {
  override name = 'EnrichmentRunWaitTimeoutError';
  constructor(readonly run: EnrichmentRun, timeoutMs: number) {
    super(`Enrichment run ${run.id} is still ${run.status} after ${timeoutMs} ms.`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `client.enrichmentRun`: background runs that fill a contact's or an account's missing fields. */
export class EnrichmentRunResource extends APIResource {
  /**
   * `POST /v1/enrichmentRun/{entitySlug}/{entityId}` (`contacts:update` or `accounts:update`):
   * answers as soon as the run is queued. A record has one run at a time: while one is in flight,
   * this answers it with `already_running`.
   */
  enrich(entityId: string, params: EnrichmentRunEnrichParams, options?: RequestOptions): APIPromise<EnrichmentRunEnrichResponse> {
    const { entitySlug, ...body } = params;
    return this._client.post(path`/v1/enrichmentRun/${entitySlug}/${entityId}`, body, options);
  }

  /** `GET /v1/enrichmentRun/{runId}` (`contacts:read` or `accounts:read` of its record). */
  getEnrichmentRun(runId: string, options?: RequestOptions): APIPromise<EnrichmentRun> {
    return this._client.get(path`/v1/enrichmentRun/${runId}`, options);
  }

  /** The same as `getEnrichmentRun`, under the name the other resources use. */
  retrieve(runId: string, options?: RequestOptions): APIPromise<EnrichmentRun> {
    return this.getEnrichmentRun(runId, options);
  }

  /**
   * Reads the run every `intervalMs` until its status is final (`completed`, `failed` or
   * `timed_out`) and answers it; throws `EnrichmentRunWaitTimeoutError` (with the last run read)
   * once `timeoutMs` has passed first. A final status is an answer, not an error: check `status`.
   */
  async waitFor(runId: string, wait: EnrichmentRunWaitOptions = {}, options?: RequestOptions): Promise<EnrichmentRun> {
    const intervalMs = wait.intervalMs ?? 1_000;
    const timeoutMs = wait.timeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    const signal = wait.signal ?? options?.signal;
    for (;;) {
      if (signal?.aborted) throw new APIUserAbortError();
      const run = await this.getEnrichmentRun(runId, { ...options, ...(signal && { signal }) });
      if (FINAL.has(run.status)) return run;
      const left = deadline - Date.now();
      if (left <= 0) throw new EnrichmentRunWaitTimeoutError(run, timeoutMs);
      await sleep(Math.min(intervalMs, left), signal);
    }
  }
}
