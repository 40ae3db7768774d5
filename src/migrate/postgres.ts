import pg from "pg";
import { sleep } from "../util/sleep.js";
import { splitSql } from "../util/sql.js";
import { LineIndex, offsetOfCodePoint } from "../util/text.js";
import {
  ChangedMigrationError,
  FailedMigrationError,
  LockTimeoutError,
  MigrationAbortedError,
  MigrationError,
  MissingMigrationError,
} from "./errors.js";
import { migrationLabel, readMigrationDirectory, type MigrationFile } from "./files.js";

/**
 * Stackwright's PostgreSQL migration runner. It keeps the generated app's
 * contract (docs/generated-app-contract.md, "Migrations"), so it and the app's
 * own `scripts/migrate.js` can take turns on one database:
 *
 * - tracking table `stackwright_migrations (version, name, checksum, applied_at, duration_ms)`,
 *   `checksum` the SHA-256 of the file with `\n` line endings;
 * - a session advisory lock, `pg_advisory_lock(727274)`, for the whole run, held on a
 *   connection of its own, so two runners never apply the same migration;
 * - each pending migration in its own transaction, together with its tracking row;
 * - an applied migration whose file changed, or whose file is gone, is an error;
 * - a re-run applies nothing.
 *
 * Inside each migration's transaction the runner also checks, once more, that
 * the version is not recorded yet. On real PostgreSQL the lock already makes
 * that so; on PGlite (one backend session shared by every client, where
 * advisory locks never conflict, but where transactions are serialised) it is
 * what keeps a second, concurrent runner from applying a migration twice.
 */

/** The advisory lock key every runner of the contract takes. */
export const MIGRATION_LOCK_KEY = 727274;
export const TRACKING_TABLE = "stackwright_migrations";

const CREATE_TRACKING_TABLE = `
  create table if not exists stackwright_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now(),
    duration_ms integer not null
  )`;

export interface MigratePostgresOptions {
  /** The database to migrate (a secret: never logged, never in an error). */
  databaseUrl: string;
  /** The directory holding `NNNN_<description>.sql`. */
  dir: string;
  /** One line per event ("applied 0001_create_users.sql (12 ms)"). */
  log?: (line: string) => void;
  /** Stops the run between migrations (a migration that has started finishes or fails first), or while waiting for the lock. */
  signal?: AbortSignal;
  /** How long to wait for another run's lock before giving up. Default 10 minutes. */
  lockTimeoutMs?: number;
  /** Check the history and list what would run, without applying anything. */
  dryRun?: boolean;
}

export interface AppliedMigration {
  version: number;
  name: string;
  file: string;
  durationMs: number;
}

export interface MigrationReport {
  /** What this run applied, in order. */
  applied: AppliedMigration[];
  /** Migrations that were already applied (by an earlier run, or a concurrent one). */
  skipped: number;
  /** With `dryRun`: the files that would be applied. Otherwise empty. */
  pending: string[];
  /** `.sql` files in the directory that no runner applies (not named `NNNN_<description>.sql`). */
  ignored: string[];
  /** Time spent waiting for another run's lock. */
  lockWaitMs: number;
  totalMs: number;
}

interface TrackingRow {
  version: number;
  name: string;
  checksum: string;
}

export async function migratePostgres(options: MigratePostgresOptions): Promise<MigrationReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { signal } = options;
  if (!options.databaseUrl) throw new MigrationError("connection", "no database URL: set DATABASE_URL (or pass one) to the PostgreSQL database to migrate");
  const { migrations, ignored } = await readMigrationDirectory(options.dir);
  for (const file of ignored) log(`ignored ${file}: not named NNNN_<description>.sql, so no runner applies it`);
  throwIfAborted(signal, []);

  const lockClient = await connect(options.databaseUrl);
  let workClient: pg.Client | undefined;
  let locked = false;
  const applied: AppliedMigration[] = [];
  try {
    const lockWaitMs = await acquireLock(lockClient, { log, signal, timeoutMs: options.lockTimeoutMs ?? 10 * 60_000 });
    locked = true;
    workClient = await connect(options.databaseUrl);
    // A dry run changes nothing, not even by creating the tracking table.
    const tracked = options.dryRun ? (await workClient.query<{ t: string | null }>("select to_regclass($1) as t", [TRACKING_TABLE])).rows[0]?.t !== null : true;
    if (!options.dryRun) await workClient.query(CREATE_TRACKING_TABLE);
    const rows = tracked ? (await workClient.query<TrackingRow>(`select version, name, checksum from ${TRACKING_TABLE} order by version`)).rows : [];
    checkHistory(rows, migrations);

    const done = new Set(rows.map((r) => r.version));
    const latest = rows.reduce((max, r) => Math.max(max, r.version), 0);
    const pending = migrations.filter((m) => !done.has(m.version));
    for (const m of pending) {
      if (m.version < latest) log(`note: ${m.file} is older than the latest applied migration (${migrationLabel(latest, rows.find((r) => r.version === latest)!.name)}); applying it out of order`);
    }
    if (options.dryRun) {
      for (const m of pending) log(`would apply ${m.file}`);
      if (pending.length === 0) log("database is up to date");
      return { applied, skipped: rows.length, pending: pending.map((m) => m.file), ignored, lockWaitMs, totalMs: performance.now() - started };
    }

    let skipped = migrations.length - pending.length;
    for (const migration of pending) {
      throwIfAborted(signal, applied);
      const outcome = await applyOne(workClient, migration);
      if (outcome === "already-applied") {
        skipped++;
        log(`${migration.file} was applied by another run meanwhile`);
        continue;
      }
      applied.push(outcome);
      log(`applied ${migration.file} (${outcome.durationMs} ms)`);
    }
    if (applied.length === 0) log("database is up to date");
    return { applied, skipped, pending: [], ignored, lockWaitMs, totalMs: performance.now() - started };
  } catch (error) {
    if (error instanceof MigrationError) {
      error.applied = [...applied];
      throw error;
    }
    const wrapped = new MigrationError("connection", `the migration run failed: ${describeError(error)}`, { cause: error });
    wrapped.applied = [...applied];
    throw wrapped;
  } finally {
    if (workClient) await workClient.end().catch(() => {});
    if (locked) await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await lockClient.end().catch(() => {});
  }
}

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection that breaks while idle emits 'error'; the next query reports it instead of the process crashing.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new MigrationError("connection", `cannot connect to the database: ${describeError(error)}`, { cause: error });
  }
  return client;
}

/** Polls pg_try_advisory_lock so that waiting can time out and be cancelled. Returns the time waited. */
async function acquireLock(client: pg.Client, options: { log: (line: string) => void; signal: AbortSignal | undefined; timeoutMs: number }): Promise<number> {
  const started = performance.now();
  let delay = 50;
  let told = false;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [MIGRATION_LOCK_KEY]);
    if (rows[0]?.locked) return performance.now() - started;
    const waited = performance.now() - started;
    if (waited >= options.timeoutMs) throw new LockTimeoutError(MIGRATION_LOCK_KEY, waited);
    if (!told) {
      options.log(`waiting for another migration run to finish (pg_advisory_lock(${MIGRATION_LOCK_KEY}))`);
      told = true;
    }
    await sleepOrAbort(Math.min(delay, options.timeoutMs - waited), options.signal);
    delay = Math.min(delay * 2, 1_000);
  }
}

/** Every applied migration still has its file, unchanged. */
function checkHistory(rows: TrackingRow[], migrations: MigrationFile[]): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const missing: string[] = [];
  const changed: string[] = [];
  for (const row of rows) {
    const file = byVersion.get(row.version);
    if (!file) missing.push(migrationLabel(row.version, row.name));
    else if (file.checksum !== row.checksum) changed.push(file.file);
  }
  if (changed.length > 0) throw new ChangedMigrationError(changed);
  if (missing.length > 0) throw new MissingMigrationError(missing);
}

/** One migration and its tracking row in one transaction. */
async function applyOne(client: pg.Client, migration: MigrationFile): Promise<AppliedMigration | "already-applied"> {
  await client.query("begin");
  try {
    const recorded = await client.query<{ checksum: string }>(`select checksum from ${TRACKING_TABLE} where version = $1`, [migration.version]);
    const row = recorded.rows[0];
    if (row) {
      await client.query("rollback");
      if (row.checksum !== migration.checksum) throw new ChangedMigrationError([migration.file]);
      return "already-applied";
    }
    const started = performance.now();
    try {
      await client.query(migration.sql);
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw await failure(client, migration, error);
    }
    const durationMs = Math.round(performance.now() - started);
    await client.query(`insert into ${TRACKING_TABLE} (version, name, checksum, duration_ms) values ($1, $2, $3, $4)`, [
      migration.version,
      migration.name,
      migration.checksum,
      durationMs,
    ]);
    await client.query("commit");
    return { version: migration.version, name: migration.name, file: migration.file, durationMs };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

interface PgErrorFields {
  message?: string;
  position?: string;
  code?: string;
  detail?: string;
  hint?: string;
}

/** A FailedMigrationError naming the line of the failing statement. */
async function failure(client: pg.Client, migration: MigrationFile, error: unknown): Promise<FailedMigrationError> {
  const e = (error ?? {}) as PgErrorFields;
  const reason = typeof e.message === "string" ? e.message : String(error);
  const position = Number(e.position);
  let offset: number | undefined;
  if (Number.isInteger(position) && position > 0) offset = offsetOfCodePoint(migration.sql, position);
  else offset = await locateFailure(client, migration.sql);
  const where: FailedMigrationError["where"] = {};
  if (offset !== undefined) Object.assign(where, new LineIndex(migration.sql).at(offset));
  if (e.code) where.sqlState = e.code;
  if (e.detail) where.detail = e.detail;
  if (e.hint) where.hint = e.hint;
  return new FailedMigrationError(migration.file, reason, where, { cause: error });
}

/**
 * Errors such as a foreign key to a missing table carry no position: replay the
 * file statement by statement, in a transaction that is rolled back, to find
 * which statement fails. Undefined when that cannot be told.
 */
async function locateFailure(client: pg.Client, sql: string): Promise<number | undefined> {
  const statements = splitSql(sql);
  if (statements.length < 2) return statements[0]?.start;
  let found: number | undefined;
  try {
    await client.query("begin");
    for (const statement of statements) {
      try {
        await client.query(statement.text);
      } catch (error) {
        const position = Number((error as PgErrorFields).position);
        found = statement.start + (Number.isInteger(position) && position > 0 ? offsetOfCodePoint(statement.text, position) : 0);
        break;
      }
    }
  } catch {
    // The replay is best effort.
  } finally {
    await client.query("rollback").catch(() => {});
  }
  return found;
}

function throwIfAborted(signal: AbortSignal | undefined, applied: AppliedMigration[]): void {
  if (!signal?.aborted) return;
  const error = new MigrationAbortedError(signal.reason);
  error.applied = [...applied];
  throw error;
}

function sleepOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return sleep(ms, signal).catch((reason: unknown) => {
    throw new MigrationAbortedError(reason);
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
