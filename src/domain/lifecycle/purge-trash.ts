import type { DB } from '../../storage/database.js';
import { expiredTrash, purgeTrashed } from '../../storage/trash.js';
import { writeTransaction } from '../../storage/transactions.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

/** Purges for good every record in the trash longer than `days`; returns how many went. */
export async function purgeExpiredTrash(db: DB, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * DAY_MS).toISOString();
  let purged = 0;
  for (;;) {
    const batch = await expiredTrash(db, before, BATCH);
    // Each in its organization's write order, so a restore running at the same time sees it either whole or gone.
    for (const { id, organization_id } of batch) if (await writeTransaction(db, organization_id, (trx) => purgeTrashed(trx, id, before))) purged++;
    if (batch.length < BATCH) return purged;
  }
}
