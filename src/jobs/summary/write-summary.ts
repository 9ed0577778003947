import type { WriteEnv } from '../../domain/records/effects/effect.js';
import { writeDerivedFields } from '../../domain/records/write-path.js';
import { builtinType, typeInfoOf } from '../../domain/objects.js';
import { findRecord } from '../../storage/records.js';
import type { DB } from '../../storage/database.js';
import { writeTransaction } from '../../storage/transactions.js';
import type { SummaryResult } from './provider.js';

/**
 * Stores a summary on its opportunity (and what the provider knows of the account), through the
 * write path as a derived write: it moves neither `updatedAt` nor queues another summary.
 */
export async function writeSummary(
  db: DB,
  env: Omit<WriteEnv, 'workflowRuns' | 'typeOf'>,
  opportunityId: string,
  accountId: string | null,
  result: SummaryResult,
): Promise<void> {
  await writeTransaction(db, env.organizationId, async (trx) => {
    const writeEnv: WriteEnv = { ...env, workflowRuns: [], typeOf: (name) => typeInfoOf(name) };
    const values = { $summary: result.summary, $summaryGeneratedAt: env.now.toISOString() };
    if (!(await findRecord(trx, env.organizationId, 'opportunity', opportunityId))) return;
    await writeDerivedFields(trx, writeEnv, builtinType('opportunity'), opportunityId, values, { countsAsUpdate: false });
    if (accountId && result.howTheyMakeMoney) {
      await writeDerivedFields(trx, writeEnv, builtinType('account'), accountId, { $howTheyMakeMoney: result.howTheyMakeMoney }, { countsAsUpdate: false });
    }
  });
}
