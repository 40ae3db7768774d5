import pg from "pg";

// Keep `date` columns as the plain "YYYY-MM-DD" text Postgres sends, instead of a
// JavaScript Date at local midnight (which shifts with the server's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// count(*) and other bigint results as numbers (safe for row counts).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A connection pool for DATABASE_URL. Every query uses $1, $2... parameters, never string concatenation of values. */
export function createPool(databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", (error) => console.error("database connection error:", error.message));
  return pool;
}

/** Runs `work(client)` inside BEGIN/COMMIT on one client; rolls back if it throws. */
export async function withTransaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * `insert into <table> (...) values ($1, ...) returning id` for the columns set in `row`.
 * Table and column names come from the route modules, never from a request.
 */
export function insertQuery(table, row) {
  const columns = Object.keys(row);
  const values = Object.values(row);
  if (columns.length === 0) return { text: `insert into ${table} default values returning id`, values };
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  return {
    text: `insert into ${table} (${columns.join(", ")}) values (${placeholders.join(", ")}) returning id`,
    values,
  };
}

/** `update <table> set a = $1, ..., updated_at = now() where id = $n returning id`. */
export function updateQuery(table, row, id, { timestamps = true } = {}) {
  const columns = Object.keys(row);
  const assignments = columns.map((column, i) => `${column} = $${i + 1}`);
  if (timestamps) assignments.push("updated_at = now()");
  return {
    text: `update ${table} set ${assignments.join(", ")} where id = $${columns.length + 1} returning id`,
    values: [...Object.values(row), id],
  };
}

/** Collects `where` conditions and their parameters for list queries. */
export class Conditions {
  #parts = [];
  values = [];

  /** Adds a condition; `?` in `sql` stands for the parameter holding `value`. */
  add(sql, value) {
    this.values.push(value);
    this.#parts.push(sql.replaceAll("?", `$${this.values.length}`));
    return this;
  }

  /** The next free parameter number, for clauses added after the conditions (limit, offset). */
  next() {
    return this.values.length + 1;
  }

  toString() {
    return this.#parts.length === 0 ? "" : `where ${this.#parts.join(" and ")}`;
  }
}

/** Escapes %, _ and \ so a search term matches literally inside `ilike '%...%'`. */
export function likePattern(term) {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The same object without the keys whose value is undefined (fields a request left out). */
export function withoutUndefined(row) {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
}

/** A value for a jsonb parameter: JSON text, or null/undefined as they are. */
export function toJsonb(value) {
  return value === undefined || value === null ? value : JSON.stringify(value);
}
