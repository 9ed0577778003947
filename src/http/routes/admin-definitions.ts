import type { FastifyPluginAsync } from 'fastify';
import { addCustomField, type NewCustomField } from '../../domain/definitions/custom-fields.js';
import { addCustomRelationship, type NewCustomRelationship } from '../../domain/definitions/custom-relationships.js';
import type { FieldDefinition } from '../../domain/definitions/types.js';
import { updateField } from '../../domain/definitions/update-field.js';
import { CUSTOMIZABLE_TYPES, OBJECT_TYPES } from '../../domain/objects.js';
import type { AppContext } from '../context.js';
import { recordContext } from '../record-context.js';
import { apiRoute } from '../route-config.js';

/** The admin view of a field: the public shape plus what fieldhouse keeps (option statuses, archived options). */
export function adminFieldView(def: FieldDefinition) {
  return {
    key: def.key,
    id: def.id,
    label: def.label,
    description: def.description,
    valueType: def.valueType,
    readOnly: def.access === 'read-only',
    system: def.system,
    typeConfiguration: def.config,
  };
}

const newFieldBody = {
  type: 'object',
  required: ['key', 'label', 'valueType'],
  properties: { key: {}, label: {}, valueType: {}, description: {}, typeConfiguration: {} },
  additionalProperties: false,
} as const;

const newRelationshipBody = {
  type: 'object',
  required: ['key', 'label', 'cardinality', 'objectType', 'inverseKey', 'inverseLabel', 'inverseCardinality'],
  properties: { key: {}, label: {}, cardinality: {}, objectType: {}, inverseKey: {}, inverseLabel: {}, inverseCardinality: {}, description: {} },
  additionalProperties: false,
} as const;

const fieldChangesBody = {
  type: 'object',
  properties: { label: {}, description: {}, typeConfiguration: {} },
  additionalProperties: false,
} as const;

/** Definitions an admin key can write (extensions.md); the public API only reads them. */
export const adminDefinitionRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const objectType of CUSTOMIZABLE_TYPES) {
    const { plural } = OBJECT_TYPES[objectType];
    app.post(
      `/v1/${plural}/definitions/fields`,
      {
        ...apiRoute({ operation: `${objectType}.definitions.createField`, scope: 'admin', category: 'write', idempotent: true }),
        schema: { body: newFieldBody },
      },
      async (request) => {
        const rc = recordContext(ctx, request);
        return adminFieldView(await addCustomField(rc.db, rc.organizationId, objectType, request.body as NewCustomField, rc.now));
      },
    );
    app.post(
      `/v1/${plural}/definitions/relationships`,
      {
        ...apiRoute({ operation: `${objectType}.definitions.createRelationship`, scope: 'admin', category: 'write', idempotent: true }),
        schema: { body: newRelationshipBody },
      },
      async (request) => {
        const rc = recordContext(ctx, request);
        const { relationship, inverse } = await addCustomRelationship(rc.db, rc.organizationId, objectType, request.body as NewCustomRelationship, rc.now);
        const view = (d: typeof relationship) => ({
          key: d.key,
          id: d.id,
          label: d.label,
          description: d.description,
          cardinality: d.cardinality,
          /** The type it is defined on, and the type it points to. */
          definedOn: d.objectType,
          objectType: d.targetType,
        });
        return { ...view(relationship), inverse: view(inverse) };
      },
    );
    app.post<{ Params: { key: string } }>(
      `/v1/${plural}/definitions/fields/:key`,
      {
        ...apiRoute({ operation: `${objectType}.definitions.updateField`, scope: 'admin', category: 'write', idempotent: true }),
        schema: { body: fieldChangesBody },
      },
      async (request) => {
        const rc = recordContext(ctx, request);
        return adminFieldView(await updateField(rc.db, rc.organizationId, objectType, request.params.key, request.body as object, rc.now));
      },
    );
  }
};
