import { afterAll, describe, expect, it } from "vitest";
import {
  ChangedMigrationError,
  FailedMigrationError,
  MigrationAbortedError,
  MissingMigrationError,
  migratePostgres,
  type MigrationReport,
} from "../../../src/migrate/index.js";
import { appRunner, BROKEN_THIRD, migrationDirs, THREE } from "./migration-dirs.js";

/** A fresh, empty database for one test. */
export interface FreshDatabase {
  url: string;
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * The runner's behaviour that holds on real PostgreSQL and on PGlite alike.
 * test/unit/migrate/postgres-pglite.test.ts runs it on PGlite,
 * test/e2e/migrate-postgres.test.ts on the real server.
 */
export function runnerSuite(label: string, fresh: () => Promise<FreshDatabase>): void {
  const dirs = migrationDirs();
  afterAll(() => dirs.cleanup());
  const quiet = () => {};
  const tables = async (db: FreshDatabase) =>
    (await db.query("select table_name from information_schema.tables where table_schema = 'public' order by 1")).rows.map((r) => r.table_name as string);
  const tracked = async (db: FreshDatabase) =>
    (await db.query("select version, name, checksum, duration_ms from stackwright_migrations order by version")).rows as Array<{ version: number; name: string; checksum: string; duration_ms: number }>;

  describe(`the PostgreSQL migration runner on ${label}`, () => {
    it("applies pending migrations in order, each recorded with its checksum and duration, and reports them", async () => {
      const db = await fresh();
      const dir = dirs.make(THREE);
      const lines: string[] = [];
      const report = await migratePostgres({ databaseUrl: db.url, dir, log: (l) => lines.push(l) });
      expect(report.applied.map((a) => [a.version, a.name, a.file])).toEqual([
        [1, "create_authors", "0001_create_authors.sql"],
        [2, "create_posts", "0002_create_posts.sql"],
        [3, "add_title", "0003_add_title.sql"],
      ]);
      expect(report.skipped).toBe(0);
      for (const a of report.applied) expect(a.durationMs).toBeGreaterThanOrEqual(0);
      expect(report.totalMs).toBeGreaterThan(0);
      expect(lines).toEqual(report.applied.map((a) => `applied ${a.file} (${a.durationMs} ms)`));

      const rows = await tracked(db);
      expect(rows.map((r) => [r.version, r.name])).toEqual([[1, "create_authors"], [2, "create_posts"], [3, "add_title"]]);
      expect(rows.map((r) => r.checksum)).toEqual(Object.values(THREE).map((sql) => appRunner.checksum(sql)));
      expect(rows.map((r) => r.duration_ms)).toEqual(report.applied.map((a) => a.durationMs));
      expect(await tables(db)).toEqual(["authors", "posts", "stackwright_migrations"]);
    });

    it("applies nothing on a re-run", async () => {
      const db = await fresh();
      const dir = dirs.make(THREE);
      await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      const before = await tracked(db);
      const lines: string[] = [];
      const again = await migratePostgres({ databaseUrl: db.url, dir, log: (l) => lines.push(l) });
      expect(again.applied).toEqual([]);
      expect(again.skipped).toBe(3);
      expect(lines).toEqual(["database is up to date"]);
      expect(await tracked(db)).toEqual(before);
    });

    it("rolls back a failing migration with its tracking row, names its line, and leaves the earlier ones applied", async () => {
      const db = await fresh();
      const dir = dirs.make(BROKEN_THIRD);
      const error = await migratePostgres({ databaseUrl: db.url, dir, log: quiet }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FailedMigrationError);
      const failed = error as FailedMigrationError;
      expect(failed.file).toBe("0003_broken.sql");
      expect(failed.where).toMatchObject({ line: 3, column: 8, sqlState: "42703" });
      expect(failed.message).toBe(
        'migration 0003_broken.sql failed at line 3, column 8: column "missing_column" does not exist; it was rolled back, and the migrations before it stay applied',
      );
      expect(failed.applied.map((a) => a.file)).toEqual(["0001_create_authors.sql", "0002_create_posts.sql"]);
      // The table created earlier in the same file is gone with the failed transaction.
      expect(await tables(db)).toEqual(["authors", "posts", "stackwright_migrations"]);
      expect((await tracked(db)).map((r) => r.version)).toEqual([1, 2]);

      // Fixed, the next run applies just that one.
      dirs.write(dir, "0003_broken.sql", "create table half_done (id int);\n");
      const report = await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      expect(report.applied.map((a) => a.file)).toEqual(["0003_broken.sql"]);
      expect(report.skipped).toBe(2);
    });

    it("finds the line of a failing statement that PostgreSQL gives no position for", async () => {
      const db = await fresh();
      const dir = dirs.make({
        "0001_ok.sql": "create table ok (id int primary key);\n",
        "0002_bad_reference.sql": "create table a (id int primary key);\n\n-- the referenced table does not exist\ncreate table b (\n  a_id int references nope (id)\n);\n",
      });
      const error = (await migratePostgres({ databaseUrl: db.url, dir, log: quiet }).catch((e: unknown) => e)) as FailedMigrationError;
      expect(error).toBeInstanceOf(FailedMigrationError);
      expect(error.reason).toBe('relation "nope" does not exist');
      expect(error.line).toBe(4);
      expect(await tables(db)).toEqual(["ok", "stackwright_migrations"]);
    });

    it("refuses to run when an applied migration's file changed, naming it, and applies nothing", async () => {
      const db = await fresh();
      const dir = dirs.make({ "0001_create_authors.sql": THREE["0001_create_authors.sql"], "0002_create_posts.sql": THREE["0002_create_posts.sql"] });
      await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      dirs.write(dir, "0001_create_authors.sql", "create table authors (id bigserial primary key, name text not null);\n");
      dirs.write(dir, "0003_add_title.sql", THREE["0003_add_title.sql"]);
      const error = (await migratePostgres({ databaseUrl: db.url, dir, log: quiet }).catch((e: unknown) => e)) as ChangedMigrationError;
      expect(error).toBeInstanceOf(ChangedMigrationError);
      expect(error.files).toEqual(["0001_create_authors.sql"]);
      expect(error.message).toMatch(/^migration 0001_create_authors\.sql was changed after it was applied; restore it and add a new migration/);
      expect((await tracked(db)).map((r) => r.version)).toEqual([1, 2]);

      // Line endings are not a change: the same file with CRLF is accepted.
      dirs.write(dir, "0001_create_authors.sql", THREE["0001_create_authors.sql"].replace(/\n/g, "\r\n"));
      const report = await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      expect(report.applied.map((a) => a.file)).toEqual(["0003_add_title.sql"]);
    });

    it("refuses to run when an applied migration's file is gone", async () => {
      const db = await fresh();
      const dir = dirs.make(THREE);
      await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      dirs.remove(dir, "0002_create_posts.sql");
      const error = (await migratePostgres({ databaseUrl: db.url, dir, log: quiet }).catch((e: unknown) => e)) as MissingMigrationError;
      expect(error).toBeInstanceOf(MissingMigrationError);
      expect(error.files).toEqual(["0002_create_posts.sql"]);
    });

    it("is interchangeable with the generated app's scripts/migrate.js: half with one, the rest with the other, either way round", async () => {
      // The app's runner first, then Stackwright's.
      const db = await fresh();
      const dir = dirs.make({ "0001_create_authors.sql": THREE["0001_create_authors.sql"] });
      expect(await appRunner.migrate({ databaseUrl: db.url, dir, log: quiet })).toEqual(["0001_create_authors.sql"]);
      dirs.write(dir, "0002_create_posts.sql", THREE["0002_create_posts.sql"]);
      dirs.write(dir, "0003_add_title.sql", THREE["0003_add_title.sql"]);
      const ours = await migratePostgres({ databaseUrl: db.url, dir, log: quiet });
      expect(ours.applied.map((a) => a.file)).toEqual(["0002_create_posts.sql", "0003_add_title.sql"]);
      expect(ours.skipped).toBe(1);
      expect(await appRunner.migrate({ databaseUrl: db.url, dir, log: quiet })).toEqual([]);

      // Stackwright's first, then the app's; and each sees the other's edits as changes.
      const db2 = await fresh();
      const dir2 = dirs.make({ "0001_create_authors.sql": THREE["0001_create_authors.sql"] });
      await migratePostgres({ databaseUrl: db2.url, dir: dir2, log: quiet });
      dirs.write(dir2, "0002_create_posts.sql", THREE["0002_create_posts.sql"]);
      expect(await appRunner.migrate({ databaseUrl: db2.url, dir: dir2, log: quiet })).toEqual(["0002_create_posts.sql"]);
      expect((await migratePostgres({ databaseUrl: db2.url, dir: dir2, log: quiet })).applied).toEqual([]);
      expect((await tracked(db2)).map((r) => [r.version, r.name])).toEqual([[1, "create_authors"], [2, "create_posts"]]);
      dirs.write(dir2, "0002_create_posts.sql", `${THREE["0002_create_posts.sql"]}-- edited\n`);
      await expect(appRunner.migrate({ databaseUrl: db2.url, dir: dir2, log: quiet })).rejects.toThrow(/0002_create_posts\.sql was changed after it was applied/);
      await expect(migratePostgres({ databaseUrl: db2.url, dir: dir2, log: quiet })).rejects.toBeInstanceOf(ChangedMigrationError);
    });

    it("lists what would run on a dry run, and applies nothing", async () => {
      const db = await fresh();
      const dir = dirs.make(THREE);
      const report: MigrationReport = await migratePostgres({ databaseUrl: db.url, dir, log: quiet, dryRun: true });
      expect(report.pending).toEqual(Object.keys(THREE));
      expect(report.applied).toEqual([]);
      expect(await tables(db)).toEqual([]);
    });

    it("stops before applying anything when cancelled", async () => {
      const db = await fresh();
      const dir = dirs.make(THREE);
      const controller = new AbortController();
      controller.abort(new Error("deploy cancelled"));
      await expect(migratePostgres({ databaseUrl: db.url, dir, log: quiet, signal: controller.signal })).rejects.toBeInstanceOf(MigrationAbortedError);
      expect(await tables(db)).toEqual([]);
    });
  });
}
