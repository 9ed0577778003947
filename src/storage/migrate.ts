import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';

/** The database was migrated by a newer fieldhouse: running this one on it could corrupt data. */
export class SchemaTooNewError extends Error {}

const MIGRATION_TABLE = 'kysely_migration';

/** Names of migrations the database has run that this build does not have. */
async function unknownMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const applied = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return applied.rows.map((r) => r.name).filter((name) => !(name in migrations));
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const unknown = await unknownMigrations(db);
  if (unknown.length > 0) {
    const latest = Object.keys(migrations).at(-1);
    throw new SchemaTooNewError(
      `The database's schema is newer than this fieldhouse knows: it has run migration ${unknown.join(', ')}, and this version stops at ${latest}. ` +
        'Run the fieldhouse version that migrated it (or a newer one); nothing was changed.',
    );
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
