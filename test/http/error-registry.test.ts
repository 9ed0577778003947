import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { HTTP_ERRORS } from '../../src/http/errors.js';
import { REPO_ROOT } from '../helpers/processes.js';

const CONVENTIONS = path.resolve(REPO_ROOT, '../shared/spec/api-conventions.md');

/** The codes a sentence of api-conventions.md lists, e.g. "400 codes (`code`): `a`, `b`." */
function documentedCodes(text: string, heading: RegExp): string[] {
  const start = text.search(heading);
  assert.ok(start >= 0, `api-conventions.md has no sentence matching ${heading}`);
  const paragraph = text.slice(start).split(/\n\n|\.\n/)[0]!;
  return [...paragraph.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!).filter((c) => c !== 'code');
}

describe('the error registry agrees with api-conventions.md', { skip: !fs.existsSync(CONVENTIONS) && `${CONVENTIONS} not found` }, () => {
  const text = fs.existsSync(CONVENTIONS) ? fs.readFileSync(CONVENTIONS, 'utf8') : '';
  const withStatus = (status: number) =>
    ERROR_CODES.filter((c) => HTTP_ERRORS[c].status === status && HTTP_ERRORS[c].exposeCode).sort();

  it('has exactly the documented 400 codes, in both directions', () => {
    assert.deepEqual(withStatus(400), documentedCodes(text, /^400 codes/m).sort());
  });

  it('has exactly the documented 422 codes', () => {
    assert.deepEqual(withStatus(422), documentedCodes(text, /^422 uses `code`/m).sort());
  });

  it('uses the documented type for every status of the error table', () => {
    const rows = [...text.matchAll(/^\| (\d{3}) \| `([a-z_]+)` \|/gm)].map((m) => [Number(m[1]), m[2]] as const);
    assert.ok(rows.length >= 10);
    for (const [status, type] of rows) {
      const codes = ERROR_CODES.filter((c) => HTTP_ERRORS[c].status === status);
      assert.ok(codes.length > 0, `no error code answers ${status}`);
      for (const code of codes) assert.equal(HTTP_ERRORS[code].type, type, `${code} (${status})`);
    }
  });
});
