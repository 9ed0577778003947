import type { Compilable, CompiledQuery, DialectAdapter } from 'kysely';
import type { DB } from './database.js';

type Argument = string | number;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each compiled parameter, the index of the argument it stands for, or -1 for a constant. */
  slots: number[];
}

/**
 * A query of fixed shape whose SQL is built and compiled once per dialect; each run only binds
 * new arguments. On a point read, building and compiling through Kysely costs more than SQLite
 * takes to answer it.
 *
 * `build` is called once with a placeholder for each argument; each must reach the query as a
 * bound parameter (a value, or an item of a fixed-length `in` list, as often as the query needs
 * it), never as SQL text or through a transformation, which the first run checks.
 */
export function compiledOnce<A extends Argument[], R>(build: (db: DB, ...args: A) => Compilable<R>): (db: DB, ...args: A) => Promise<R[]> {
  // Keyed by the dialect's adapter: a database and its transactions share it, and it fixes the SQL.
  const byDialect = new WeakMap<DialectAdapter, Compiled<R>>();

  function compile(db: DB, arity: number): Compiled<R> {
    const placeholders = Array.from({ length: arity }, (_, i) => `\u0000compiled-once argument ${i}\u0000`);
    const query = build(db, ...(placeholders as A)).compile();
    const slots = query.parameters.map((p) => (typeof p === 'string' ? placeholders.indexOf(p) : -1));
    const used = new Set(slots);
    const unused = placeholders.findIndex((_, i) => !used.has(i));
    if (unused !== -1) throw new Error(`compiledOnce: argument ${unused} does not reach the query as a parameter`);
    return { query, slots };
  }

  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      compiled = compile(db, args.length);
      byDialect.set(adapter, compiled);
    }
    const { query, slots } = compiled;
    const parameters = slots.map((slot, i) => (slot === -1 ? query.parameters[i] : args[slot]));
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
