import type { RecordLinkRow } from '../../storage/schema.js';
import type { ObjectDefinitions } from '../definitions/types.js';
import { domainOf, isFreeMail } from '../meetings/attendees.js';
import type { Enrichment, StoredFields } from '../object-types/object-type.js';
import { linkedIds } from '../records/links.js';

/** Where a provider looks for a record: its website, or the company domain of a work address. */
export type EnrichmentSource = { kind: 'website'; url: string } | { kind: 'work email'; domain: string };

function values(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** undefined when the record gives a provider nothing to look at (`no_operations`). */
export function enrichmentSource(spec: Enrichment, fields: StoredFields): EnrichmentSource | undefined {
  const given = values(fields[spec.source.field]);
  if (spec.source.kind === 'website') return given[0] === undefined ? undefined : { kind: 'website', url: given[0] };
  const domain = given.map(domainOf).find((d) => d !== '' && !isFreeMail(d));
  return domain === undefined ? undefined : { kind: 'work email', domain };
}

/** Whether a target holds anything: a field's value, or a relationship's link. */
export function isFilled(defs: ObjectDefinitions, key: string, recordId: string, fields: StoredFields, links: readonly RecordLinkRow[]): boolean {
  const relationship = defs.relationships.find((d) => d.key === key);
  if (relationship) return linkedIds(relationship, recordId, links).length > 0;
  const value = fields[key];
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** The targets a run without named fields fills: the empty ones. */
export function emptyTargets(spec: Enrichment, defs: ObjectDefinitions, recordId: string, fields: StoredFields, links: readonly RecordLinkRow[]): string[] {
  return spec.targets.filter((key) => !isFilled(defs, key, recordId, fields, links));
}
