import assert from 'node:assert/strict';
import type { TestServer } from './server.js';

/** One custom field of every writable value type, for suites that cover the whole type table. */
export const EVERY_TYPE_FIELDS = [
  { key: 'f-text', valueType: 'TEXT' },
  { key: 'f-number', valueType: 'NUMBER' },
  { key: 'f-currency', valueType: 'CURRENCY', typeConfiguration: { currency: 'EUR' } },
  { key: 'f-datetime', valueType: 'DATETIME' },
  { key: 'f-checkbox', valueType: 'CHECKBOX' },
  { key: 'f-email', valueType: 'EMAIL', typeConfiguration: { multipleValues: true } },
  { key: 'f-phone', valueType: 'TELEPHONE' },
  { key: 'f-url', valueType: 'URL' },
  { key: 'f-social', valueType: 'SOCIAL_HANDLE', typeConfiguration: { handleService: 'LINKEDIN' } },
  { key: 'f-address', valueType: 'ADDRESS' },
  { key: 'f-name', valueType: 'FULL_NAME' },
  { key: 'f-select', valueType: 'SINGLE_SELECT', typeConfiguration: { options: ['Alpha', 'Beta'] } },
  { key: 'f-multi', valueType: 'MULTI_SELECT', typeConfiguration: { options: ['Red', 'Green', 'Blue'] } },
  { key: 'f-markdown', valueType: 'MARKDOWN' },
] as const;

/** Adds them to accounts through the admin endpoint, as a user would. */
export async function addEveryTypeField(t: TestServer): Promise<void> {
  for (const field of EVERY_TYPE_FIELDS) {
    const res = await t.request({ path: '/v1/accounts/definitions/fields', json: { label: field.key, ...field } });
    assert.equal(res.status, 200, res.text);
  }
}
