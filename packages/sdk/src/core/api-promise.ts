import type { APIResponse } from './transport.js';

/**
 * What every method returns: awaited, the parsed body; `.withResponse()` also gives the raw
 * `Response` (headers such as `Idempotent-Replayed` or `Fieldhouse-Workflow-Run`) and the request id.
 */
export class APIPromise<T> implements PromiseLike<T> {
  private readonly parsed: Promise<T>;

  constructor(private readonly responsePromise: Promise<APIResponse<T>>) {
    this.parsed = responsePromise.then((r) => r.data);
    // Whoever awaits sees the rejection; an unused promise must not crash the process.
    this.parsed.catch(() => {});
  }

  withResponse(): Promise<APIResponse<T>> {
    return this.responsePromise;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.parsed.then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.parsed.catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.parsed.finally(onfinally);
  }
}
