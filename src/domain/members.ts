import type { DB } from '../storage/database.js';
import { findMemberByEmail, insertMember } from '../storage/members.js';
import type { MemberRow } from '../storage/schema.js';
import { DomainError } from './errors.js';
import { newId } from './ids.js';

export type MemberRole = MemberRow['role'];

export interface NewMember {
  organizationId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: MemberRole;
  now: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function addMember(db: DB, input: NewMember): Promise<MemberRow> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new DomainError('invalid_value', `'${input.email}' is not an email address.`, 'email');
  if (input.role !== 'ADMIN' && input.role !== 'MEMBER') {
    throw new DomainError('invalid_value', `Role must be ADMIN or MEMBER, got '${String(input.role)}'.`, 'role');
  }
  if (await findMemberByEmail(db, input.organizationId, email)) {
    throw new DomainError('conflict', `A member with email '${email}' already exists.`, 'email');
  }
  const at = input.now.toISOString();
  const row: MemberRow = {
    id: newId('mem', input.now.getTime()),
    organization_id: input.organizationId,
    email,
    first_name: input.firstName.trim(),
    last_name: input.lastName.trim(),
    role: input.role,
    created_at: at,
    updated_at: at,
  };
  await insertMember(db, row);
  return row;
}
