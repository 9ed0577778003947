import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './processes.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';

export interface BenchOptions {
  quick: boolean;
  /** Opportunities of each dataset measured, smallest first. */
  sizes: number[];
  /** Seconds each measured load runs, and the unmeasured warm-up before it. */
  durationSeconds: number;
  warmupSeconds: number;
  /** Requests in flight in the closed-loop scenarios. */
  connections: number;
  scenarios: ScenarioName[];
  /** Where the JSON results go. */
  resultsDir: string;
  /** Where seeded datasets are kept between runs. */
  cacheDir: string;
  /** `build`: compiled as `npm run build` does, what `npm start` runs; `tsx`: the sources through tsx (no build step). */
  server: 'build' | 'tsx';
  /** A compiled CLI entry to serve instead (`node FILE serve`): another build, e.g. to try a fix. */
  serverEntry: string | undefined;
  /** Writes a V8 CPU profile of the server for each dataset (node --cpu-prof). */
  cpuProf: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--sizes 10000,100000] [--duration S] [--warmup S]
       [--connections N] [--only create,list] [--results-dir DIR] [--cache-dir DIR]
       [--server build|tsx] [--server-entry FILE] [--cpu-prof]`;

function positiveNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} must be a positive number, got '${raw}'.\n${USAGE}`);
  return value;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      'results-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      server: { type: 'string', default: 'build' },
      'server-entry': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = values.sizes
    ? values.sizes.split(',').map((s) => Math.round(positiveNumber('sizes', s)))
    : quick
      ? [2_000]
      : [10_000, 100_000, 1_000_000];
  const scenarios = values.only ? values.only.split(',').map((s) => s.trim()) : [...SCENARIOS];
  for (const name of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only takes ${SCENARIOS.join(', ')}; got '${name}'.\n${USAGE}`);
  }
  if (values.server !== 'build' && values.server !== 'tsx') throw new Error(`--server must be build or tsx, got '${values.server}'.\n${USAGE}`);
  return {
    quick,
    sizes: [...sizes].sort((a, b) => a - b),
    durationSeconds: values.duration ? positiveNumber('duration', values.duration) : quick ? 1 : 8,
    warmupSeconds: values.warmup ? positiveNumber('warmup', values.warmup) : quick ? 1 : 2,
    connections: values.connections ? Math.round(positiveNumber('connections', values.connections)) : 10,
    scenarios: scenarios as ScenarioName[],
    resultsDir: path.resolve(values['results-dir'] ?? path.join(REPO_ROOT, 'bench/results')),
    cacheDir: path.resolve(values['cache-dir'] ?? path.join(REPO_ROOT, 'bench/.data')),
    server: values.server,
    serverEntry: values['server-entry'] ? path.resolve(values['server-entry']) : undefined,
    cpuProf: values['cpu-prof'] ?? false,
  };
}
