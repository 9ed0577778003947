import freeMailDomains from 'email-providers';
import type { DB } from '../../storage/database.js';
import { listMembers } from '../../storage/members.js';
import { recordsWithTextTerms } from '../../storage/record-terms.js';
import type { StoredFields } from '../object-types/object-type.js';

const FREE_MAIL = new Set(freeMailDomains);

/** The addresses a meeting's contacts are matched from, organizer first, lower-cased as `$email` is indexed. */
export function meetingAddresses(fields: StoredFields): string[] {
  const organizer = fields.$organizerEmail;
  const attendees = fields.$attendeeEmails;
  const all = [...(Array.isArray(organizer) ? organizer : typeof organizer === 'string' ? [organizer] : []), ...(Array.isArray(attendees) ? attendees : [])];
  return [...new Set(all.filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase()))];
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Whether addresses at this domain are people's own mailboxes at a mail provider, not a company's. */
export function isFreeMail(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

/** The contacts whose `$email` holds one of the addresses (case-insensitive, as the index holds them). */
export function contactsWithAddresses(db: DB, organizationId: string, addresses: readonly string[]): Promise<string[]> {
  return recordsWithTextTerms(db, organizationId, 'contact', '$email', addresses);
}

/**
 * Who is on the organization's side of a meeting: its members' addresses, and the company
 * domains they write from. Neither becomes a contact or an account.
 */
export interface OwnSide {
  isOwn(address: string): boolean;
}

export async function ownSide(db: DB, organizationId: string): Promise<OwnSide> {
  const addresses = new Set((await listMembers(db, organizationId)).map((m) => m.email.toLowerCase()));
  const domains = new Set([...addresses].map(domainOf).filter((d) => !isFreeMail(d)));
  return { isOwn: (address) => addresses.has(address) || domains.has(domainOf(address)) };
}

/** The `$website` values an account of this domain is stored with (URLs are kept normalized: scheme, lower-cased host, no bare `/`). */
export function websitesOf(domain: string): string[] {
  const hosts = domain.startsWith('www.') ? [domain, domain.slice(4)] : [domain, `www.${domain}`];
  return hosts.flatMap((host) => [`https://${host}`, `http://${host}`]);
}
