import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../../src/migrate/index.js";
import { appRunner, migrationDirs, THREE } from "./migration-dirs.js";
import { servePglite, type ServedPglite } from "./pglite-server.js";
import { runnerSuite } from "./runner-suite.js";

/**
 * The migration runner on embedded PostgreSQL (PGlite served over TCP, so the
 * real `pg` driver talks to it). Everything but locking holds as on the real
 * server; what PGlite cannot express is shown below.
 */

let served: ServedPglite;
beforeAll(async () => {
  served = await servePglite();
});
afterAll(async () => {
  await served?.close();
});

runnerSuite("PGlite (embedded)", async () => {
  await served.reset();
  return { url: served.url, query: (text, values) => served.query(text, values) };
});

describe("concurrency on PGlite", () => {
  const dirs = migrationDirs();
  afterAll(() => dirs.cleanup());

  it("cannot exclude with the advisory lock: every client shares one session, so the lock is granted to both", async () => {
    await served.reset();
    const a = new pg.Client({ connectionString: served.url });
    const b = new pg.Client({ connectionString: served.url });
    await a.connect();
    await b.connect();
    try {
      const lockA = await a.query("select pg_try_advisory_lock(727274) as ok, pg_backend_pid() as pid");
      const lockB = await b.query("select pg_try_advisory_lock(727274) as ok, pg_backend_pid() as pid");
      expect(lockA.rows[0].ok).toBe(true);
      expect(lockB.rows[0].ok).toBe(true); // on real PostgreSQL: false (test/e2e/migrate-postgres.test.ts)
      expect(lockB.rows[0].pid).toBe(lockA.rows[0].pid);
      await a.query("select pg_advisory_unlock(727274)");
      await b.query("select pg_advisory_unlock(727274)");
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("still applies each migration exactly once with two concurrent runners (transactions are serialised and the runner re-checks inside its own)", async () => {
    await served.reset();
    const dir = dirs.make(THREE);
    const reports = await Promise.all([1, 2].map(() => migratePostgres({ databaseUrl: served.url, dir })));
    const applied = reports.flatMap((r) => r.applied.map((a) => a.file)).sort();
    expect(applied).toEqual(Object.keys(THREE));
    expect(reports[0]!.applied.length + reports[1]!.applied.length).toBe(3);
    expect(reports[0]!.skipped + reports[1]!.skipped).toBe(3);
    const rows = (await served.query("select version from stackwright_migrations order by version")).rows;
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it("with the generated app's runner racing ours, one of them may fail on PGlite (it does not re-check), but no migration is applied twice", async () => {
    await served.reset();
    const dir = dirs.make(THREE);
    const results = await Promise.allSettled([appRunner.migrate({ databaseUrl: served.url, dir, log: () => {} }), migratePostgres({ databaseUrl: served.url, dir })]);
    const rows = (await served.query("select version from stackwright_migrations order by version")).rows;
    // Whatever interleaving happened, the database holds each migration once; a re-run completes it.
    expect(new Set(rows.map((r) => r.version)).size).toBe(rows.length);
    const rerun = await migratePostgres({ databaseUrl: served.url, dir });
    expect(rows.length + rerun.applied.length).toBe(3);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
  });
});
