import type { DB } from '../../storage/database.js';
import { textTermsContaining } from '../../storage/record-terms.js';

/** A website's host without `www.`, lower-cased; undefined when it is not a URL. */
export function siteDomain(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The accounts whose website is at this domain (or `www.` of it), oldest first. */
export async function accountsAtDomain(db: DB, organizationId: string, domain: string): Promise<string[]> {
  const candidates = await textTermsContaining(db, organizationId, 'account', '$website', domain);
  return [...new Set(candidates.filter((c) => siteDomain(c.text) === domain).map((c) => c.recordId))];
}
