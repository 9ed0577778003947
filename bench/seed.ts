import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { loadDefinitions } from '../src/domain/definitions/load.js';
import type { ObjectDefinitions } from '../src/domain/definitions/types.js';
import { STAGE_OPTIONS } from '../src/domain/definitions/system-definitions.js';
import { addMember } from '../src/domain/members.js';
import { createOrganization } from '../src/domain/organizations.js';
import { accountStatusOptionId, stageStatus } from '../src/domain/records/derived-fields.js';
import type { OptionStatus } from '../src/domain/values/value-type.js';
import { SQLITE_FILE_NAME } from '../src/storage/database.js';
import { openStorage } from '../src/storage/open.js';
import { seededRandom, type Random } from './random.js';
import { buildCreateRows, pairRows, termRows, type Actor, type RecordRows } from './record-rows.js';
import { openBulkWriter } from './sqlite-bulk.js';

/**
 * Bump when what the seeder writes changes (fields, distributions, row layout): cached
 * datasets of another version are not reused.
 */
export const SEED_FORMAT_VERSION = 2;

/** One opportunity in this many opens a new account; the others go to an existing one. */
const OPPORTUNITIES_PER_ACCOUNT = 5;
/** Members besides the admin, owning accounts and opportunities. */
const EXTRA_MEMBERS = 9;
/** Records created over the two years before the seed ran. */
const SPAN_MS = 730 * 24 * 60 * 60 * 1000;
/** Records per transaction. */
const BATCH = 10_000;
/** Ids kept for the retrieve and update scenarios to pick from. */
const SAMPLE_SIZE = 10_000;

/** Stage mix of a live pipeline: most deals early, a fifth of them closed. */
export const STAGE_WEIGHTS: Record<(typeof STAGE_OPTIONS)[number]['label'], number> = {
  Prospecting: 25,
  Qualification: 20,
  Demo: 15,
  Proposal: 10,
  Negotiation: 8,
  'Closed Won': 12,
  'Closed Lost': 10,
};
/** Deal sizes are log-uniform between these, rounded to 100. */
export const AMOUNT_RANGE = { min: 1_000, max: 500_000 } as const;

const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Vandelay', 'Soylent', 'Cyberdyne', 'Tyrell', 'Massive', 'Aperture', 'Gringotts', 'Oscorp'];
const LINE = ['Robotics', 'Analytics', 'Foods', 'Logistics', 'Health', 'Energy', 'Systems', 'Labs', 'Media', 'Capital', 'Retail', 'Security'];
const DEAL = ['Expansion', 'Renewal', 'New business', 'Pilot', 'Upsell', 'Platform deal'];
const INDUSTRY = ['Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education', 'Media', 'Other'];
const HEADCOUNT = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];
const NEXT_STEPS = [
  'Send the revised proposal and book a call with procurement.',
  '- Security review\n- Legal redlines\n- Sign-off from the CFO',
  'Demo the reporting module to the **operations** team next week.',
  'Waiting on budget approval for next quarter.',
];

export interface SeedSpec {
  opportunities: number;
  /** PRNG seed: the same spec and seed give the same field values (ids and times differ). */
  seed?: number;
}

/** A create body exactly as a client sends it over the API. */
export interface CreateBody {
  fields: Record<string, unknown>;
  relationships: Record<string, string>;
}

/** What a run needs to know about a seeded dataset; written next to it as dataset.json. */
export interface SeedSummary {
  formatVersion: number;
  opportunities: number;
  accounts: number;
  members: number;
  organizationId: string;
  /** The admin the key acts as. */
  memberId: string;
  memberIds: string[];
  /** Full-access key of the admin, created with the organization; local test data only. */
  apiKey: string;
  seededAt: string;
  seedSeconds: number;
  /** Random ids for retrieve and update to choose from. */
  opportunityIds: string[];
  accountIds: string[];
  /** The first seeded opportunity and the body that made it: the API is asked for the same. */
  example: { id: string; body: CreateBody };
  /** The first seeded account and its body, likewise (its status comes from its opportunities). */
  exampleAccount: { id: string; body: CreateBody };
}

interface AccountState {
  rows: RecordRows;
  statuses: Set<OptionStatus | undefined>;
}

/** The fields a client sends to create an opportunity named `name`, created at `at`. */
export function opportunityFields(random: Random, name: string, at: Date): Record<string, unknown> {
  const close = new Date(at.getTime() + random.int(14, 180) * 86_400_000).toISOString().slice(0, 10);
  const fields: Record<string, unknown> = {
    $name: name,
    $stage: random.weighted(Object.entries(STAGE_WEIGHTS).map(([value, weight]) => ({ value, weight }))),
    $amount: Math.round(random.logUniform(AMOUNT_RANGE.min, AMOUNT_RANGE.max) / 100) * 100,
    $closeDate: close,
  };
  if (random.next() < 0.4) fields.$nextSteps = random.pick(NEXT_STEPS);
  return fields;
}

function opportunityBody(random: Random, account: AccountState, owner: string, at: Date): CreateBody {
  const name = `${account.rows.stored.$name as string} ${random.pick(DEAL)} ${at.getUTCFullYear()}`;
  return { fields: opportunityFields(random, name, at), relationships: { $account: account.rows.record.id, $owner: owner } };
}

function accountBody(random: Random, n: number, owner: string): CreateBody {
  const name = `${random.pick(COMPANY)} ${random.pick(LINE)} ${n}`;
  return {
    fields: {
      $name: name,
      $website: [`https://www.${name.toLowerCase().replaceAll(' ', '-')}.example`],
      $industry: [random.pick(INDUSTRY)],
      $headcount: random.pick(HEADCOUNT),
    },
    relationships: { $owner: owner },
  };
}

const asIds = (relationships: Record<string, string>) => Object.fromEntries(Object.entries(relationships).map(([k, v]) => [k, [v]]));

/** Keeps `k` items chosen uniformly from a stream of unknown length (reservoir sampling). */
function reservoir(random: Random, k: number) {
  const items: string[] = [];
  let seen = 0;
  return {
    offer(item: string) {
      seen += 1;
      if (items.length < k) items.push(item);
      else {
        const j = Math.floor(random.next() * seen);
        if (j < k) items[j] = item;
      }
    },
    items,
  };
}

/**
 * Seeds a fresh data directory with an organization, its members, `spec.opportunities`
 * opportunities and one account per five of them, written through the storage layer in bulk.
 * Every row is what the API would have written for the same create (see record-rows.ts), and
 * `$accountStatus` is what the opportunities' stages make it, as refreshAccountStatuses keeps it.
 */
export async function seedDataset(dataDir: string, spec: SeedSpec, log: (line: string) => void = () => {}): Promise<SeedSummary> {
  const started = Date.now();
  const random = seededRandom(spec.seed ?? 8);
  const end = new Date();
  const start = end.getTime() - SPAN_MS;

  // The organization, its members and definitions, through the domain as the server would make them.
  // A variable, not a literal: the SQLite file is meant whatever else openStorage's config takes.
  const target = { dataDir, databaseUrl: undefined };
  const storage = await openStorage(target);
  let organizationId: string;
  let admin: string;
  let apiKey: string;
  const memberIds: string[] = [];
  let opportunityDefs: ObjectDefinitions;
  let accountDefs: ObjectDefinitions;
  try {
    const created = await createOrganization(storage.db, {
      name: 'Bench Co',
      admin: { email: 'admin@bench.example', firstName: 'Ada', lastName: 'Admin' },
      now: new Date(start - 86_400_000),
    });
    organizationId = created.organization.id;
    admin = created.admin.id;
    apiKey = created.plaintextKey;
    memberIds.push(admin);
    for (let i = 1; i <= EXTRA_MEMBERS; i++) {
      const member = await addMember(storage.db, { organizationId, email: `rep${i}@bench.example`, firstName: 'Rep', lastName: `${i}`, role: 'MEMBER', now: new Date(start - 86_400_000) });
      memberIds.push(member.id);
    }
    opportunityDefs = await loadDefinitions(storage.db, organizationId, 'opportunity');
    accountDefs = await loadDefinitions(storage.db, organizationId, 'account');
  } finally {
    await storage.close();
  }

  const actor: Actor = { organizationId, memberId: admin, defaultRegion: 'US' };
  // The format of src/domain/ids.ts newId (prefix, monotonic ULID of the creation time), drawn
  // from the seeded PRNG: newId asks crypto for each of its 16 random characters, which made
  // a quarter of the seeding time.
  const ulid = monotonicFactory(() => random.next());
  const newId = (prefix: 'acc' | 'opp', time: number) => `${prefix}_${ulid(time)}`;
  const writer = openBulkWriter(path.join(dataDir, SQLITE_FILE_NAME));
  const accounts: AccountState[] = [];
  const opportunitySample = reservoir(random, SAMPLE_SIZE);
  let example: SeedSummary['example'] | undefined;
  let exampleAccount: SeedSummary['exampleAccount'] | undefined;
  try {
    let batch: RecordRows[] = [];
    for (let i = 0; i < spec.opportunities; i++) {
      const at = new Date(start + Math.floor((i * SPAN_MS) / spec.opportunities));
      // A new account comes just before its first opportunity, so both ids and times stay in order.
      let account: AccountState;
      if (accounts.length === 0 || random.next() < 1 / OPPORTUNITIES_PER_ACCOUNT) {
        const body = accountBody(random, accounts.length + 1, random.pick(memberIds));
        const rows = buildCreateRows(actor, accountDefs, { id: newId('acc', at.getTime()), at, fields: body.fields, relationships: asIds(body.relationships) });
        exampleAccount ??= { id: rows.record.id, body };
        account = { rows, statuses: new Set() };
        accounts.push(account);
      } else {
        account = random.pick(accounts);
      }
      const body = opportunityBody(random, account, random.pick(memberIds), at);
      const id = newId('opp', at.getTime());
      const rows = buildCreateRows(actor, opportunityDefs, { id, at, fields: body.fields, relationships: asIds(body.relationships) });
      example ??= { id, body };
      opportunitySample.offer(id);
      batch.push(rows);

      // refreshAccountStatuses: the account follows its opportunities' stages, and counts as updated when it changes.
      account.statuses.add(stageStatus(opportunityDefs, rows.stored));
      const status = accountStatusOptionId(accountDefs, [...account.statuses]);
      if (status && account.rows.stored.$accountStatus !== status) {
        account.rows.stored.$accountStatus = status;
        account.rows.record.updated_at = at.toISOString();
      }

      if (batch.length === BATCH) {
        writer.write(batch);
        batch = [];
        if ((i + 1) % 100_000 === 0) log(`seeded ${(i + 1).toLocaleString('en-US')} opportunities`);
      }
    }
    writer.write(batch);

    // Accounts last, in their final state: one write each instead of one per status change.
    for (let i = 0; i < accounts.length; i += BATCH) {
      writer.write(
        accounts.slice(i, i + BATCH).map(({ rows }) => ({
          ...rows,
          record: { ...rows.record, fields: JSON.stringify(rows.stored) },
          terms: termRows(organizationId, accountDefs, rows.record.id, rows.stored),
        })).map((rows) => ({ ...rows, pairs: pairRows(accountDefs, rows.terms) })),
      );
    }
    log('building indexes');
  } finally {
    writer.close();
  }

  const accountSample = reservoir(random, SAMPLE_SIZE);
  for (const account of accounts) accountSample.offer(account.rows.record.id);
  return {
    formatVersion: SEED_FORMAT_VERSION,
    opportunities: spec.opportunities,
    accounts: accounts.length,
    members: memberIds.length,
    organizationId,
    memberId: admin,
    memberIds,
    apiKey,
    seededAt: end.toISOString(),
    seedSeconds: (Date.now() - started) / 1000,
    opportunityIds: opportunitySample.items,
    accountIds: accountSample.items,
    example: example!,
    exampleAccount: exampleAccount!,
  };
}
