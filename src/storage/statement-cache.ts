import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement on every execution; preparing costs more than
 * running most of ours. Statements are memoized by SQL text, least recently used dropped first:
 * `IN (?, ?, …)` lists make some texts vary, so the cache is bounded.
 *
 * `onWrite`, when given, is called after every run of a statement that may write.
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
        statement = onWrite && !prepared.readonly ? countingWrites(prepared, onWrite) : prepared;
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

// `reader` is true for INSERT … RETURNING as well, so writes are told apart by `readonly`.
function countingWrites(statement: SQLite.Statement, onWrite: () => void): SqliteStatement {
  return {
    reader: statement.reader,
    all(parameters) {
      try {
        return statement.all(parameters as unknown[]);
      } finally {
        onWrite();
      }
    },
    run(parameters) {
      try {
        return statement.run(parameters as unknown[]);
      } finally {
        onWrite();
      }
    },
    iterate(parameters) {
      onWrite();
      return statement.iterate(parameters as unknown[]);
    },
  };
}
