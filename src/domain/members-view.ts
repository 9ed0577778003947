import { findMember, pageMembers } from '../storage/members.js';
import type { Page } from '../storage/records.js';
import type { MemberRow } from '../storage/schema.js';
import type { RecordContext } from './records/context.js';
import { notFound, type RecordList } from './records/read-records.js';
import { httpLink, type RecordView } from './records/render-record.js';

/** A member as the API reads it: a record with four read-only fields and no relationships. */
export function renderMember(row: MemberRow, settings: RecordContext['settings']): RecordView {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    httpLink: httpLink(settings, 'members', row.id),
    fields: {
      $name: { valueType: 'FULL_NAME', value: { firstName: row.first_name || null, lastName: row.last_name || null } },
      $email: { valueType: 'EMAIL', value: row.email },
      $profileImage: { valueType: 'URL', value: null },
      $role: { valueType: 'TEXT', value: row.role },
    },
    relationships: {},
  };
}

export async function retrieveMember(ctx: Omit<RecordContext, 'memberId' | 'now'>, id: string): Promise<RecordView> {
  const row = await findMember(ctx.db, ctx.organizationId, id);
  if (!row) throw notFound('members');
  return renderMember(row, ctx.settings);
}

export async function listMemberPage(ctx: Omit<RecordContext, 'memberId' | 'now'>, page: Page): Promise<RecordList> {
  const { rows, total } = await pageMembers(ctx.db, ctx.organizationId, page);
  return { object: 'list', data: rows.map((row) => renderMember(row, ctx.settings)), totalCount: total };
}
