/** An absolute http(s) URL taken apart just enough to normalize it without re-encoding it. */
export interface HttpUrl {
  scheme: 'http' | 'https';
  /** Kept only when a scheme was written: `ada@acme.com` with none is an email, not a URL. */
  userinfo: string;
  /** Lower-cased. */
  host: string;
  /** Empty when absent or the scheme's default. */
  port: string;
  /** Path, query and fragment exactly as written; empty for a bare root. */
  rest: string;
}

const WITH_AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;
// `mailto:`, `tel:`, `javascript:`… but not `acme.com:8080`, which is a host and port.
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[^:[\]]*)(?::(\d*))?$/i;
const HOST_CHARACTERS = /^(?:\[[0-9a-f:.]+\]|[\p{L}\p{N}\p{M}_~-]+(?:\.[\p{L}\p{N}\p{M}_~-]+)*\.?)$/iu;
const DEFAULT_PORTS = { http: '80', https: '443' } as const;

/** The URL, or the reason it is not one (completing "…, which …"). */
export function parseHttpUrl(text: string): HttpUrl | string {
  // Spaces are refused, not percent-encoded: they are almost always a paste gone wrong.
  if (/\s/u.test(text)) return 'contains white space';
  const explicit = WITH_AUTHORITY.exec(text);
  if (!explicit && OTHER_SCHEME.test(text)) return 'is not an http or https URL';
  const [, schemeText = 'https', authority = '', rest = ''] = explicit ?? WITH_AUTHORITY.exec(`https://${text}`) ?? [];
  const scheme = schemeText.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return 'is not an http or https URL';
  const at = authority.lastIndexOf('@');
  if (at !== -1 && !explicit) return 'is not a URL';
  const userinfo = authority.slice(0, at + 1);
  const [, hostText = '', portText = ''] = HOST_PORT.exec(authority.slice(at + 1)) ?? [];
  const host = hostText.toLowerCase();
  if (host === '' || !HOST_CHARACTERS.test(host)) return 'has no valid host';
  // Without a scheme only something shaped like a domain is taken as a URL, not any lone word.
  if (!explicit && !host.includes('.')) return 'is not a URL';
  if (!isParsableHost(host)) return 'has no valid host';
  const portNumber = portText === '' ? undefined : Number(portText);
  if (portNumber !== undefined && portNumber > 65535) return 'has a port past 65535';
  const port = portNumber === undefined || String(portNumber) === DEFAULT_PORTS[scheme] ? '' : String(portNumber);
  return { scheme, userinfo, host, port, rest: rest === '/' ? '' : rest };
}

/** The WHATWG parser is the judge of hosts browsers will open (IPv6 forms, IDN rules). */
function isParsableHost(host: string): boolean {
  try {
    return new URL(`http://${host}`).hostname !== '';
  } catch {
    return false;
  }
}

export function formatHttpUrl(url: HttpUrl): string {
  return `${url.scheme}://${url.userinfo}${url.host}${url.port === '' ? '' : `:${url.port}`}${url.rest}`;
}
