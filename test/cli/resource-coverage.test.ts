import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { resourceProgram } from '../../src/cli/resources/index.js';
import { conformanceAvailable, OPENAPI_PATH } from '../helpers/conformance.js';

// Every operation of the API has a `fieldhouse <resource> <command>` that serves it. The table is
// checked against the program tree the CLI really registers: each argv is parsed by it (with the
// actions replaced, so nothing is sent) and must reach the command it names, flags and arguments
// accepted.

const ACC = 'acc_01ARZ3NDEKTSV4RRFFQ69G5FAV';
const ID = 'x_1';
const FIELDS = ['--fields', '{"$name": "x"}'];

/** The 55 operations of ../shared/lightfield/openapi.json. */
const OPENAPI_OPERATIONS: Record<string, string[]> = {
  'auth.validate': ['auth', 'validate'],
  ...Object.fromEntries(
    ['account', 'contact', 'opportunity', 'task', 'note', 'meeting'].flatMap((r) => [
      [`${r}.create`, [r, 'create', ...FIELDS]],
      [`${r}.list`, [r, 'list', '--limit', '5', '--filter', '$name=x', '--sort', '-createdAt']],
      [`${r}.update`, [r, 'update', ID, ...FIELDS]],
      [`${r}.retrieve`, [r, 'retrieve', ID]],
    ]),
  ),
  ...Object.fromEntries(['account', 'contact', 'opportunity', 'task'].map((r) => [`${r}.definitions`, [r, 'definitions']])),
  'list.create': ['list', 'create', '--fields', '{"$name": "L", "$objectType": "$account"}'],
  'list.list': ['list', 'list', '--limit', '2'],
  'list.update': ['list', 'update', ID, '--relationships', `{"$accounts": {"add": ["${ACC}"]}}`],
  'list.retrieve': ['list', 'retrieve', ID],
  'list.listAccounts': ['list', 'list-accounts', ID, '--sort', '$name'],
  'list.listContacts': ['list', 'list-contacts', ID],
  'list.listOpportunities': ['list', 'list-opportunities', ID, '--filter', '$stage=Demo'],
  'member.retrieve': ['member', 'retrieve', ID],
  'member.list': ['member', 'list'],
  'workflowRun.status': ['workflow-run', 'status', 'wfr_1'],
  'file.create': ['file', 'create', '--filename', 'a.txt', '--mime-type', 'text/plain', '--size-bytes', '3'],
  'file.list': ['file', 'list', '--offset', '1'],
  'file.complete': ['file', 'complete', ID, '--md5', '900150983cd24fb0d6963f7d28e17f72'],
  'file.retrieve': ['file', 'retrieve', ID],
  'file.url': ['file', 'url', ID],
  'file.cancel': ['file', 'cancel', ID],
  'object.create': ['object', 'create', 'gadgets', ...FIELDS],
  'object.retrieve': ['object', 'retrieve', 'gadgets', ID],
  'object.update': ['object', 'update', 'gadgets', ID, ...FIELDS],
  'object.list': ['object', 'list', 'gadgets', '--filter', '$name=x'],
  'object.definitions': ['object', 'definitions', 'gadgets'],
  'object.listDefinitions': ['object', 'list-definitions'],
  'email.retrieve': ['email', 'retrieve', ID],
  'email.list': ['email', 'list'],
  'email.send': ['email', 'send', '--from', 'a@x.test', '--to', 'b@x.test', '--subject', 's', '--text', 't'],
  'email.draft': ['email', 'draft', '--from', 'a@x.test'],
};

/** The 25 operations spec/newer-api.md adds, by the SDK's method names (as test/sdk/resources.test.ts). */
const NEWER_OPERATIONS: Record<string, string[]> = {
  ...Object.fromEntries(['account', 'contact', 'opportunity', 'task', 'note', 'meeting', 'list'].map((r) => [`${r}.delete`, [r, 'delete', ID]])),
  'object.delete': ['object', 'delete', 'gadgets', ID],
  ...Object.fromEntries(['account', 'contact', 'opportunity'].map((r) => [`${r}.fieldHistory`, [r, 'field-history', ID, '$name', '--limit', '2']])),
  'object.fieldHistory': ['object', 'field-history', 'gadgets', ID, '$name', '--all'],
  'note.definitions': ['note', 'definitions'],
  'meeting.definitions': ['meeting', 'definitions'],
  ...Object.fromEntries(['account', 'contact', 'opportunity'].map((r) => [`${r}.merge`, [r, 'merge', '--primary', 'a', '--duplicate', 'b', '--dry-run']])),
  'object.merge': ['object', 'merge', 'gadgets', '--primary', 'a', '--duplicate', 'b'],
  'merge.retrieve': ['merge', 'retrieve', 'mrg_1'],
  'message.list': ['message', 'list'],
  'message.retrieve': ['message', 'retrieve', ID],
  'channel.list': ['channel', 'list'],
  'channel.retrieve': ['channel', 'retrieve', ID],
  'enrichmentRun.enrich': ['enrichment-run', 'create', '--entity-slug', 'accounts', '--entity-id', ACC],
  'enrichmentRun.getEnrichmentRun': ['enrichment-run', 'retrieve', 'wfr_1'],
};

/** fieldhouse's own operations and the SDK's composite helpers, which the CLI serves as well. */
const FIELDHOUSE_OPERATIONS: Record<string, string[]> = {
  ...Object.fromEntries(['account', 'contact', 'opportunity', 'task', 'note', 'meeting', 'list'].map((r) => [`${r}.restore`, [r, 'restore', ID]])),
  'object.restore': ['object', 'restore', 'gadgets', ID],
  'merge.undo': ['merge', 'undo', 'mrg_1'],
  'channel.create': ['channel', 'create', '--fields', '{"$name": "general", "$provider": "SLACK", "$visibility": "PUBLIC"}'],
  'channel.createMessage': ['message', 'create', '--channel', 'chn_1', '--fields', '{"$text": "Hi"}'],
  'file.upload': ['file', 'upload', './notes.txt', '--mime-type', 'text/plain'],
  'enrichmentRun.waitFor': ['enrichment-run', 'retrieve', 'wfr_1', '--wait', '--timeout', '1000'],
};

const ALL_OPERATIONS = { ...OPENAPI_OPERATIONS, ...NEWER_OPERATIONS, ...FIELDHOUSE_OPERATIONS };

function leaves(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => (sub.commands.length === 0 ? [[...prefix, sub.name()]] : leaves(sub, [...prefix, sub.name()])));
}

/**
 * Parses `argv` with the CLI's resource commands, their actions replaced by one that records
 * which command ran: the command's path, or the error commander stopped at.
 */
async function dispatch(argv: string[]): Promise<{ ran?: string; error?: string }> {
  const program = resourceProgram();
  let ran: string | undefined;
  const stub = (command: Command, path: string[]): void => {
    command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()];
      if (sub.commands.length === 0) sub.action(() => void (ran = subPath.join(' ')));
      stub(sub, subPath);
    }
  };
  stub(program, []);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { error: err.message };
    throw err;
  }
  return { ran };
}

describe('fieldhouse <resource> <command> covers every operation', () => {
  it('maps the 55 operations of openapi.json, and nothing else under their names', { skip: !conformanceAvailable && `${OPENAPI_PATH} not found` }, () => {
    const doc = JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op.operationId ? [op.operationId] : [])));
    assert.equal(ids.length, 55);
    assert.deepEqual(Object.keys(OPENAPI_OPERATIONS).sort(), [...ids].sort());
  });

  it('maps 80 operations in all: the 55 and the 25 of newer-api.md', () => {
    assert.equal(Object.keys(OPENAPI_OPERATIONS).length, 55);
    assert.equal(Object.keys(NEWER_OPERATIONS).length, 25);
    assert.equal(new Set([...Object.keys(OPENAPI_OPERATIONS), ...Object.keys(NEWER_OPERATIONS)]).size, 80);
  });

  it('reaches the command each argv names, with its flags and arguments accepted', async () => {
    for (const [operation, argv] of Object.entries(ALL_OPERATIONS)) {
      const outcome = await dispatch(argv);
      assert.deepEqual(outcome, { ran: `${argv[0]} ${argv[1]}` }, `${operation}: fieldhouse ${argv.join(' ')}`);
    }
  });

  it('has no resource command that serves none of the operations', () => {
    const served = new Set(Object.values(ALL_OPERATIONS).map((argv) => `${argv[0]} ${argv[1]}`));
    const unmapped = leaves(resourceProgram()).map((path) => path.join(' ')).filter((path) => !served.has(path));
    assert.deepEqual(unmapped, []);
  });

  it('refuses an argv without what the command needs, so the table above proves something', async () => {
    assert.match((await dispatch(['object', 'retrieve', 'gadgets'])).error ?? '', /missing required argument 'id'/);
    assert.match((await dispatch(['file', 'create', '--filename', 'a.txt'])).error ?? '', /required option '--mime-type <type>' not specified/);
    assert.match((await dispatch(['list', 'list-everything', ID])).error ?? '', /unknown command 'list-everything'/);
    assert.match((await dispatch(['file', 'list', '--format', 'xml'])).error ?? '', /Allowed choices are json, pretty, yaml/);
  });
});
