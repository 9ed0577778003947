import type { Selectable } from 'kysely';
import type { DB } from './database.js';
import type { Page } from './records.js';
import type { DatabaseSchema } from './schema.js';

/** Tables listed per organization in the API's order: newest first, id as tie-break. */
type PagedTable = 'members' | 'files';

/** One page of an organization's rows in the API's list order, and how many there are in all. */
export async function pageOfOrganization<T extends PagedTable>(
  db: DB,
  table: T,
  organizationId: string,
  page: Page,
): Promise<{ rows: Array<Selectable<DatabaseSchema[T]>>; total: number }> {
  // One table's name stands for the union: the columns used here are the same in each.
  const from = table as PagedTable as 'files';
  const [rows, count] = await Promise.all([
    db
      .selectFrom(from)
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom(from)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as Array<Selectable<DatabaseSchema[T]>>, total: Number(count.n) };
}
