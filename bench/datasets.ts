import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_FILE_NAME } from '../src/storage/database.js';
import { migrations } from '../src/storage/migrations/index.js';
import { SEED_FORMAT_VERSION, seedDataset, type SeedSummary } from './seed.js';

const SUMMARY_FILE = 'dataset.json';

export interface Dataset {
  /** The cached directory; never served directly (runs write), see `materialize`. */
  dir: string;
  summary: SeedSummary;
  /** Whether this run found it cached instead of seeding it. */
  reused: boolean;
}

/**
 * A cached dataset is valid for one seed format and one schema: a new migration (the list of
 * migration names) makes a new key, so a dataset is never served under a schema it was not
 * seeded with.
 */
export function datasetKey(opportunities: number): string {
  const schema = createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex').slice(0, 8);
  return `opportunities-${opportunities}-v${SEED_FORMAT_VERSION}-${schema}`;
}

/** The dataset of this size from the cache, seeding it first when it is not there. */
export async function ensureDataset(cacheDir: string, opportunities: number, log: (line: string) => void): Promise<Dataset> {
  const key = datasetKey(opportunities);
  const dir = path.join(cacheDir, key);
  const summaryFile = path.join(dir, SUMMARY_FILE);
  if (fs.existsSync(summaryFile)) {
    return { dir, summary: JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as SeedSummary, reused: true };
  }
  // Seeded beside the cache and renamed in when complete: an interrupted seed leaves only a
  // staging directory, which the next run clears, never a dataset that looks usable.
  const staging = path.join(cacheDir, `.staging-${key}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  log(`seeding ${opportunities.toLocaleString('en-US')} opportunities into ${dir}`);
  const summary = await seedDataset(staging, { opportunities }, log);
  fs.writeFileSync(path.join(staging, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  log(`seeded in ${summary.seedSeconds.toFixed(1)} s`);
  return { dir, summary, reused: false };
}

/** A fresh data directory holding a copy of the dataset's database, for one server to write to. */
export function materialize(dataset: Dataset, dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  // FICLONE: a copy-on-write clone where the filesystem has them, a plain copy elsewhere.
  fs.copyFileSync(path.join(dataset.dir, SQLITE_FILE_NAME), path.join(dataDir, SQLITE_FILE_NAME), fs.constants.COPYFILE_FICLONE);
}
