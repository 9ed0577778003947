import { DomainError } from '../errors.js';

/**
 * The most options one select field takes in one definition write, and the longest label. Each
 * option is compared with every other (duplicate labels) and kept forever once archived, so an
 * unbounded list would hold the one event loop for every organization; no picklist needs more.
 */
export const MAX_SELECT_OPTIONS = 500;
export const MAX_OPTION_LABEL_CHARACTERS = 255;

/** 400 `invalid_configuration` before any option is looked at, when `raw` holds too many. */
export function assertOptionCount(raw: readonly unknown[], param: string): void {
  if (raw.length <= MAX_SELECT_OPTIONS) return;
  throw new DomainError('invalid_configuration', `A select field takes at most ${MAX_SELECT_OPTIONS} options; got ${raw.length.toLocaleString('en-US')}.`, param);
}

/** 400 `invalid_configuration` for a label past MAX_OPTION_LABEL_CHARACTERS. */
export function assertOptionLabelLength(label: string, param: string): void {
  if ([...label].length <= MAX_OPTION_LABEL_CHARACTERS) return;
  throw new DomainError('invalid_configuration', `An option label takes at most ${MAX_OPTION_LABEL_CHARACTERS} characters.`, param);
}
