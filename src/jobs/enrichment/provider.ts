/** What a provider is asked: the site to read, the targets the run fills, and when to give up. */
export interface SiteRequest {
  url: string;
  targets: readonly string[];
  signal: AbortSignal;
}

/** Reads what a company's website says about it, as values an API write of its account would give (`$name`, `$linkedIn`, …). */
export interface EnrichmentProvider {
  name: string;
  readSite(request: SiteRequest): Promise<Record<string, unknown>>;
}

/** What the page itself states, by the account field it fills. */
export const SITE_FACT_FIELDS = {
  name: '$name',
  description: '$howTheyMakeMoney',
  linkedIn: '$linkedIn',
  twitter: '$twitter',
  facebook: '$facebook',
  instagram: '$instagram',
} as const;

export type SiteFactName = keyof typeof SITE_FACT_FIELDS;

/** Facts keyed by the fields they fill, those the run targets only. */
export function factsAsValues(facts: Partial<Record<SiteFactName, string>>, targets: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [fact, field] of Object.entries(SITE_FACT_FIELDS)) {
    const value = facts[fact as SiteFactName];
    if (value !== undefined && value !== '' && targets.includes(field)) values[field] = value;
  }
  return values;
}
