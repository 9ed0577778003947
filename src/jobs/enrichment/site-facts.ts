import { parse, type HTMLElement } from 'node-html-parser';

/**
 * What a company's page states about it, for the `web` enrichment provider: its name, a
 * description and its social profiles. Only what the markup says is taken, nothing inferred.
 *
 * Social values are canonical profile URLs, exactly as the SOCIAL_HANDLE value type stores them
 * (`https://www.linkedin.com/company/acme`, `https://x.com/acme`, `https://www.facebook.com/acme`,
 * `https://www.instagram.com/acme`): a write takes a URL or a handle, but a bare LinkedIn handle is
 * expanded by the record's type (company for accounts, `in/` for people), so only the URL keeps a
 * page's `/in/…` or `/company/…` as it was linked.
 */
export interface SiteFacts {
  name?: string;
  description?: string;
  linkedIn?: string;
  twitter?: string;
  facebook?: string;
  instagram?: string;
}

/** Code points, past which a value is cut at a word and ended with an ellipsis. */
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 1_000;

export function siteFacts(html: string, pageUrl: string): SiteFacts {
  const root = parse(html, { comment: false });
  const meta = metaContents(root);
  const facts: SiteFacts = {};

  const siteName = clean(meta.get('og:site_name'), MAX_NAME_LENGTH);
  const title = clean(root.querySelector('title')?.text, 1_000);
  const name = siteName ?? (title ? clean(nameInTitle(title, pageUrl), MAX_NAME_LENGTH) : undefined);
  if (name) facts.name = name;
  const description = clean(meta.get('og:description'), MAX_DESCRIPTION_LENGTH) ?? clean(meta.get('description'), MAX_DESCRIPTION_LENGTH);
  if (description) facts.description = description;

  const found = socialProfiles(root, pageUrl);
  // A page that links no X profile may still name its account in its card tags.
  const twitter = found.twitter ?? twitterFromCard(meta.get('twitter:site'));
  if (found.linkedIn) facts.linkedIn = found.linkedIn;
  if (twitter) facts.twitter = twitter;
  if (found.facebook) facts.facebook = found.facebook;
  if (found.instagram) facts.instagram = found.instagram;
  return facts;
}

/** `<meta property|name=… content=…>`, first of each key, keys lower-cased; entities already decoded. */
function metaContents(root: HTMLElement): Map<string, string> {
  const contents = new Map<string, string>();
  for (const element of root.querySelectorAll('meta')) {
    const key = (element.getAttribute('property') ?? element.getAttribute('name') ?? '').trim().toLowerCase();
    const content = element.getAttribute('content');
    if (key && content !== undefined && content.trim() !== '' && !contents.has(key)) contents.set(key, content);
  }
  return contents;
}

/** Whitespace collapsed, control characters dropped, cut to `max` code points; undefined if empty. */
function clean(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const collapsed = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/gu, ' ').trim();
  if (collapsed === '') return undefined;
  const points = Array.from(collapsed);
  if (points.length <= max) return collapsed;
  const cut = points.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/u, '');
  return `${atWord.length >= cut.length / 2 ? atWord : cut}…`;
}

const TITLE_SEPARATOR = /\s+[|–—·•:-]\s+/u;

/**
 * A title's part that is the site's name. Titles are `Brand | Tagline` as often as `Page - Brand`,
 * so a part is taken only when it alone matches the site's domain (`Acme Corp` on acme.com);
 * otherwise the whole title is kept.
 */
function nameInTitle(title: string, pageUrl: string): string {
  const parts = title.split(TITLE_SEPARATOR).map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length < 2) return title;
  const labels = hostLabels(pageUrl);
  const matching = parts.filter((part) => {
    const compact = part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    return compact.length >= 2 && labels.some((label) => compact === label || (label.length >= 3 && compact.startsWith(label)) || (compact.length >= 3 && label.startsWith(compact)));
  });
  return matching.length === 1 ? matching[0]! : title;
}

/** The labels of the page's host worth matching a name against: not `www`, not the last one (the TLD). */
function hostLabels(pageUrl: string): string[] {
  let host: string;
  try {
    host = new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return [];
  }
  const labels = host.split('.');
  return labels.slice(0, -1).filter((label) => label !== 'www' && label.length >= 2).map((label) => label.replace(/[^\p{L}\p{N}]/gu, ''));
}

type Service = 'linkedIn' | 'twitter' | 'facebook' | 'instagram';

const DOMAINS: Record<Service, readonly string[]> = {
  linkedIn: ['linkedin.com'],
  twitter: ['twitter.com', 'x.com'],
  facebook: ['facebook.com', 'fb.com'],
  instagram: ['instagram.com'],
};

/** First path segments that are the service's own pages (sharing, login, search…), not profiles. */
const NOT_PROFILES: Record<Exclude<Service, 'linkedIn'>, ReadonlySet<string>> = {
  twitter: new Set(['intent', 'share', 'home', 'search', 'hashtag', 'i', 'explore', 'settings', 'login', 'logout', 'signup', 'messages', 'notifications', 'compose', 'tos', 'privacy', 'about', 'download', 'widgets', 'status']),
  facebook: new Set(['sharer', 'sharer.php', 'share', 'share.php', 'dialog', 'plugins', 'login', 'login.php', 'tr', 'events', 'groups', 'watch', 'hashtag', 'help', 'policies', 'privacy', 'pages', 'home.php', 'photo.php', 'permalink.php', 'story.php', 'marketplace', 'gaming', 'business', 'ads']),
  instagram: new Set(['p', 'reel', 'reels', 'explore', 'stories', 'accounts', 'tv', 'direct', 'about', 'developer', 'legal', 'web']),
};

const LINKEDIN_KINDS = ['company', 'school', 'showcase', 'in'] as const;
// The patterns of the SOCIAL_HANDLE value type (src/domain/values/social-handle.ts).
const LINKEDIN_HANDLE = /^[\p{L}\p{N}\p{M}%_-]+$/u;
const HANDLES: Record<Exclude<Service, 'linkedIn'>, RegExp> = {
  twitter: /^\w{1,15}$/,
  facebook: /^[\p{L}\p{N}\p{M}._-]+$/u,
  instagram: /^[\w.]{1,30}$/,
};

/** Each service's first profile link in document order; for LinkedIn a company page beats a person's. */
function socialProfiles(root: HTMLElement, pageUrl: string): Partial<Record<Service, string>> {
  const found: Partial<Record<Service, string>> = {};
  let linkedInRank = Infinity;
  for (const anchor of root.querySelectorAll('a')) {
    const href = anchor.getAttribute('href')?.trim();
    if (!href) continue;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    const host = url.hostname.toLowerCase().replace(/\.$/, '');
    const service = (Object.keys(DOMAINS) as Service[]).find((name) => DOMAINS[name].some((domain) => host === domain || host.endsWith(`.${domain}`)));
    if (!service) continue;
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    if (service === 'linkedIn') {
      const profile = linkedInProfile(segments);
      if (profile && profile.rank < linkedInRank) {
        found.linkedIn = profile.url;
        linkedInRank = profile.rank;
      }
      continue;
    }
    if (found[service]) continue;
    const profile = service === 'facebook' ? facebookProfile(segments, url.searchParams) : singleSegmentProfile(service, segments);
    if (profile) found[service] = profile;
  }
  return found;
}

function linkedInProfile(segments: string[]): { url: string; rank: number } | undefined {
  const [kindText = '', handle = ''] = segments;
  const kind = kindText.toLowerCase();
  const rank = LINKEDIN_KINDS.indexOf(kind as (typeof LINKEDIN_KINDS)[number]);
  if (rank === -1 || !LINKEDIN_HANDLE.test(handle)) return undefined;
  // `/company/acme/about/` and `/company/acme/jobs/` are still Acme's page; a person's has nothing deeper.
  if (segments.length > 2 && kind === 'in') return undefined;
  return { url: `https://www.linkedin.com/${kind}/${handle}`, rank };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function singleSegmentProfile(service: 'twitter' | 'instagram', segments: string[]): string | undefined {
  if (segments.length !== 1) return undefined;
  const handle = decoded(segments[0]!)?.replace(/^@/, '');
  if (!handle || NOT_PROFILES[service].has(handle.toLowerCase()) || !HANDLES[service].test(handle)) return undefined;
  return service === 'twitter' ? `https://x.com/${handle}` : `https://www.instagram.com/${handle}`;
}

function facebookProfile(segments: string[], query: URLSearchParams): string | undefined {
  const id = query.get('id') ?? '';
  if (segments.length === 1 && segments[0] === 'profile.php' && /^\d+$/.test(id)) return `https://www.facebook.com/profile.php?id=${id}`;
  if (segments.length !== 1) return undefined;
  const handle = decoded(segments[0]!);
  if (!handle || NOT_PROFILES.facebook.has(handle.toLowerCase()) || handle.toLowerCase().endsWith('.php') || !HANDLES.facebook.test(handle)) return undefined;
  return `https://www.facebook.com/${handle}`;
}

/** `<meta name="twitter:site" content="@acme">`, as a profile URL. */
function twitterFromCard(content: string | undefined): string | undefined {
  const handle = content?.trim().replace(/^@/, '');
  if (!handle || !HANDLES.twitter.test(handle) || NOT_PROFILES.twitter.has(handle.toLowerCase())) return undefined;
  return `https://x.com/${handle}`;
}
