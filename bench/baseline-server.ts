// The ceiling of the stack on this machine: Node and Fastify with nothing behind them, parsing
// the same create body and answering a fixed opportunity of the size fieldhouse answers. Every
// fieldhouse throughput is reported as a fraction of this one, so results compare across machines.
import Fastify from 'fastify';

const REPLY = {
  id: 'opp_01JDRFPXMKT1568HFM878CHHVB',
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
  httpLink: 'http://localhost:8787/crm/opportunities/opp_01JDRFPXMKT1568HFM878CHHVB',
  fields: {
    $name: { valueType: 'TEXT', value: 'Acme Robotics Expansion 2026' },
    $stage: { valueType: 'SINGLE_SELECT', value: 'opt_01JDNXA6MK5RBH8VHHPB1V2300' },
    $opportunityStatus: { valueType: 'SINGLE_SELECT', value: 'opt_01JDNXA6MK5RBH8VHHPB1V2310' },
    $amount: { valueType: 'CURRENCY', value: 48200 },
    $closeDate: { valueType: 'DATETIME', value: '2026-05-14T00:00:00.000Z' },
    $nextSteps: { valueType: 'MARKDOWN', value: 'Send the revised proposal and book a call with procurement.' },
    $summary: { valueType: 'MARKDOWN', value: null },
    $summaryGeneratedAt: { valueType: 'DATETIME', value: null },
    $lastInteractionAt: { valueType: 'DATETIME', value: null },
  },
  relationships: {
    $account: { cardinality: 'has_one', objectType: 'account', values: ['acc_01JDRFPXMKT1568HFM878CHHVA'] },
    $owner: { cardinality: 'has_one', objectType: 'member', values: ['mem_01JDNXA6MK5RBH8VHHPB1V23B4'] },
    $createdBy: { cardinality: 'has_one', objectType: 'member', values: ['mem_01JDNXA6MK5RBH8VHHPB1V23AZ'] },
    $champion: { cardinality: 'has_one', objectType: 'contact', values: [] },
    $evaluator: { cardinality: 'has_one', objectType: 'contact', values: [] },
    $task: { cardinality: 'has_many', objectType: 'task', values: [] },
    $note: { cardinality: 'has_many', objectType: 'note', values: [] },
    $meeting: { cardinality: 'has_many', objectType: 'meeting', values: [] },
  },
};

const app = Fastify({ logger: false });
app.post('/v1/opportunities', async () => REPLY);
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ msg: 'baseline is listening', url: address })}\n`);

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
