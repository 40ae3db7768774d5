import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagePath } from "../../src/util/package-root.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";
import { run, runOk } from "../support/processes.js";

/**
 * `stackwright migrate` through the built bin: on the real PostgreSQL server
 * (reports, re-runs, a failing and a changed migration, dry run, --json), and
 * on embedded PostgreSQL after `stackwright provision --dotenv`.
 */

const BIN = packagePath("bin", "stackwright.js");
const root = mkdtempSync(join(tmpdir(), "sw-migrate-cli-"));
const home = join(root, "home");
const template = join(root, "blog");
const databases: ScratchDatabase[] = [];
const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(["node", BIN, ...args], { cwd: root, env: { STACKWRIGHT_HOME: home, DATABASE_URL: undefined, STACKWRIGHT_POSTGRES_URL: undefined, ...env }, timeoutMs: 180_000 });

let copies = 0;
/** A fresh copy of the generated app (tests edit its migrations). */
function appCopy(): string {
  const dir = join(root, `app-${++copies}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function scratch(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase("sw_migrate_cli");
  databases.push(db);
  return db;
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this test");
  await runOk(["node", BIN, "generate", "Create a blog app with Express backend and React frontend", "--out", template], { cwd: root });
});

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  rmSync(root, { recursive: true, force: true });
});

const migrationFiles = (dir: string) => readdirSync(join(dir, "backend", "migrations")).filter((f) => f.endsWith(".sql")).sort();

describe("stackwright migrate", () => {
  it("applies every migration with a report of what ran and how long it took, and a re-run applies nothing", async () => {
    const db = await scratch();
    const dir = appCopy();
    const first = await cli(["migrate", dir, "--database-url", db.url]);
    expect(first.code, first.output).toBe(0);
    const files = migrationFiles(dir);
    for (const file of files) expect(first.stdout).toMatch(new RegExp(`^  applied ${file} \\(\\d+ ms\\)$`, "m"));
    expect(first.output).toMatch(new RegExp(`✔ backend: backend/migrations  ${files.length} applied, 0 already applied`));
    expect(first.output).not.toContain(db.url);

    const second = await cli(["migrate", dir], { DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`  ${files.length} already applied\n  database is up to date`);
    expect(second.output).toMatch(/up to date \(\d+ applied before\)/);
  });

  it("--json reports each service's applied migrations, skipped count and timings", async () => {
    const db = await scratch();
    const dir = appCopy();
    const result = await cli(["migrate", dir, "--database-url", db.url, "--json"]);
    expect(result.code, result.output).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, database: "postgres" });
    expect(report.services).toHaveLength(1);
    const [backend] = report.services;
    expect(backend).toMatchObject({ service: "backend", migrationsDir: "backend/migrations", skipped: 0, pending: [], ignored: [] });
    expect(backend.applied.map((m: { file: string }) => m.file)).toEqual(migrationFiles(dir));
    expect(backend.applied[0]).toEqual({ version: 1, name: expect.stringMatching(/^create_/), file: expect.stringMatching(/^0001_/), durationMs: expect.any(Number) });
    expect(typeof report.durationMs).toBe("number");
  });

  it("stops at a failing migration with its file and line, keeps the earlier ones, and exits 1", async () => {
    const db = await scratch();
    const dir = appCopy();
    const count = migrationFiles(dir).length;
    writeFileSync(join(dir, "backend", "migrations", "0090_add_rating.sql"), "alter table posts add column rating int;\n");
    writeFileSync(join(dir, "backend", "migrations", "0091_broken.sql"), "create table temp_half (id int);\nselect no_such_column from posts;\n");
    const human = await cli(["migrate", dir, "--database-url", db.url]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("  applied 0090_add_rating.sql");
    expect(human.stdout).toContain('  ✖ backend/migrations/0091_broken.sql:2: column "no_such_column" does not exist');
    expect(human.output).toContain("stackwright: migration 0091_broken.sql failed at line 2, column 8");
    const tracked = await queryDatabase(db.url, "select count(*)::int as n from stackwright_migrations");
    expect(tracked.rows[0].n).toBe(count + 1);
    expect((await queryDatabase(db.url, "select to_regclass('temp_half') as t")).rows[0].t).toBeNull();

    const json = await cli(["migrate", dir, "--database-url", db.url, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.services[0].error).toMatchObject({ code: "failed", file: "0091_broken.sql", line: 2, column: 8, sqlState: "42703" });
  });

  it("refuses a migration that changed after it was applied, naming it", async () => {
    const db = await scratch();
    const dir = appCopy();
    await runOk(["node", BIN, "migrate", dir, "--database-url", db.url], { cwd: root });
    const first = migrationFiles(dir)[0]!;
    writeFileSync(join(dir, "backend", "migrations", first), "-- edited\ncreate table users (id int);\n");
    const result = await cli(["migrate", dir, "--database-url", db.url, "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).services[0].error).toMatchObject({ code: "changed", files: [first] });
    const human = await cli(["migrate", dir, "--database-url", db.url]);
    expect(human.output).toContain(`stackwright: migration ${first} was changed after it was applied`);
  });

  it("lists what would run on --dry-run without applying it", async () => {
    const db = await scratch();
    const dir = appCopy();
    const result = await cli(["migrate", dir, "--database-url", db.url, "--dry-run"]);
    expect(result.code).toBe(0);
    for (const file of migrationFiles(dir)) expect(result.stdout).toContain(`  would apply ${file}`);
    // Side-effect free: not even the tracking table is created.
    expect((await queryDatabase(db.url, "select to_regclass('stackwright_migrations') as t")).rows[0].t).toBeNull();
  });

  it("says where a URL comes from when there is none (exit 2), and never prints one it was given", async () => {
    const dir = appCopy();
    const none = await cli(["migrate", dir]);
    expect(none.code).toBe(2);
    expect(none.output).toContain("No PostgreSQL URL: pass --database-url, or set DATABASE_URL");
    const wrong = await cli(["migrate", dir, "--database-url", "postgres://app:s3cret-pw@127.0.0.1:1/app"]);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain("cannot connect to the database");
    expect(wrong.output).not.toContain("s3cret-pw");
  });

  it("migrates embedded PostgreSQL after `stackwright provision --dotenv` (no server configured)", async () => {
    const dir = appCopy();
    const envPath = join(dir, ".env");
    try {
      const provisioned = await cli(["provision", dir, "--environment", "dev", "--dotenv", envPath]);
      expect(provisioned.code, provisioned.output).toBe(0);
      expect(provisioned.output).toContain("created embedded sw_blog__dev");
      const migrated = await cli(["migrate", dir, "--dotenv", envPath, "--json"]);
      expect(migrated.code, migrated.output).toBe(0);
      expect(JSON.parse(migrated.stdout).services[0].applied).toHaveLength(migrationFiles(dir).length);
      const again = await cli(["migrate", dir, "--dotenv", envPath, "--json"]);
      expect(JSON.parse(again.stdout).services[0]).toMatchObject({ applied: [], skipped: migrationFiles(dir).length });
    } finally {
      const destroyed = await cli(["provision", dir, "--environment", "dev", "--destroy"]);
      expect(destroyed.code, destroyed.output).toBe(0);
    }
  });
});
