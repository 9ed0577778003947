import { Option, type Command } from 'commander';
import { action, IDEMPOTENCY_KEY, integer, resourceCommand, writeOptions, type KeyFlags } from './shared.js';

// Background runs: `fieldhouse workflow-run status` and `fieldhouse enrichment-run create|retrieve`.

type WaitFlags = { wait?: boolean; interval?: number; timeout?: number };

function waitFlags(command: Command, prefix: string): Command {
  return command
    .option('--interval <ms>', `${prefix}between two reads (default 1000)`, integer)
    .option('--timeout <ms>', `${prefix}give up after (default 120000)`, integer);
}

export function registerRunResources(program: Command): void {
  const workflowRun = resourceCommand(program, 'workflow-run', 'background runs named by the Fieldhouse-Workflow-Run header');
  workflowRun
    .command('status')
    .description('queued, running, completed or failed')
    .argument('<runId>')
    .action(action((client, runId: string) => client.workflowRun.status(runId)));

  const run = resourceCommand(program, 'enrichment-run', 'background runs filling in missing fields of contacts and accounts');
  const create = run
    .command('create')
    .description('start a run for a record (one at a time: a run in flight is answered as already_running)')
    .addOption(new Option('--entity-slug <slug>', 'the type of record').choices(['contacts', 'accounts']).makeOptionMandatory())
    .requiredOption('--entity-id <id>', 'the record (con_… or acc_…)')
    .option('--fields <keys>', 'fields to refresh even when set, comma-separated or repeated (default: fill empty ones)', (raw: string, previous: string[] = []) => [
      ...previous,
      ...raw.split(',').map((k) => k.trim()).filter(Boolean),
    ])
    .option('--wait', 'then poll the run until it is completed, failed or timed_out, and print it');
  waitFlags(create, 'with --wait: ')
    .option(...IDEMPOTENCY_KEY)
    .action(
      action(async (client, flags: KeyFlags & WaitFlags & { entitySlug: 'contacts' | 'accounts'; entityId: string; fields?: string[] }) => {
        const answer = await client.enrichmentRun.enrich(flags.entityId, { entitySlug: flags.entitySlug, ...(flags.fields && { fields: flags.fields }) }, writeOptions(flags));
        if (!flags.wait || !answer.enrichmentRun) return answer;
        return client.enrichmentRun.waitFor(answer.enrichmentRun.id, { intervalMs: flags.interval, timeoutMs: flags.timeout });
      }),
    );
  const retrieve = run
    .command('retrieve')
    .description('one run by id: its status and target fields')
    .argument('<runId>')
    .option('--wait', 'poll until it is completed, failed or timed_out');
  waitFlags(retrieve, 'with --wait: ').action(
    action((client, runId: string, flags: WaitFlags) =>
      flags.wait ? client.enrichmentRun.waitFor(runId, { intervalMs: flags.interval, timeoutMs: flags.timeout }) : client.enrichmentRun.getEnrichmentRun(runId),
    ),
  );
}
