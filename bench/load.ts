import http from 'node:http';
import autocannon from 'autocannon';

/** One request as a scenario makes it; a new one for every request sent. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What one measured load run gives, whichever generator ran it. */
export interface LoadResult {
  /** Responses with a 2xx status. */
  requests: number;
  /** 2xx responses per second of the run. */
  rps: number;
  /** Latency of 2xx responses, milliseconds; null when none completed. */
  p50: number | null;
  p99: number | null;
  /** Non-2xx responses plus socket errors and timeouts. */
  errors: number;
  /** Requests still unanswered when the run ended (up to one per connection is normal). */
  unanswered: number;
  /** 2xx answers that were idempotent replays (`Idempotent-Replayed`): not writes, so a harness bug. */
  replayed: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
  /** The first few non-2xx bodies, to say why without rerunning. */
  errorSamples: string[];
}

export interface ClosedLoopOptions {
  url: string;
  /** Requests in flight at all times. */
  connections: number;
  durationSeconds: number;
  next: () => RequestSpec;
  /** Requests per second over all connections (autocannon `overallRate`); unlimited when absent. */
  overallRate?: number;
}

const SAMPLES = 3;

function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * `connections` clients each sending its next request as soon as the last is answered
 * (autocannon). With `overallRate`, autocannon lets each connection send its share of a
 * second's requests back to back from the start of every second, then pause: bursts, not an
 * even rate (see pacedLoad).
 */
export function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const errorSamples: string[] = [];
  // autocannon's own percentiles come from a histogram of whole milliseconds; each response's
  // time is kept here instead, so sub-millisecond latencies do not read as 0 or 1.
  const latencies: number[] = [];
  let replayed = 0;
  const first = options.next();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        // Its correction for coordinated omission takes the rate as requests per millisecond
        // (an expected interval of ceil(1/rate) = 1 ms), which fills in fake fast samples: off.
        ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
        timeout: 30,
        method: first.method,
        path: first.path,
        headers: first.headers,
        ...(first.body === undefined ? {} : { body: first.body }),
        requests: [
          {
            setupRequest: () => options.next(),
            onResponse: (status, body, _context, headers) => {
              // Raw header names, as the server cased them.
              if (Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'idempotent-replayed' && String(value) === 'true')) replayed += 1;
              if ((status < 200 || status > 299) && errorSamples.length < SAMPLES) errorSamples.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          requests: result['2xx'],
          rps: result['2xx'] / result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          errors: result.non2xx + result.errors,
          unanswered: Math.max(0, result.requests.sent - result.requests.total - result.errors),
          replayed,
          durationSeconds: result.duration,
          statusCodes,
          errorSamples,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
      if (status >= 200 && status <= 299) latencies.push(milliseconds);
    });
  });
}

export interface PacedOptions {
  url: string;
  /** Requests per second, sent at even intervals whatever the answers. */
  rate: number;
  durationSeconds: number;
  next: () => RequestSpec;
}

/**
 * An open-loop load: request n is due at start + n/rate and is sent then, however many are
 * still unanswered, on a pool of keep-alive connections. Latency counts from when a request
 * was due, not when it went out, so a stalled server cannot hide its backlog (no coordinated
 * omission). This is what "latency at half the peak rate" means; autocannon's overallRate
 * sends each second's requests in a burst at its start.
 */
export async function pacedLoad(options: PacedOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorSamples: string[] = [];
  let socketErrors = 0;
  let replayed = 0;
  const total = Math.round(options.rate * options.durationSeconds);
  const start = performance.now();
  let sent = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (due: number) => {
    const spec = options.next();
    const done = new Promise<void>((resolve) => {
      const request = http.request(
        { agent, host: target.hostname, port: target.port, method: spec.method, path: spec.path, headers: spec.headers, timeout: 30_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (response.headers['idempotent-replayed'] === 'true') replayed += 1;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status <= 299) latencies.push(performance.now() - due);
            else if (errorSamples.length < SAMPLES) errorSamples.push(`${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => {
        socketErrors += 1;
        resolve();
      });
      request.end(spec.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  // Sleeps until the next request is due instead of spinning: the server needs the other core.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / options.rate <= now) {
        send(start + (sent * 1000) / options.rate);
        sent += 1;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (sent * 1000) / options.rate - performance.now()));
    };
    tick();
  });
  // Answers still due count, up to the request timeout: an open-loop run waits for its stragglers.
  await Promise.all(inFlight);
  const durationSeconds = (performance.now() - start) / 1000;
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const non2xx = Object.entries(statusCodes).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0);
  return {
    requests: latencies.length,
    rps: latencies.length / durationSeconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: non2xx + socketErrors,
    unanswered: 0,
    replayed,
    durationSeconds,
    statusCodes,
    errorSamples,
  };
}

/**
 * Waits until the server has worked off what a finished run left queued: a client that stops
 * does not stop the requests it sent, and on one thread they would slow the next run. /readyz
 * queries the database, so it is answered only after the queries queued before it; the server
 * is idle when it answers quickly. Returns the seconds waited (capped at `maxSeconds`).
 */
export async function waitUntilIdle(url: string, maxSeconds = 120): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < maxSeconds * 1000) {
    const sent = performance.now();
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(maxSeconds * 1000) });
      await response.arrayBuffer();
      if (performance.now() - sent < 20) break;
    } catch {
      // timed out or refused: the cap below decides
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (performance.now() - start) / 1000;
}
