import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.js';
import type { ShapeCheck } from './shape-check.js';

export type MeasuredName = 'baseline' | 'retrieve' | 'list' | 'listOneConnection' | 'update' | 'create' | 'createAtHalfPeakBurst' | 'createAtHalfPeak';

export interface ScenarioReport extends LoadResult {
  scenario: MeasuredName;
  /** Seconds the server went on working after the run ended, on what was still queued. */
  drainSeconds: number;
  description: string;
  /** This scenario's req/s over the baseline's. */
  ratioToBaseline: number;
  /** The rate asked for, for the half-peak runs. */
  targetRate?: number;
}

export interface DatasetReport {
  opportunities: number;
  accounts: number;
  /** Found in the cache rather than seeded by this run. */
  reused: boolean;
  /** Seconds it took to seed, in whichever run seeded it. */
  seedSeconds: number;
  shapeCheck: ShapeCheck;
  /** Peak resident memory of the server process over this dataset's whole run, MiB (null off Linux). */
  serverPeakRssMb: number | null;
  scenarios: ScenarioReport[];
  /** CPU profile of the server, when --cpu-prof. */
  cpuProfileDir?: string;
}

export interface TargetReport {
  name: string;
  actual: string;
  /** null when the scenario it needs was not run. */
  met: boolean | null;
}

export interface BenchReport {
  version: 1;
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  git: { commit: string | null; uncommittedFiles: number | null };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; server: string };
  baseline: ScenarioReport;
  datasets: DatasetReport[];
  targets: TargetReport[];
}

const LABELS: Record<MeasuredName, string> = {
  baseline: 'baseline (bare Fastify)',
  retrieve: 'retrieve',
  list: 'list $stage + $amount, sort -$amount',
  listOneConnection: 'list, 1 connection',
  update: 'update $amount',
  create: 'create',
  createAtHalfPeakBurst: 'create @ ½ peak, autocannon overallRate',
  createAtHalfPeak: 'create @ ½ peak, paced (open loop)',
};

const count = (n: number) => Math.round(n).toLocaleString('en-US');
/** Rates below 100 keep a decimal or two: a list at 1M runs well under one a second. */
const rate = (n: number) => (n >= 100 ? count(n) : n >= 1 ? n.toFixed(1) : n.toFixed(2));
const ms = (n: number | null) => (n === null ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
/** A latency goal is met only by requests that completed. */
const within = (p99: number | null, limit: number) => p99 !== null && p99 <= limit;

export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return count(n);
}

/** The goals of issue #8, checked on the largest dataset of the run (`connections`: of the closed-loop runs). */
export function checkTargets(datasets: DatasetReport[], connections: number): TargetReport[] {
  const largest = datasets.at(-1);
  if (!largest) return [];
  const at = sizeLabel(largest.opportunities);
  const find = (name: MeasuredName) => largest.scenarios.find((s) => s.scenario === name);
  const targets: TargetReport[] = [];
  const create = find('create');
  targets.push({ name: `create ≥ 30% of the baseline's req/s (${at})`, actual: create ? `${(create.ratioToBaseline * 100).toFixed(1)}%` : 'not run', met: create ? create.ratioToBaseline >= 0.3 : null });
  const retrieve = find('retrieve');
  targets.push({ name: `retrieve ≥ 50% of the baseline's req/s (${at})`, actual: retrieve ? `${(retrieve.ratioToBaseline * 100).toFixed(1)}%` : 'not run', met: retrieve ? retrieve.ratioToBaseline >= 0.5 : null });
  const half = find('createAtHalfPeak');
  const burst = find('createAtHalfPeakBurst');
  targets.push({
    name: `p99 of create ≤ 20 ms at 50% of its peak rate (${at})`,
    actual: half ? `${ms(half.p99)} ms paced at ${count(half.targetRate ?? 0)} req/s${burst ? `; ${ms(burst.p99)} ms with autocannon overallRate` : ''}` : 'not run',
    met: half ? within(half.p99, 20) && half.errors === 0 : null,
  });
  const single = find('listOneConnection');
  const list = find('list');
  targets.push({
    name: `filtered, sorted list p99 ≤ 50 ms with totalCount (${at})`,
    actual: single ? `${single.requests === 0 ? 'no list completed' : `${ms(single.p99)} ms`} with one request in flight${list ? `; ${ms(list.p99)} ms with ${connections}` : ''}` : 'not run',
    met: single ? within(single.p99, 50) : null,
  });
  targets.push({
    name: `server RSS ≤ 300 MB (${at})`,
    actual: largest.serverPeakRssMb === null ? 'not measured (no /proc)' : `${largest.serverPeakRssMb} MB peak`,
    met: largest.serverPeakRssMb === null ? null : largest.serverPeakRssMb <= 300,
  });
  return targets;
}

function row(dataset: string, s: ScenarioReport): string {
  const label = s.targetRate ? `${LABELS[s.scenario]} (${count(s.targetRate)}/s)` : LABELS[s.scenario];
  return `| ${dataset} | ${label} | ${rate(s.rps)} | ${s.ratioToBaseline.toFixed(3)} | ${ms(s.p50)} | ${ms(s.p99)} | ${count(s.errors)} | ${count(s.requests)} |`;
}

/** The one markdown table of the run, with the memory and target lines under it. */
export function markdown(report: BenchReport): string {
  const lines = [
    '| opportunities | scenario | req/s | × baseline | p50 ms | p99 ms | errors | requests |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    row('—', report.baseline),
    ...report.datasets.flatMap((d) => d.scenarios.map((s) => row(sizeLabel(d.opportunities), s))),
    '',
    `Server peak RSS: ${report.datasets.map((d) => `${sizeLabel(d.opportunities)} ${d.serverPeakRssMb ?? '?'} MB`).join(' · ')}`,
    '',
    ...report.targets.map((t) => `- ${t.met === null ? '[?]' : t.met ? '[x]' : '[ ]'} ${t.name}: ${t.actual}${t.met === false ? ' — missed' : ''}`),
    '',
    `${report.mode} run, ${report.totalSeconds.toFixed(0)} s, ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average ${report.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at start`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes the report under a timestamped name and as latest (quick runs as quick-*). */
export function writeReport(dir: string, report: BenchReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const prefix = report.mode === 'quick' ? 'quick-' : '';
  const file = path.join(dir, `${prefix}${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, `${prefix}latest.json`), text);
  return file;
}
