/** What a run found: values as an API write would give them, and records to link at relationship keys. */
export interface Findings {
  values: Record<string, unknown>;
  links: Record<string, string[]>;
}

export const NO_FINDINGS: Findings = { values: {}, links: {} };
