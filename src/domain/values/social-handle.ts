import type { DomainError } from '../errors.js';
import { badValue, quote, wrongKind } from './faults.js';
import { formatHttpUrl, parseHttpUrl, type HttpUrl } from './http-url.js';
import { lowerCasedTerms, trimmedTextFilterTerm } from './index-terms.js';
import { checkEntryLength } from './value-limits.js';
import type { FieldContext, HandleService, ValueType } from './value-type.js';
import { capabilities } from './capabilities.js';

interface Service {
  label: string;
  /** A URL's host must be one of these or end in `.` plus one (`www.`, `m.`, `uk.`…). */
  domains: readonly string[];
  /** The canonical profile URL is this plus the profile path. */
  base: string;
  handle: RegExp;
  /** The profile path of a bare handle, when it is not the handle itself. */
  handlePath?(handle: string, field: FieldContext): string;
  /** The profile path a URL names, when it is not its one path segment; undefined if none. */
  urlPath?(segments: string[], query: URLSearchParams): string | undefined;
}

const LINKEDIN_KINDS = new Set(['in', 'company', 'school', 'showcase']);
const LINKEDIN_HANDLE = /^[\p{L}\p{N}\p{M}%_-]+$/u;

const SERVICES: Record<HandleService, Service> = {
  LINKEDIN: {
    label: 'LinkedIn',
    domains: ['linkedin.com'],
    base: 'https://www.linkedin.com/',
    handle: LINKEDIN_HANDLE,
    // Accounts are companies; every other record with a LinkedIn field is a person.
    handlePath: (handle, field) => `${field.objectType === 'account' ? 'company' : 'in'}/${handle}`,
    urlPath(segments) {
      const [kind = '', handle = ''] = segments;
      const ok = segments.length === 2 && LINKEDIN_KINDS.has(kind.toLowerCase()) && LINKEDIN_HANDLE.test(handle);
      return ok ? `${kind.toLowerCase()}/${handle}` : undefined;
    },
  },
  TWITTER: { label: 'X', domains: ['x.com', 'twitter.com'], base: 'https://x.com/', handle: /^\w+$/ },
  FACEBOOK: {
    label: 'Facebook',
    domains: ['facebook.com'],
    base: 'https://www.facebook.com/',
    handle: /^[\p{L}\p{N}\p{M}._-]+$/u,
    urlPath(segments, query) {
      // Profiles without a username exist only as this id; dropping the query would lose them.
      const id = query.get('id') ?? '';
      if (segments.length === 1 && segments[0] === 'profile.php' && /^\d+$/.test(id)) return `profile.php?id=${id}`;
      return onlySegment(segments, SERVICES.FACEBOOK);
    },
  },
  INSTAGRAM: { label: 'Instagram', domains: ['instagram.com'], base: 'https://www.instagram.com/', handle: /^[\w.]+$/ },
};

/** Most services put a profile at `/{handle}`; anything deeper is a post or a page, not a profile. */
function onlySegment(segments: string[], service: Service): string | undefined {
  const [handle = ''] = segments;
  return segments.length === 1 && service.handle.test(handle) ? handle : undefined;
}

const onDomain = (host: string, domains: readonly string[]): boolean =>
  domains.some((domain) => host === domain || host.endsWith(`.${domain}`));

/**
 * A bare handle has no scheme and no slash, and is not the service's own host name. Other
 * sites' names are left to the handle check: `acme.com` is a valid Facebook username.
 */
function looksLikeUrl(text: string, service: Service): boolean {
  const lower = text.toLowerCase().replace(/\.$/, '');
  return /^[a-z][a-z0-9+.-]*:/.test(lower) || text.includes('/') || onDomain(lower, service.domains);
}

function profileOfUrl(url: HttpUrl, service: Service): string | undefined {
  const withoutFragment = url.rest.split('#')[0] ?? '';
  const queryAt = withoutFragment.includes('?') ? withoutFragment.indexOf('?') : withoutFragment.length;
  const pathText = withoutFragment.slice(0, queryAt);
  const query = withoutFragment.slice(queryAt + 1);
  const segments = pathText.split('/').filter((segment) => segment !== '');
  const path = service.urlPath ? service.urlPath(segments, new URLSearchParams(query)) : onlySegment(segments, service);
  return path === undefined ? undefined : service.base + path;
}

function normalizeHandle(text: string, field: FieldContext): string | DomainError {
  const service = field.config.handleService ? SERVICES[field.config.handleService] : undefined;
  const refuse = (why: string): DomainError => badValue(field, `got ${quote(text)}, which ${why}`);
  if (!service || looksLikeUrl(text, service)) {
    const url = parseHttpUrl(text);
    if (typeof url === 'string') return refuse(url);
    // A field that names no service cannot judge profiles or expand handles; it keeps web addresses.
    if (!service) return formatHttpUrl(url);
    const host = url.host.replace(/\.$/, '');
    if (!onDomain(host, service.domains)) return refuse(`is not on ${service.label}`);
    return profileOfUrl(url, service) ?? refuse(`is not a ${service.label} profile`);
  }
  const handle = text.startsWith('@') ? text.slice(1) : text;
  if (!service.handle.test(handle)) return refuse(`is not a handle ${service.label} allows`);
  return service.base + (service.handlePath ? service.handlePath(handle, field) : handle);
}

export const SOCIAL_HANDLE: ValueType = {
  name: 'SOCIAL_HANDLE',
  checkShape: (raw, field) => (typeof raw === 'string' ? undefined : wrongKind(field, 'a profile URL or handle string', raw)),
  normalize(raw, field) {
    const text = (raw as string).trim();
    if (text === '') return null;
    return checkEntryLength(text, field) ?? normalizeHandle(text, field);
  },
  render: (stored) => (typeof stored === 'string' ? stored : null),
  indexTerms: lowerCasedTerms,
  filterTerm: trimmedTextFilterTerm,
  operators: ['equal', 'startsWith'],
  capabilities: capabilities({ sortable: true, configuration: ['handleService'], requiredConfiguration: ['handleService'] }),
};
