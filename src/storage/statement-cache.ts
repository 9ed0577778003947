import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement on every execution; preparing costs more than
 * running most of ours. Statements are memoized by SQL text, least recently used dropped first:
 * `IN (?, ?, …)` lists make some texts vary, so the cache is bounded.
 *
 * `onWrite`, when given, is called after every run of a statement that may write or commit.
 */
export function withStatementCache(connection: SQLite.Database, options: { capacity?: number; onWrite?: () => void } = {}): SqliteDatabase {
  const { capacity = 500, onWrite } = options;
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      connection.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement) {
        // Re-inserting moves it to the end: Map iteration order is the recency order.
        statements.delete(sql);
      } else {
        const prepared = connection.prepare(sql);
        statement = onWrite && (!prepared.readonly || ENDS_TRANSACTION.test(sql)) ? countingWrites(prepared, onWrite) : prepared;
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

/**
 * better-sqlite3 calls COMMIT and RELEASE read-only, yet they are what puts a transaction in the
 * WAL: a sync that began after the transaction's writes but before its commit covers none of it.
 */
const ENDS_TRANSACTION = /^\s*(commit|end|release)\b/i;

// `reader` is true for INSERT … RETURNING as well, so writes are told apart by `readonly`.
function countingWrites(statement: SQLite.Statement, onWrite: () => void): SqliteStatement {
  function counted<T>(run: () => T): T {
    try {
      return run();
    } finally {
      onWrite();
    }
  }
  return {
    reader: statement.reader,
    all: (parameters) => counted(() => statement.all(parameters as unknown[])),
    run: (parameters) => counted(() => statement.run(parameters as unknown[])),
    *iterate(parameters) {
      yield* counted(function* () {
        yield* statement.iterate(parameters as unknown[]);
      });
    },
  };
}
