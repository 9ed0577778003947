import { loadDefinitions } from '../../domain/definitions/load.js';
import { indexField } from '../../domain/records/record-index.js';
import { parseStoredFields } from '../../domain/records/render-record.js';
import type { DB } from '../../storage/database.js';
import { findRecord } from '../../storage/records.js';
import { writeTransaction } from '../../storage/transactions.js';
import type { SummaryResult } from './provider.js';

/**
 * Stores a summary on its opportunity (and what the provider knows of the account). A system
 * write: it moves neither `updatedAt` nor queues another summary.
 */
export async function writeSummary(db: DB, organizationId: string, opportunityId: string, accountId: string | null, result: SummaryResult, now: Date): Promise<void> {
  await writeTransaction(db, organizationId, async (trx) => {
    const row = await findRecord(trx, organizationId, 'opportunity', opportunityId);
    if (!row) return;
    const fields = { ...parseStoredFields(row), $summary: result.summary, $summaryGeneratedAt: now.toISOString() };
    await trx.updateTable('records').set({ fields: JSON.stringify(fields) }).where('id', '=', opportunityId).execute();
    const defs = await loadDefinitions(trx, organizationId, 'opportunity');
    const generatedAt = defs.fields.find((f) => f.key === '$summaryGeneratedAt');
    if (generatedAt) await indexField(trx, { organizationId, objectType: 'opportunity', recordId: opportunityId }, generatedAt, fields.$summaryGeneratedAt);

    if (accountId && result.howTheyMakeMoney) {
      const account = await findRecord(trx, organizationId, 'account', accountId);
      if (account) {
        const accountFields = { ...parseStoredFields(account), $howTheyMakeMoney: result.howTheyMakeMoney };
        await trx.updateTable('records').set({ fields: JSON.stringify(accountFields) }).where('id', '=', accountId).execute();
      }
    }
  });
}
