import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSpec } from "../../src/spec/app-spec.js";
import { ServiceManifestSchema, type ServiceManifest } from "../../src/spec/manifest.js";
import { describeApp } from "../../src/spec/model.js";
import { expressTemplate } from "../../templates/express/index.js";
import { blogSpec, guestbookSpec, shopSpec, tasksSpec } from "../fixtures/specs.js";
import { checkContract } from "../support/contract/index.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";
import { freePort, npmInstall, run, runOk, startServer, type RunningServer } from "../support/processes.js";
// The generated migration runner, exercised directly (its only dependency, pg, is also Stackwright's).
// @ts-expect-error no type declarations for the template's static JavaScript
import { migrate as runMigrations } from "../../templates/express/files/scripts/migrate.js";

type Migrate = (options: { databaseUrl: string; dir: string; log?: (line: string) => void }) => Promise<string[]>;
const migrateDir = runMigrations as Migrate;

/**
 * Renders the Express backend for the fixture specs, installs it from the npm
 * registry, migrates a fresh database on the real PostgreSQL server (twice: the
 * second run must apply nothing), starts it with the manifest's start command,
 * runs the language-neutral contract check against it, and runs the app's own
 * `npm test` against another fresh database. Apps whose dependencies are
 * identical share one install (a node_modules symlink).
 */

const JWT_SECRET = "e2e-secret-that-is-certainly-longer-than-32-characters";
const root = mkdtempSync(join(tmpdir(), "stackwright-express-"));
const databases: ScratchDatabase[] = [];
const servers: RunningServer[] = [];

interface App {
  spec: AppSpec;
  dir: string;
  service: ServiceManifest;
}

function renderApp(spec: AppSpec): App {
  const render = expressTemplate.render(describeApp(spec));
  const appRoot = join(root, spec.name);
  for (const file of render.files) {
    const path = join(appRoot, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return { spec, dir: join(appRoot, render.service.dir), service: ServiceManifestSchema.parse(render.service) };
}

const dependencyKey = (dir: string) => JSON.stringify(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies);

async function scratchDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase();
  databases.push(db);
  return db;
}

function serverEnv(app: App, db: ScratchDatabase, port: number): Record<string, string | undefined> {
  return {
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: app.spec.auth.kind === "jwt" ? JWT_SECRET : undefined,
    FRONTEND_ORIGIN: "http://localhost:5173",
    NODE_ENV: "production",
  };
}

const apps = new Map<string, App>();

beforeAll(async () => {
  if (!(await postgresAvailable())) {
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it (pg_ctlcluster <version> main start) to run this test");
  }
  const installed = new Map<string, string>();
  for (const spec of [blogSpec, tasksSpec, shopSpec, guestbookSpec]) {
    const app = renderApp(spec);
    apps.set(spec.name, app);
    const key = dependencyKey(app.dir);
    const shared = installed.get(key);
    if (shared) {
      symlinkSync(join(shared, "node_modules"), join(app.dir, "node_modules"), "dir");
      continue;
    }
    const result = await npmInstall(app.dir);
    console.log(`npm install (${spec.name}): ${(result.durationMs / 1000).toFixed(1)}s`);
    installed.set(key, app.dir);
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(databases.map((db) => db.drop().catch((error: unknown) => console.error(`could not drop ${db.name}:`, error))));
  rmSync(root, { recursive: true, force: true });
});

describe.each([["blog"], ["task-tracker"], ["shop"], ["guestbook"]])("Express backend for %s", (name) => {
  const app = () => apps.get(name)!;
  let db: ScratchDatabase;

  it("migrates a fresh database, and a second run applies nothing", async () => {
    db = await scratchDatabase();
    const migrate = app().service.commands.migrate!;
    const first = await runOk(migrate, { cwd: app().dir, env: { DATABASE_URL: db.url } });
    const applied = first.output.match(/^applied \d{4}_\w+\.sql \(\d+ ms\)$/gm) ?? [];
    expect(applied.length).toBeGreaterThanOrEqual(app().spec.entities.length);
    const second = await runOk(migrate, { cwd: app().dir, env: { DATABASE_URL: db.url } });
    expect(second.output).toContain("database is up to date");
    expect(second.output).not.toMatch(/^applied /m);
    const tracked = await queryDatabase(db.url, "select count(*)::int as n from stackwright_migrations");
    expect(tracked.rows[0].n).toBe(applied.length);
  });

  it("serves the HTTP contract", async () => {
    const port = await freePort();
    const server = await startServer({
      argv: app().service.commands.start,
      cwd: app().dir,
      port,
      healthPath: app().service.healthPath!,
      env: serverEnv(app(), db, port),
    });
    servers.push(server);
    const userTable = describeApp(app().spec).user?.table;
    const report = await checkContract(server.url, app().spec, {
      promoteToAdmin: userTable ? (email) => queryDatabase(db.url, `update ${userTable} set role = 'admin' where email = $1`, [email]).then(() => {}) : undefined,
    });
    console.log(`contract (${name}): ${report.checks.length} checks in ${report.durationMs} ms${report.skipped.length ? `; skipped: ${report.skipped.join("; ")}` : ""}`);
    expect(report.checks.length).toBeGreaterThan(app().spec.auth.kind === "jwt" ? 40 : 10);
    expect(report.skipped).toEqual([]);

    // SIGTERM: the server closes and exits cleanly.
    await server.stop();
    expect(server.output()).toContain("SIGTERM received");
  });

  it("passes its own npm test against a fresh database", async () => {
    const testDb = await scratchDatabase();
    const result = await run(app().service.commands.test!, { cwd: app().dir, env: { DATABASE_URL: testDb.url, NODE_ENV: undefined } });
    const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, "m").exec(result.output)?.[1] ?? NaN);
    console.log(`npm test (${name}): ${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped in ${(result.durationMs / 1000).toFixed(1)}s`);
    if (result.code !== 0) throw new Error(`npm test failed:\n${result.output.slice(-6000)}`);
    expect(count("fail")).toBe(0);
    expect(count("skipped")).toBe(0);
    expect(count("pass")).toBeGreaterThan(10);
  });
});

describe("Express backend start-up checks", () => {
  it("refuses to start in production without JWT_SECRET, with a readable message", async () => {
    const app = apps.get("blog")!;
    const db = await scratchDatabase();
    const port = await freePort();
    const result = await run(app.service.commands.start, { cwd: app.dir, env: { ...serverEnv(app, db, port), JWT_SECRET: undefined }, timeoutMs: 30_000 });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("Cannot start: JWT_SECRET is not set");
  });

  it("skips its database tests with a message when DATABASE_URL is unset, and still runs the others", async () => {
    const app = apps.get("shop")!;
    const result = await run(app.service.commands.test!, { cwd: app.dir, env: { DATABASE_URL: undefined } });
    expect(result.code).toBe(0);
    expect(result.output).toContain("DATABASE_URL is not set: skipping the tests that need PostgreSQL");
    expect(Number(/^# pass (\d+)$/m.exec(result.output)?.[1])).toBeGreaterThan(10);
  });
});

describe("the generated migration runner", () => {
  const quiet = () => {};
  function migrationsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(root, "migrations-"));
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    return dir;
  }

  it("applies pending migrations once, records them, and refuses edited or missing ones", async () => {
    const db = await scratchDatabase();
    const dir = migrationsDir({ "0001_create_a.sql": "create table a (id int primary key);\r\n", "0002_create_b.sql": "create table b (id int primary key);\n" });
    expect(await migrateDir({ databaseUrl: db.url, dir, log: quiet })).toEqual(["0001_create_a.sql", "0002_create_b.sql"]);
    expect(await migrateDir({ databaseUrl: db.url, dir, log: quiet })).toEqual([]);
    const rows = (await queryDatabase(db.url, "select version, name, checksum, duration_ms from stackwright_migrations order by version")).rows;
    expect(rows.map((r) => [r.version, r.name])).toEqual([[1, "create_a"], [2, "create_b"]]);
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);

    writeFileSync(join(dir, "0002_create_b.sql"), "create table b (id bigint primary key);\n");
    await expect(migrateDir({ databaseUrl: db.url, dir, log: quiet })).rejects.toThrow(/0002_create_b.sql was changed after it was applied/);
    rmSync(join(dir, "0002_create_b.sql"));
    await expect(migrateDir({ databaseUrl: db.url, dir, log: quiet })).rejects.toThrow(/0002_create_b.sql was applied to this database but its file is missing/);
  });

  it("rolls back a failing migration with its tracking row", async () => {
    const db = await scratchDatabase();
    const dir = migrationsDir({ "0001_ok.sql": "create table ok (id int);", "0002_broken.sql": "create table half (id int);\nselect * from no_such_table;" });
    await expect(migrateDir({ databaseUrl: db.url, dir, log: quiet })).rejects.toThrow(/0002_broken.sql failed/);
    const tables = (await queryDatabase(db.url, "select table_name from information_schema.tables where table_schema = 'public' order by 1")).rows.map((r) => r.table_name);
    expect(tables).toEqual(["ok", "stackwright_migrations"]);
    expect((await queryDatabase(db.url, "select version from stackwright_migrations")).rows).toEqual([{ version: 1 }]);
  });

  it("serialises concurrent runs with the advisory lock", async () => {
    const db = await scratchDatabase();
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`000${i + 1}_t${i + 1}.sql`, `create table t${i + 1} (id int); select pg_sleep(0.05);`]));
    const dir = migrationsDir(files);
    const results = await Promise.all([1, 2, 3].map(() => migrateDir({ databaseUrl: db.url, dir, log: quiet })));
    expect(results.flat().sort()).toEqual(Object.keys(files).sort());
    expect((await queryDatabase(db.url, "select count(*)::int as n from stackwright_migrations")).rows[0].n).toBe(5);
  });
});
