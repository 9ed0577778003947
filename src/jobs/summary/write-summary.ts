import { builtinType } from '../../domain/objects.js';
import { writeEnv, type WriteEnvInput } from '../../domain/records/write-env.js';
import { writeDerivedFields } from '../../domain/records/write-path.js';
import type { DB } from '../../storage/database.js';
import { findRecord } from '../../storage/records.js';
import { writeTransaction } from '../../storage/transactions.js';
import type { SummaryResult } from './provider.js';

/**
 * Stores a summary on its opportunity (and what the provider knows of the account), through the
 * write path as a derived write: it moves neither `updatedAt` nor queues another summary.
 */
export async function writeSummary(db: DB, input: WriteEnvInput, opportunityId: string, accountId: string | null, result: SummaryResult): Promise<void> {
  await writeTransaction(db, input.organizationId, async (trx) => {
    if (!(await findRecord(trx, input.organizationId, 'opportunity', opportunityId))) return;
    const env = writeEnv(input);
    const values = { $summary: result.summary, $summaryGeneratedAt: input.now.toISOString() };
    await writeDerivedFields(trx, env, builtinType('opportunity'), opportunityId, values, { countsAsUpdate: false });
    if (accountId && result.howTheyMakeMoney) {
      await writeDerivedFields(trx, env, builtinType('account'), accountId, { $howTheyMakeMoney: result.howTheyMakeMoney }, { countsAsUpdate: false });
    }
  });
}
