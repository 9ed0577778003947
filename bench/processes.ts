import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A server the bench started in its own process. */
export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  /** The last 64 KiB the process wrote, stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. Idempotent. */
  stop(): Promise<void>;
}

// Every child still running when the bench exits, however it exits, is killed: a failed run
// must not leave a server holding a port and a CPU.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Stops every server still running (the error and signal paths of run.ts). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 5_000)));
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface SpawnSpec {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** The URL the process announces on a line of its stdout, or undefined for other lines. */
  urlFromLine(line: string): string | undefined;
  /** How long to wait after SIGTERM (a CPU profile is written on the way out). */
  graceMs?: number;
}

/** Spawns `node ARGS` and resolves once it announces its URL; rejects (and kills it) if it never does. */
export function startProcess(spec: SpawnSpec, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, spec.args, { cwd: REPO_ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-65_536);
  };
  child.stderr!.setEncoding('utf8').on('data', keep);
  let pending = '';
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child, 1_000).then(() => reject(new Error(`${spec.name} ${why}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`did not announce its URL within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.on('error', (err) => fail(`could not start: ${err.message}`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      keep(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const url = spec.urlFromLine(line);
        if (url === undefined || settled) continue;
        settled = true;
        clearTimeout(timer);
        resolve({ name: spec.name, pid: child.pid!, url, output: () => output, stop: () => stopChild(child, spec.graceMs ?? 10_000) });
        return;
      }
    });
  });
}

/** The `url` of a JSON log line whose `msg` is `message`. */
export function announcedUrl(message: string): (line: string) => string | undefined {
  return (line) => {
    if (!line.startsWith('{')) return undefined;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
      return entry.msg === message && typeof entry.url === 'string' ? entry.url : undefined;
    } catch {
      return undefined;
    }
  };
}

export interface MemorySampler {
  /** Peak resident set size in MiB: the kernel's high-water mark (VmHWM), else the largest sample. */
  stop(): number | null;
}

function statusKb(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** Samples a process's RSS until stopped; VmHWM covers peaks between samples. */
export function sampleMemory(pid: number, intervalMs = 250): MemorySampler {
  let peakKb: number | null = null;
  let hwmKb: number | null = null;
  const sample = () => {
    const rss = statusKb(pid, 'VmRSS');
    if (rss !== null) peakKb = Math.max(peakKb ?? 0, rss);
    hwmKb = statusKb(pid, 'VmHWM') ?? hwmKb;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const kb = hwmKb ?? peakKb;
      return kb === null ? null : Math.round(kb / 1024);
    },
  };
}
