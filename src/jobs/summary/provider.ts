import type { SummaryInput } from './summary-input.js';

export interface SummaryResult {
  /** Markdown for `$summary`. */
  summary: string;
  /** Markdown for the account's `$howTheyMakeMoney`, when the provider can say. */
  howTheyMakeMoney?: string;
}

/** Writes an opportunity summary. A thrown error fails the run; the queue retries it. */
export interface SummaryProvider {
  name: string;
  summarize(input: SummaryInput): Promise<SummaryResult>;
}
