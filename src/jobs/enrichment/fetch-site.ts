import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import contentType from 'content-type';
import ipaddr from 'ipaddr.js';

/**
 * Fetches one company web page for the `web` enrichment provider (spec/newer-api.md, "Enrichment
 * runs"): a GET over http or https, redirects followed up to a limit, one deadline for the whole
 * fetch, and HTML only. Bodies past `maxBytes` (counted after decompression) are truncated, not
 * refused: the head of a page, where its title and meta tags live, is what enrichment reads.
 *
 * Private, loopback, link-local, unique-local, CGNAT, unspecified, multicast and other reserved
 * addresses are refused unless `allowPrivate`. The check is made on the address each connection
 * actually uses: the agent's `lookup` judges every address DNS answers (so a name that resolves to
 * a public address once and a private one later cannot slip through), and a host written as an IP
 * literal, which node connects to without a lookup, is judged before the request.
 */

export interface FetchSiteOptions {
  /** The whole fetch, redirects included, is given up after this long (SiteTimeoutError). */
  timeoutMs: number;
  /** The body is cut after this many (decoded) bytes. */
  maxBytes: number;
  /** Redirects followed at most; one more is a SiteFetchError. */
  maxRedirects: number;
  /** Lets private and loopback addresses through (tests, intranet deployments). */
  allowPrivate: boolean;
  /** Aborts the fetch from outside; an abort whose reason is a timeout throws SiteTimeoutError. */
  signal?: AbortSignal;
}

export interface FetchedSite {
  /** Where the page was finally read from, after redirects. */
  url: string;
  html: string;
  /** True when the body was longer than `maxBytes` and was cut there. */
  truncated: boolean;
}

export const USER_AGENT = 'Mozilla/5.0 (compatible; fieldhouse-enrichment/1.0; fieldhouse CRM reading a company website)';

/** Any failure to read the page; the message says what happened (it ends up on the run). */
export class SiteFetchError extends Error {
  override name = 'SiteFetchError';
}

export class SiteTimeoutError extends SiteFetchError {
  override name = 'SiteTimeoutError';
}

export class PrivateAddressError extends SiteFetchError {
  override name = 'PrivateAddressError';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(host === address ? `${address} is a private or reserved address, which enrichment does not fetch` : `${host} resolves to ${address}, a private or reserved address, which enrichment does not fetch`);
  }
}

/** Only for a body cut short on purpose; never leaves this module. */
class BodyCapReached extends Error {}

const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Whether an address is an ordinary public unicast one. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is
 * judged as the IPv4 address it carries. IPv6 must also be in 2000::/3 (global unicast) and in none
 * of ipaddr.js's special ranges, which refuses 6to4, Teredo, NAT64 and documentation prefixes that
 * embed or stand for other addresses. Anything that does not parse is not public.
 */
export function isPublicAddress(ip: string): boolean {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // A zone index (`fe80::1%eth0`) is only ever on link-local addresses.
  if (text.includes('%')) return false;
  if (!ipaddr.isValid(text)) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(text);
  } catch {
    return false;
  }
  if (address.range() !== 'unicast') return false;
  return address.kind() === 'ipv4' || (address as ipaddr.IPv6).match(IPV6_GLOBAL_UNICAST);
}

/** node's `lookup`, answering only when every address the name has is allowed. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      // Any private answer refuses the name: with a mix, which one is dialled is not ours to pick.
      const refused = allowPrivate ? undefined : list.find((entry) => !isPublicAddress(entry.address));
      if (refused) return callback(new PrivateAddressError(hostname, refused.address), '', 0);
      if (list.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const [first] = list as [dns.LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}

function parseSiteUrl(text: string): URL {
  const trimmed = text.trim();
  // A website field may hold a bare domain (`acme.com`); it is read over https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SiteFetchError(`${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SiteFetchError(`${url.protocol.slice(0, -1)} URLs are not fetched, only http and https`);
  return url;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

interface Hop {
  kind: 'redirect' | 'page';
  location?: string;
  page?: FetchedSite;
}

export async function fetchSite(url: string, options: FetchSiteOptions): Promise<FetchedSite> {
  let current = parseSiteUrl(url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const lookup = guardedLookup(options.allowPrivate);
  try {
    for (let redirects = 0; ; redirects++) {
      const hop = await requestOnce(current, options, lookup, controller.signal);
      if (hop.kind === 'page') return hop.page!;
      if (redirects >= options.maxRedirects) throw new SiteFetchError(`${url} redirected more than ${options.maxRedirects} times`);
      let next: URL;
      try {
        next = new URL(hop.location!, current);
      } catch {
        throw new SiteFetchError(`${current.href} redirected to ${JSON.stringify(hop.location)}, which is not a URL`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SiteFetchError(`${current.href} redirected to a ${next.protocol.slice(0, -1)} URL, which is not fetched`);
      current = next;
    }
  } catch (err) {
    if (timedOut) throw new SiteTimeoutError(`${url} did not answer within ${options.timeoutMs} ms`);
    if (controller.signal.aborted && outer?.aborted) {
      const reason: unknown = outer.reason;
      if (reason instanceof Error && reason.name === 'TimeoutError') throw new SiteTimeoutError(`reading ${url} timed out`);
      throw new SiteFetchError(`reading ${url} was aborted`);
    }
    if (err instanceof SiteFetchError) throw err;
    throw new SiteFetchError(`${current.href} could not be read: ${describe(err)}`);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name does not resolve';
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ECONNRESET') return 'the connection was reset';
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

function requestOnce(url: URL, options: FetchSiteOptions, lookup: LookupFunction, signal: AbortSignal): Promise<Hop> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  // node dials an IP literal without calling `lookup`: judge it here.
  if (!options.allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) return Promise.reject(new PrivateAddressError(host, host));
  const secure = url.protocol === 'https:';
  // An agent per hop, without keep-alive: a pooled socket would skip the lookup its reuse needs.
  const agent = secure ? new https.Agent({ keepAlive: false, lookup }) : new http.Agent({ keepAlive: false, lookup });
  return new Promise<Hop>((resolve, reject) => {
    const request = (secure ? https : http).request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent,
        signal,
        // Credentials written into a website URL are not sent anywhere.
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=1.0, *;q=0.5',
        },
      },
      (response) => {
        readResponse(url, response, options.maxBytes).then(resolve, reject);
      },
    );
    request.on('error', reject);
    request.end();
  }).finally(() => agent.destroy());
}

async function readResponse(url: URL, response: http.IncomingMessage, maxBytes: number): Promise<Hop> {
  const status = response.statusCode ?? 0;
  if (REDIRECTS.has(status)) {
    response.destroy();
    const location = response.headers.location;
    if (!location) throw new SiteFetchError(`${url.href} answered HTTP ${status} without a Location`);
    return { kind: 'redirect', location };
  }
  if (status < 200 || status > 299) {
    response.destroy();
    throw new SiteFetchError(`${url.href} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
  }
  const header = response.headers['content-type'];
  let mediaType: contentType.ParsedMediaType | undefined;
  try {
    mediaType = header ? contentType.parse(header) : undefined;
  } catch {
    mediaType = undefined;
  }
  if (!mediaType || !HTML_TYPES.has(mediaType.type)) {
    response.destroy();
    throw new SiteFetchError(`${url.href} is ${header ? `${header.split(';')[0]!.trim()}` : 'of no stated type'}, not an HTML page`);
  }
  const { body, truncated } = await readCapped(response, maxBytes);
  return { kind: 'page', page: { url: url.href, html: decode(body, mediaType.parameters.charset), truncated } };
}

type Decompressor = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

function decompressor(encoding: string | undefined): Decompressor | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new SiteFetchError(`the page came in an encoding that is not read (${encoding})`);
  }
}

/** The body's first `maxBytes` bytes after decompression (a small gzip cannot grow past the cap). */
async function readCapped(response: http.IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  let unzip: Decompressor | undefined;
  try {
    unzip = decompressor(response.headers['content-encoding']);
  } catch (err) {
    response.destroy();
    throw err;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        // The cap is reached: stop reading; the rest is dropped with the connection.
        return done(new BodyCapReached());
      }
      chunks.push(chunk);
      size += chunk.length;
      done();
    },
  });
  try {
    await (unzip ? pipeline(response, unzip, sink) : pipeline(response, sink));
  } catch (err) {
    if (!(err instanceof BodyCapReached)) {
      if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new SiteFetchError(`the page's ${response.headers['content-encoding']} body is corrupt`);
      throw err;
    }
  } finally {
    response.destroy();
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

/** The body as text: the header's charset, else a `<meta charset>` near the top, else UTF-8. */
function decode(body: Buffer, headerCharset: string | undefined): string {
  const sniffed = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(body.subarray(0, 1024).toString('latin1'))?.[1];
  for (const label of [headerCharset, sniffed, 'utf-8']) {
    if (!label) continue;
    try {
      // A body cut mid-character ends in one replacement character; drop it.
      return new TextDecoder(label).decode(body).replace(/\uFFFD$/, '');
    } catch {
      // An unknown label: try the next.
    }
  }
  return body.toString('utf8');
}
