import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import { apiRoute } from '../../src/http/route-config.js';

/**
 * A test-only write route standing in for real resources: it counts how often its handler
 * runs, can be held open, and can fail on request.
 */
export interface WidgetProbe {
  runs: number;
  /** While set, every handler waits for it before answering. */
  gate: Promise<void> | undefined;
  routes: (app: FastifyInstance) => Promise<void>;
}

export function widgetRoutes(): WidgetProbe {
  const probe: WidgetProbe = {
    runs: 0,
    gate: undefined,
    routes: async (app) => {
      app.post(
        '/v1/widgets',
        {
          ...apiRoute({ operation: 'widget.create', scope: 'accounts:create', category: 'write', idempotent: true }),
          schema: {
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: { name: { type: 'string' }, fail: { type: 'boolean' }, crash: { type: 'boolean' } },
            },
          },
        },
        async (request) => {
          probe.runs += 1;
          const body = request.body as { name: string; fail?: boolean; crash?: boolean };
          if (probe.gate) await probe.gate;
          if (body.fail) throw new DomainError('invalid_value', 'This widget was asked to fail.', 'name');
          if (body.crash) throw new Error('widget handler exploded');
          return { id: newId('rec'), name: body.name, run: probe.runs };
        },
      );
      app.post(
        '/v1/widgets/:id',
        apiRoute({ operation: 'widget.update', scope: 'accounts:update', category: 'write', idempotent: true }),
        async (request) => {
          probe.runs += 1;
          return { id: (request.params as { id: string }).id, run: probe.runs };
        },
      );
      app.get('/v1/widgets', apiRoute({ operation: 'widget.list', scope: 'accounts:read', category: 'search' }), async () => ({
        object: 'list',
        data: [],
        totalCount: 0,
      }));
    },
  };
  return probe;
}
