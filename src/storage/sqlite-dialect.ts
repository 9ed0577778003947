import { SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';

/**
 * SQLite's DDL is transactional, but Kysely's adapter says otherwise, so its migrator would run
 * migrations without a transaction: one that failed half way (a full disk while 0017 rewrites every
 * term) would leave a schema no later start could migrate ("duplicate column name"). Saying so
 * runs every pending migration in one transaction: all of them land, or none does.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}
