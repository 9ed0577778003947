import { DomainError } from '../errors.js';
import { exceedsCodePoints } from '../values/code-points.js';

/**
 * The most options one select field takes in one definition write, and the longest label. Each
 * option is compared with every other (duplicate labels) and kept forever once archived, so an
 * unbounded list would hold the one event loop for every organization; no picklist needs more.
 */
export const MAX_SELECT_OPTIONS = 500;
export const MAX_OPTION_LABEL_CHARACTERS = 255;
/** The most a field keeps, archived ones included: archived options are kept for the values that still read them. */
export const MAX_STORED_OPTIONS = 2_000;

/** 400 `invalid_configuration` before any option is looked at, when `raw` holds too many. */
export function assertOptionCount(raw: readonly unknown[], param: string): void {
  if (raw.length <= MAX_SELECT_OPTIONS) return;
  throw new DomainError('invalid_configuration', `A select field takes at most ${MAX_SELECT_OPTIONS} options; got ${raw.length.toLocaleString('en-US')}.`, param);
}

/** 400 `invalid_configuration` for a label past MAX_OPTION_LABEL_CHARACTERS. */
export function assertOptionLabelLength(label: string, param: string): void {
  if (!exceedsCodePoints(label, MAX_OPTION_LABEL_CHARACTERS)) return;
  throw new DomainError('invalid_configuration', `An option label takes at most ${MAX_OPTION_LABEL_CHARACTERS} characters.`, param);
}

/** 400 `invalid_configuration` when an update would leave a field holding more than MAX_STORED_OPTIONS. */
export function assertStoredOptionCount(count: number, param: string): void {
  if (count <= MAX_STORED_OPTIONS) return;
  throw new DomainError(
    'invalid_configuration',
    `A select field keeps at most ${MAX_STORED_OPTIONS.toLocaleString('en-US')} options, archived ones included; this change would leave ${count.toLocaleString('en-US')}. Rename options (send their id) instead of replacing them.`,
    param,
  );
}
