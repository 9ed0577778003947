import { linkedSourceTerms } from '../../../storage/record-links.js';
import { findRecords } from '../../../storage/records.js';
import { loadDefinitions } from '../../definitions/load.js';
import { accountStatusOptionId, stageStatuses } from '../derived-fields.js';
import { linkedIds, type LinkEnd } from '../links.js';
import { writeDerivedFields } from '../write-path.js';
import { changedAny, type AfterWriteEffect, type RecordChange } from './effect.js';

const ACCOUNT_OF_OPPORTUNITY: LinkEnd = { linkType: 'opportunity.account', side: 'source' };
const OPPORTUNITIES_OF_ACCOUNT: LinkEnd = { linkType: 'opportunity.account', side: 'target' };

/** Accounts whose status an opportunity's write may move: its accounts now and any it left. */
function touchedAccounts(change: RecordChange): string[] {
  const gainedOrLost = [...change.added, ...change.removed].some((l) => l.link_type === ACCOUNT_OF_OPPORTUNITY.linkType);
  if (change.origin !== 'create' && !gainedOrLost && !changedAny(change, ['$stage', '$opportunityStatus'])) return [];
  return [...new Set(linkedIds(ACCOUNT_OF_OPPORTUNITY, change.row.id, [...change.links, ...change.removed]))];
}

/**
 * `$accountStatus` follows the stages of the account's opportunities (customer once one is won,
 * in pipeline while one is open, else prospect), recomputed whenever an opportunity's write can
 * change it. An account whose status changes counts as updated.
 */
export const accountStatusEffect: AfterWriteEffect = {
  name: 'account status',
  async apply(trx, change, env) {
    const accountIds = touchedAccounts(change);
    if (accountIds.length === 0) return;
    const [accountDefs, opportunityDefs] = await Promise.all([
      loadDefinitions(trx, env.organizationId, 'account'),
      loadDefinitions(trx, env.organizationId, 'opportunity'),
    ]);
    for (const account of await findRecords(trx, env.organizationId, accountIds)) {
      const stages = await linkedSourceTerms(trx, OPPORTUNITIES_OF_ACCOUNT.linkType, account.id, '$stage');
      const status = accountStatusOptionId(accountDefs, stageStatuses(opportunityDefs, stages));
      if (status) await writeDerivedFields(trx, env, env.typeOf('account'), account.id, { $accountStatus: status }, { countsAsUpdate: true });
    }
  },
};
