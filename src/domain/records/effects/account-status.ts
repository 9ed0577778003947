import type { DB } from '../../../storage/database.js';
import { linkedSourceTerms } from '../../../storage/record-links.js';
import { accountStatusOptionId, stageStatuses } from '../derived-fields.js';
import { linkedIds, readLinkedIds, type LinkEnd } from '../links.js';
import { writeDerivedFields } from '../write-path.js';
import { changedAny, type AfterWriteEffect, type RecordChange } from './effect.js';

const ACCOUNT_OF_OPPORTUNITY: LinkEnd = { linkType: 'opportunity.account', side: 'source' };
const OPPORTUNITIES_OF_ACCOUNT: LinkEnd = { linkType: 'opportunity.account', side: 'target' };

/** Accounts whose status an opportunity's write may move: its accounts now and any it left. */
async function touchedAccounts(trx: DB, change: RecordChange): Promise<string[]> {
  const stageMoved = changedAny(change, ['$stage', '$opportunityStatus']);
  // A derived write (a stage option re-statused) changes no link and lists none: read the accounts.
  if (change.origin === 'derived') return stageMoved ? readLinkedIds(trx, ACCOUNT_OF_OPPORTUNITY, change.row.id) : [];
  const gainedOrLost = [...change.added, ...change.removed].some((l) => l.link_type === ACCOUNT_OF_OPPORTUNITY.linkType);
  if (change.origin !== 'create' && !gainedOrLost && !stageMoved) return [];
  return [...new Set(linkedIds(ACCOUNT_OF_OPPORTUNITY, change.row.id, change.touched))];
}

/**
 * `$accountStatus` follows the stages of the account's opportunities (customer once one is won,
 * in pipeline while one is open, else prospect), recomputed whenever an opportunity's write can
 * change it. An account whose status changes counts as updated.
 */
export const accountStatusEffect: AfterWriteEffect = {
  name: 'account status',
  async apply(trx, change, env) {
    const accountIds = await touchedAccounts(trx, change);
    if (accountIds.length === 0) return;
    const [accountDefs, opportunityDefs] = await Promise.all([env.definitionsOf(trx, 'account'), env.definitionsOf(trx, 'opportunity')]);
    for (const accountId of accountIds) {
      const stages = await linkedSourceTerms(trx, OPPORTUNITIES_OF_ACCOUNT.linkType, accountId, '$stage');
      const status = accountStatusOptionId(accountDefs, stageStatuses(opportunityDefs, stages));
      if (status) await writeDerivedFields(trx, env, env.typeOf('account'), accountId, { $accountStatus: status }, { countsAsUpdate: true });
    }
  },
};
