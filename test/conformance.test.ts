import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertConforms, conformanceAvailable, findOperation, OPENAPI_PATH } from './helpers/conformance.js';

// The helper every route test leans on must itself be able to fail.
describe('the conformance helper', { skip: !conformanceAvailable && `${OPENAPI_PATH} not found` }, () => {
  it('finds operations by method and path, literal segments before parameters', () => {
    assert.equal(findOperation('GET', '/v1/auth/validate'), 'auth.validate');
    assert.equal(findOperation('GET', '/v1/opportunities/definitions'), 'opportunity.definitions');
    assert.equal(findOperation('GET', '/v1/opportunities/opp_123?x=1'), 'opportunity.retrieve');
    assert.equal(findOperation('POST', '/v1/opportunities'), 'opportunity.create');
    assert.equal(findOperation('DELETE', '/v1/opportunities'), undefined);
  });

  it('accepts a valid body and rejects a body missing a required key or of the wrong type', () => {
    assertConforms('auth.validate', 200, { active: true, tokenType: 'api_key', subjectType: 'user', scopes: [] });
    assert.throws(() => assertConforms('auth.validate', 200, { active: true, tokenType: 'api_key', scopes: [] }), /subjectType/);
    assert.throws(() => assertConforms('auth.validate', 200, { active: 'yes', tokenType: 'api_key', subjectType: 'user', scopes: [] }));
  });

  it('holds errors to the status\'s error schema and to the bare envelope', () => {
    assertConforms('auth.validate', 401, { error: { type: 'unauthorized', message: 'Invalid API key.' } });
    assert.throws(() => assertConforms('auth.validate', 401, { error: { type: 'forbidden', message: 'x' } }));
    assert.throws(() => assertConforms('auth.validate', 400, { error: { type: 'bad_request', message: 'no code' } }), /code/);
    assert.throws(() => assertConforms('auth.validate', 401, { error: { type: 'unauthorized', message: 'x' }, extra: 1 }));
    assert.throws(() => assertConforms('workflowRun.status', 429, { error: { type: 'too_many_requests', message: 'x' } }), /does not declare/);
    assertConforms(undefined, 404, { error: { type: 'not_found', message: 'No route.' } });
    assert.throws(() => assertConforms(undefined, 404, { error: { type: 'nope', message: 'x' } }));
  });
});
