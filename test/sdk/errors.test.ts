import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Lightfield, {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  LightfieldError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '@fieldhouse/sdk';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The error a call rejects with; fails the test when it resolves. */
async function failure(call: PromiseLike<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof APIError, `an APIError, got ${String(err)}`);
    assert.ok(err instanceof LightfieldError);
    return err;
  }
  assert.fail('the call succeeded');
}

describe('SDK errors from a real server: one class per status, with status, type, code, param, headers and request id', () => {
  let t: TestServer;
  let client: Lightfield;
  let accountId: string;

  before(async () => {
    t = await startTestServer();
    client = new Lightfield({ apiKey: t.key, baseURL: t.url, maxRetries: 0 });
    accountId = (await client.account.create({ fields: { $name: 'Initech' } })).id;
  });
  after(() => t.stop());

  it('400: BadRequestError with the code and the param', async () => {
    const err = await failure(client.account.create({ fields: { $name: 'Initech', bogus: 1 } }));
    assert.ok(err instanceof BadRequestError);
    assert.deepEqual([err.status, err.type, err.code, err.param], [400, 'bad_request', 'unknown_field', 'fields.bogus']);
    assert.match(err.message, /^400 /);
    assert.equal(err.requestID, err.headers?.get('request-id'));
    assert.match(err.requestID ?? '', /^req_/);
    const missing = await failure(client.opportunity.create({ fields: { $name: 'No stage' } as never, relationships: { $account: accountId } }));
    assert.deepEqual([missing.code, missing.param], ['parameter_missing', 'fields.$stage']);
  });

  it('401: AuthenticationError', async () => {
    const err = await failure(new Lightfield({ apiKey: 'sk_lf_wrong', baseURL: t.url }).auth.validate());
    assert.ok(err instanceof AuthenticationError);
    assert.deepEqual([err.status, err.type, err.error?.message], [401, 'unauthorized', 'Invalid API key.']);
  });

  it('403: PermissionDeniedError for a key without the scope', async () => {
    const { key } = await t.createKey(['accounts:read']);
    const err = await failure(new Lightfield({ apiKey: key, baseURL: t.url }).opportunity.list());
    assert.ok(err instanceof PermissionDeniedError);
    assert.deepEqual([err.status, err.type], [403, 'forbidden']);
  });

  it('404: NotFoundError', async () => {
    const err = await failure(client.opportunity.retrieve('opp_00000000000000000000000000'));
    assert.ok(err instanceof NotFoundError);
    assert.deepEqual([err.status, err.type, err.error?.message], [404, 'not_found', "No resource found in 'opportunities' with the given ID."]);
  });

  it('409: ConflictError for a second contact with the same unique email', async () => {
    await client.contact.create({ fields: { $email: 'peter@initech.test' } });
    const err = await failure(client.contact.create({ fields: { $email: 'PETER@initech.test' } }));
    assert.ok(err instanceof ConflictError);
    assert.deepEqual([err.status, err.type, err.code, err.param], [409, 'conflict', 'unique_violation', 'fields.$email']);
  });

  it('422: UnprocessableEntityError for an unknown stage', async () => {
    const err = await failure(client.opportunity.create({ fields: { $name: 'TPS', $stage: 'Nope' }, relationships: { $account: accountId } }));
    assert.ok(err instanceof UnprocessableEntityError);
    assert.deepEqual([err.status, err.type, err.code, err.param], [422, 'unprocessable_content', 'invalid_option', 'fields.$stage']);
  });

  it('415 and other statuses without a class of their own are a plain APIError', async () => {
    const err = await failure(client.account.create({ fields: { $name: 'x' } }, { headers: { 'content-type': 'text/plain' } }));
    assert.equal(err.constructor, APIError);
    assert.deepEqual([err.status, err.type], [415, 'unsupported_media_type']);
  });
});

describe("SDK and the server's rate limit", () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ rateLimit: 1 });
  });
  after(() => t.stop());

  it('maxRetries: 0 surfaces RateLimitError with Retry-After; the default retries wait it out', async () => {
    const strict = new Lightfield({ apiKey: t.key, baseURL: t.url, maxRetries: 0 });
    await strict.auth.validate();
    const err = await failure(strict.auth.validate());
    assert.ok(err instanceof RateLimitError);
    assert.deepEqual([err.status, err.type], [429, 'too_many_requests']);
    assert.ok(Number(err.headers?.get('retry-after')) >= 1);

    // The next attempt is refused too unless a second has passed; then the client waits Retry-After.
    const attempts: Array<{ at: number; status: number }> = [];
    const patient = new Lightfield({
      apiKey: t.key,
      baseURL: t.url,
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        attempts.push({ at: Date.now(), status: res.status });
        return res;
      },
    });
    assert.equal((await patient.auth.validate()).active, true);
    assert.equal(attempts.at(-1)!.status, 200);
    for (let i = 1; i < attempts.length; i++) {
      assert.equal(attempts[i - 1]!.status, 429);
      assert.ok(attempts[i]!.at - attempts[i - 1]!.at >= 950, 'each retry waited out Retry-After: 1');
    }
  });
});
