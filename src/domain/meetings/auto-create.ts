import type { DB } from '../../storage/database.js';
import { recordsWithTextTerms } from '../../storage/record-terms.js';
import type { RecordLinkRow } from '../../storage/schema.js';
import { newId } from '../ids.js';
import type { ObjectTypeInfo } from '../object-types/object-type.js';
import type { WriteEnv } from '../records/effects/effect.js';
import { linkRow, type LinkEnd } from '../records/links.js';
import { validateWrite } from '../records/validate-write.js';
import { applyWrite, withValues } from '../records/write-path.js';
import { contactsWithAddresses, domainOf, isFreeMail, websitesOf, type OwnSide } from './attendees.js';

const ACCOUNTS_OF_CONTACT: LinkEnd = { linkType: 'account.contact', side: 'target' };

interface CreateInput {
  trx: DB;
  env: WriteEnv;
  defaultRegion: string;
}

/** Creates one record of `type` from API-shaped fields, checked as a create over the API would be. */
async function createFrom(input: CreateInput, type: ObjectTypeInfo, rawFields: Record<string, unknown>, added: (id: string) => RecordLinkRow[] = () => []): Promise<string> {
  const { trx, env } = input;
  const defs = await env.definitionsOf(trx, type.objectType);
  const body = { fields: rawFields };
  const write = await validateWrite({ db: trx, organizationId: env.organizationId, defs, collection: type.collection, mode: 'create', body, defaultRegion: input.defaultRegion });
  const id = newId(type.idPrefix, env.now.getTime());
  const fields = withValues({}, write.fields.map(({ def, value }) => [def.key, value] as const));
  await applyWrite(trx, env, { type, defs, origin: 'create', recordId: id, row: undefined, fields, added: added(id), countsAsUpdate: true });
  return id;
}

/** The account of a company domain: the one whose `$website` is on it, else a new one named after it. */
async function accountOfDomain(input: CreateInput, domain: string): Promise<string> {
  const { trx, env } = input;
  const [existing] = (await recordsWithTextTerms(trx, env.organizationId, 'account', '$website', websitesOf(domain))).sort();
  if (existing) return existing;
  return createFrom(input, env.typeOf('account'), { $name: domain, $website: [`https://${domain}`] });
}

/**
 * `autoCreateRecords`: each external attendee no contact has yet becomes a contact, on the
 * account of its company domain (found by website, created otherwise). The organization's own
 * people are never created, and free-mail domains are nobody's company.
 */
export async function createAttendeeRecords(input: CreateInput, addresses: readonly string[], own: OwnSide): Promise<void> {
  const { trx, env } = input;
  const accounts = new Map<string, string>();
  for (const address of addresses) {
    if (own.isOwn(address)) continue;
    if ((await contactsWithAddresses(trx, env.organizationId, [address])).length > 0) continue;
    const domain = domainOf(address);
    let accountId: string | undefined;
    if (!isFreeMail(domain)) {
      accountId = accounts.get(domain) ?? (await accountOfDomain(input, domain));
      accounts.set(domain, accountId);
    }
    await createFrom(input, env.typeOf('contact'), { $email: [address] }, (contactId) =>
      accountId ? [linkRow(env.organizationId, ACCOUNTS_OF_CONTACT, contactId, accountId, env.now.toISOString())] : [],
    );
  }
}
