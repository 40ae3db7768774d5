import type pg from "pg";

/**
 * Stackwright's own job table (pg-boss keeps its tables in a schema of its own). The table is
 * the truth about a job (state, attempts, annotations, cancel requests); pg-boss is how a job
 * reaches a worker, durably, with retries and backoff.
 *
 * - `key` and `delivery_id` are UNIQUE: the idempotency of `submit`.
 * - A partial unique index allows one queued-or-running row per scope: scope exclusivity holds
 *   across instances without any lock held between statements.
 * - `lease` is the running attempt's token and `heartbeat_at` its liveness: a row whose heartbeat
 *   is stale is handed on, and the old run's writes (which name its lease) no longer match.
 */
const MIGRATIONS: { version: number; name: string; sql: (schema: string) => string }[] = [
  {
    version: 1,
    name: "jobs",
    sql: (s) => `
      CREATE TABLE ${s}.jobs (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        scope text NOT NULL,
        key text NOT NULL,
        delivery_id text,
        state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        payload jsonb NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        error text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at timestamptz,
        finished_at timestamptz,
        cancel_requested_at timestamptz,
        lease uuid,
        worker text,
        heartbeat_at timestamptz
      );
      CREATE UNIQUE INDEX jobs_key ON ${s}.jobs (key);
      CREATE UNIQUE INDEX jobs_delivery_id ON ${s}.jobs (delivery_id);
      CREATE UNIQUE INDEX jobs_active_scope ON ${s}.jobs (scope) WHERE state IN ('queued', 'running');
      CREATE INDEX jobs_scope_created ON ${s}.jobs (scope, created_at DESC);
      CREATE INDEX jobs_running_heartbeat ON ${s}.jobs (heartbeat_at) WHERE state = 'running';
      CREATE INDEX jobs_finished ON ${s}.jobs (finished_at) WHERE finished_at IS NOT NULL;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function assertSchemaName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(name)) throw new TypeError(`schema name ${JSON.stringify(name)} must be lower-case letters, digits and "_"`);
}

/**
 * Creates or upgrades the schema, then runs `alsoLocked` (pg-boss's own start, whose schema
 * creation races when two instances start at once) while still holding the lock.
 *
 * Safe when several instances start at once: a session-level advisory lock serializes them,
 * and the DDL runs in a transaction begun after the lock was granted, so the catalog it checks
 * is current (a transaction that waits for an advisory lock inside itself can miss a schema
 * created meanwhile and fail on pg_namespace's unique index).
 */
export async function ensureJobSchema(pool: pg.Pool, schema: string, alsoLocked?: () => Promise<void>): Promise<void> {
  assertSchemaName(schema);
  await withSessionLock(pool, `stackwright-jobs-schema:${schema}`, async (client) => {
    await client.query("BEGIN");
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.jobs_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number }>(`SELECT coalesce(max(version), 0)::int AS version FROM ${schema}.jobs_migrations`);
      const current = rows[0]?.version ?? 0;
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue;
        await client.query(migration.sql(schema));
        await client.query(`INSERT INTO ${schema}.jobs_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    await alsoLocked?.();
  });
}

/**
 * Runs `work` while this connection holds a session-level advisory lock on `key`: a mutex
 * among all instances using the database. `work` may use other connections of the pool.
 */
export async function withSessionLock<T>(pool: pg.Pool, key: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
    try {
      return await work(client);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [key]).catch(() => {
        broken = true;
      });
    }
  } catch (error) {
    // A connection left in a failed transaction, or whose unlock failed, is closed rather than reused.
    broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}
