import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";

/**
 * Applies migrations/NNNN_<description>.sql in order, each in its own transaction,
 * and records them in stackwright_migrations. Forward-only: a migration that was
 * applied and then edited or deleted is an error, never silently re-run.
 * Safe to run from several processes at once (an advisory lock serialises them).
 */
const LOCK_ID = 727274;
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const DEFAULT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

export const checksum = (sql) => createHash("sha256").update(sql.replace(/\r\n?/g, "\n")).digest("hex");

async function readMigrations(dir) {
  const migrations = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const sql = await readFile(join(dir, file), "utf8");
    migrations.push({ version: Number(match[1]), name: match[2], file, sql, checksum: checksum(sql) });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new Error(`two migrations have version ${migrations[i].version}: ${migrations[i - 1].file} and ${migrations[i].file}`);
    }
  }
  return migrations;
}

/** Runs the pending migrations; returns the ones it applied. */
export async function migrate({ databaseUrl, dir = DEFAULT_DIR, log = console.log } = {}) {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set; it must point at the PostgreSQL database to migrate");
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`
      create table if not exists stackwright_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now(),
        duration_ms integer not null
      )`);
    const { rows: applied } = await client.query("select version, name, checksum from stackwright_migrations order by version");
    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    for (const row of applied) {
      const migration = byVersion.get(row.version);
      const label = `${String(row.version).padStart(4, "0")}_${row.name}.sql`;
      if (!migration) throw new Error(`migration ${label} was applied to this database but its file is missing`);
      if (migration.checksum !== row.checksum) {
        throw new Error(`migration ${migration.file} was changed after it was applied; add a new migration instead of editing it`);
      }
    }

    const done = new Set(applied.map((row) => row.version));
    const pending = migrations.filter((m) => !done.has(m.version));
    for (const migration of pending) {
      const started = performance.now();
      try {
        await client.query("begin");
        await client.query(migration.sql);
        const durationMs = Math.round(performance.now() - started);
        await client.query("insert into stackwright_migrations (version, name, checksum, duration_ms) values ($1, $2, $3, $4)", [
          migration.version,
          migration.name,
          migration.checksum,
          durationMs,
        ]);
        await client.query("commit");
        log(`applied ${migration.file} (${durationMs} ms)`);
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw new Error(`migration ${migration.file} failed: ${error.message}`);
      }
    }
    if (pending.length === 0) log("database is up to date");
    return pending.map((m) => m.file);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  migrate({ databaseUrl: process.env.DATABASE_URL }).catch((error) => {
    console.error(`migrate: ${error.message}`);
    process.exit(1);
  });
}
