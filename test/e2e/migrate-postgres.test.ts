import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockTimeoutError, MigrationAbortedError, migratePostgres } from "../../src/migrate/index.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";
import { appRunner, migrationDirs } from "../unit/migrate/migration-dirs.js";
import { runnerSuite } from "../unit/migrate/runner-suite.js";

/**
 * The PostgreSQL migration runner on the real server (127.0.0.1:5432): the
 * same behaviour as on PGlite (runnerSuite), plus what only a real server can
 * show: the advisory lock keeps concurrent runners apart.
 */

const databases: ScratchDatabase[] = [];
async function fresh(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase("sw_migrate");
  databases.push(db);
  return db;
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it (pg_ctlcluster <version> main start) to run this test");
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

runnerSuite("real PostgreSQL", async () => {
  const db = await fresh();
  return { url: db.url, query: (text, values) => queryDatabase(db.url, text, values) };
});

describe("the advisory lock on real PostgreSQL", () => {
  const dirs = migrationDirs();
  afterAll(() => dirs.cleanup());

  /** Three migrations, each slow enough that concurrent runs overlap. */
  const SLOW = {
    "0001_create_a.sql": "select pg_sleep(0.3);\ncreate table a (id int primary key);\n",
    "0002_create_b.sql": "select pg_sleep(0.3);\ncreate table b (id int primary key);\n",
    "0003_create_c.sql": "select pg_sleep(0.3);\ncreate table c (id int primary key);\n",
  };

  it("is exclusive here (unlike on PGlite): a second session cannot take it", async () => {
    const db = await fresh();
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
    try {
      expect((await a.query("select pg_try_advisory_lock(727274) as ok")).rows[0].ok).toBe(true);
      expect((await b.query("select pg_try_advisory_lock(727274) as ok")).rows[0].ok).toBe(false);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("makes two concurrent runners apply each migration exactly once: one applies them all, the other waits and applies none", async () => {
    const db = await fresh();
    const dir = dirs.make(SLOW);
    const logs: string[][] = [[], []];
    const reports = await Promise.all([0, 1].map((i) => migratePostgres({ databaseUrl: db.url, dir, log: (line) => logs[i]!.push(line) })));
    const [winner, waiter] = reports[0]!.applied.length > 0 ? [0, 1] : [1, 0];
    expect(reports[winner]!.applied.map((m) => m.file)).toEqual(Object.keys(SLOW));
    expect(reports[waiter]!.applied).toEqual([]);
    expect(reports[waiter]!.skipped).toBe(3);
    expect(reports[waiter]!.lockWaitMs).toBeGreaterThan(500);
    expect(logs[waiter]).toEqual(["waiting for another migration run to finish (pg_advisory_lock(727274))", "database is up to date"]);
    const rows = (await queryDatabase(db.url, "select version from stackwright_migrations order by version")).rows;
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
  });

  it("keeps Stackwright's runner and the generated app's runner apart too (same lock key): four at once, each migration once", async () => {
    const db = await fresh();
    const dir = dirs.make(SLOW);
    const results = await Promise.all([
      migratePostgres({ databaseUrl: db.url, dir }).then((r) => r.applied.map((m) => m.file)),
      appRunner.migrate({ databaseUrl: db.url, dir, log: () => {} }),
      migratePostgres({ databaseUrl: db.url, dir }).then((r) => r.applied.map((m) => m.file)),
      appRunner.migrate({ databaseUrl: db.url, dir, log: () => {} }),
    ]);
    expect(results.flat().sort()).toEqual(Object.keys(SLOW));
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
  });

  it("gives up after lockTimeoutMs while another session holds the lock, and can be cancelled while waiting", async () => {
    const db = await fresh();
    const dir = dirs.make({ "0001_create_a.sql": "create table a (id int);\n" });
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("select pg_advisory_lock(727274)");
      const started = Date.now();
      const error = await migratePostgres({ databaseUrl: db.url, dir, lockTimeoutMs: 400 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toMatch(/^another migration run held the lock \(pg_advisory_lock\(727274\)\)/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      await expect(migratePostgres({ databaseUrl: db.url, dir, signal: controller.signal })).rejects.toBeInstanceOf(MigrationAbortedError);
      expect((await queryDatabase(db.url, "select to_regclass('a') as t")).rows[0].t).toBeNull();
    } finally {
      await holder.end();
    }
    // Released (the holder's session ended): the run goes through.
    expect((await migratePostgres({ databaseUrl: db.url, dir })).applied).toHaveLength(1);
  });

  it("releases the lock when it fails, so the next run is not blocked", async () => {
    const db = await fresh();
    const dir = dirs.make({ "0001_bad.sql": "select * from nowhere;\n" });
    await expect(migratePostgres({ databaseUrl: db.url, dir })).rejects.toThrow(/0001_bad\.sql failed at line 1/);
    const probe = new pg.Client({ connectionString: db.url });
    await probe.connect();
    try {
      expect((await probe.query("select pg_try_advisory_lock(727274) as ok")).rows[0].ok).toBe(true);
    } finally {
      await probe.end();
    }
  });

  it("says plainly when it cannot connect, without the URL's password", async () => {
    const dir = dirs.make({ "0001_a.sql": "select 1;\n" });
    const error = (await migratePostgres({ databaseUrl: "postgres://someone:hunter2-pw@127.0.0.1:1/db", dir }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: "connection" });
    expect(error.message).toMatch(/^cannot connect to the database: .*ECONNREFUSED/);
    expect(error.message).not.toContain("hunter2-pw");
  });
});
