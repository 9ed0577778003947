import cliProgress from 'cli-progress';

// Progress of the `fieldhouse import …` commands, on stderr: a cli-progress bar when stderr is a
// terminal, otherwise plain lines a log can keep (one every so many items, plus whatever the
// command notes), each ending in `[done/total UNIT]`.

export interface ProgressOptions {
  total: number;
  /** What is counted, e.g. `messages` or `rows`: plain lines end in `[done/total UNIT]`. */
  unit: string;
  /** The bar's cli-progress format: `{bar}`, `{value}`, `{total}` and the payload's tokens. */
  barFormat: string;
  /** The payload tokens' first values. */
  payload?: Record<string, string>;
  /** Redraw the bar on every update, not only when its text changed (after a logged line). */
  forceRedraw?: boolean;
  /** Not on a terminal: a line every this many items … */
  every: number;
  /** … reading this (given the payload as last updated), then ` [done/total UNIT]`. */
  everyLine: (payload: Record<string, string>) => string;
}

export interface Progress {
  /** One more item done. */
  tick(): void;
  /** Changes payload tokens (the bar shows them; `everyLine` gets them). */
  update(payload: Record<string, string>): void;
  /** A line for a log: written, with ` [done/total UNIT]`, only when there is no bar (the bar shows as much). */
  note(line: string): void;
  /** A line that must be seen either way (an error): above the bar on a terminal. */
  log(line: string): void;
  stop(): void;
}

export function startProgress(options: ProgressOptions): Progress {
  const payload: Record<string, string> = { ...options.payload };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: options.barFormat, hideCursor: true, clearOnComplete: true, ...(options.forceRedraw && { forceRedraw: true }) },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, 0, payload);
    return {
      tick: () => bar.increment(),
      update: (changes) => bar.update(Object.assign(payload, changes)),
      note: () => {},
      // Over the bar's line, then the cursor saved again where the bar goes on: cli-progress restores
      // the saved position when it stops, and would otherwise land on (and clear) the logged line.
      log: (line) => process.stderr.write(`\r\x1b[2K${line}\n\x1b7`),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  const counted = () => `[${done}/${options.total} ${options.unit}]`;
  return {
    tick: () => {
      // A line now and then, so a log shows it is moving.
      if (++done % options.every === 0) process.stderr.write(`${options.everyLine(payload)} ${counted()}\n`);
    },
    update: (changes) => void Object.assign(payload, changes),
    note: (line) => process.stderr.write(`${line} ${counted()}\n`),
    log: (line) => process.stderr.write(`${line}\n`),
    stop: () => {},
  };
}
