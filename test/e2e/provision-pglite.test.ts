import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../src/migrate/index.js";
import { createLocalProvider, type LocalProvider, type ProvisionedResource, type ResourceRequest } from "../../src/provision/index.js";
import { ServiceManifestSchema } from "../../src/spec/manifest.js";
import { describeApp } from "../../src/spec/model.js";
import { expressTemplate } from "../../templates/express/index.js";
import { blogSpec } from "../fixtures/specs.js";
import { checkContract } from "../support/contract/index.js";
import { queryDatabase } from "../support/postgres.js";
import { freePort, npmInstall, runOk, startServer, type RunningServer } from "../support/processes.js";
import { appRunner } from "../unit/migrate/migration-dirs.js";

/**
 * The local provider with no PostgreSQL server: embedded PGlite, one instance
 * per app and environment, served on 127.0.0.1 by a background process. Shown
 * here: start, reuse (one server per data directory, even when two ensures
 * race), isolation by instance, stop and restart with the data kept, destroy;
 * and a generated app migrated (by its own runner and by Stackwright's) and
 * serving the whole HTTP contract on it.
 */

const home = mkdtempSync(join(tmpdir(), "sw-provision-pglite-"));
const run = randomBytes(3).toString("hex");
const appA = `e2e-${run}-alpha`;
const appB = `e2e-${run}-beta`;
const request = (app: string, environment = "production"): ResourceRequest => ({ kind: "postgres", app, environment });
let provider: LocalProvider;
const servers: RunningServer[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Processes serving this instance (by their command line in /proc). */
function serverProcesses(instance: string): number[] {
  const script = join(home, "pglite", instance, "server.cjs");
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(script);
      } catch {
        return false;
      }
    })
    .map(Number);
}
const serverState = (instance: string) => JSON.parse(readFileSync(join(home, "pglite", instance, "server.json"), "utf8")) as { pid: number; port: number };

beforeAll(() => {
  provider = createLocalProvider({ home, env: {} });
  expect(provider.postgresEngine).toBe("pglite");
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  const stopped = await provider.stopEmbedded();
  rmSync(home, { recursive: true, force: true });
  console.log(`stopped embedded servers: ${stopped.join(", ") || "none"}`);
});

describe("embedded PostgreSQL (PGlite)", () => {
  let a: ProvisionedResource;

  it("starts a server for an app's environment on a free port, with its data under the state directory", async () => {
    const started = Date.now();
    a = await provider.ensure(request(appA));
    const instance = `sw_e2e_${run}_alpha__production`;
    console.log(`embedded PostgreSQL started in ${Date.now() - started} ms`);
    expect(a).toMatchObject({ kind: "postgres", provider: "local", ids: { engine: "pglite", instance }, created: true });
    expect(a.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(a.env).toEqual({ DATABASE_URL: a.url });
    expect(existsSync(join(home, "pglite", instance, "data", "PG_VERSION"))).toBe(true);
    expect(statSync(join(home, "pglite", instance, "data")).mode & 0o077).toBe(0);
    const { pid, port } = serverState(instance);
    expect(alive(pid)).toBe(true);
    expect(a.url).toContain(`:${port}/`);
    const version = await queryDatabase(a.url, "select version() as v");
    expect(version.rows[0].v).toMatch(/PGlite/);
  });

  it("reuses the running server: a second ensure (also from a new provider, as another process would) starts nothing", async () => {
    const instance = a.ids.instance!;
    const before = serverState(instance);
    const again = await provider.ensure(request(appA));
    const fromElsewhere = await createLocalProvider({ home, env: {} }).ensure(request(appA), { kind: "postgres", provider: "local", name: a.name, ids: a.ids });
    for (const found of [again, fromElsewhere]) expect(found).toMatchObject({ created: false, url: a.url, ids: a.ids });
    expect(serverState(instance)).toEqual(before);
  });

  it("starts one server when ensures of a new instance race", async () => {
    const racers = [provider, createLocalProvider({ home, env: {} }), createLocalProvider({ home, env: {} })];
    const results = await Promise.all(racers.map((p) => p.ensure(request(appB))));
    expect(new Set(results.map((r) => r.url)).size).toBe(1);
    const instance = results[0]!.ids.instance!;
    const { pid } = serverState(instance);
    // Give a losing server process time to notice the lock and leave.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(serverProcesses(instance)).toEqual([pid]);
    const log = readFileSync(join(home, "pglite", instance, "server.log"), "utf8");
    expect(log.match(/^serving /gm)).toHaveLength(1);
  });

  it("keeps apps apart by instance: another app's server holds none of this app's tables", async () => {
    const b = await provider.ensure(request(appB));
    expect(b.url).not.toBe(a.url);
    await queryDatabase(a.url, "create table alpha_only (id int)");
    const tables = await queryDatabase(b.url, "select count(*)::int as n from information_schema.tables where table_name = 'alpha_only'");
    expect(tables.rows[0].n).toBe(0);
  });

  it("runs the generated app's migrations through pg (its own runner and Stackwright's, on one database)", async () => {
    const render = expressTemplate.render(describeApp(blogSpec));
    const dir = mkdtempSync(join(home, "migrations-"));
    const migrations = render.files.filter((f) => f.path.startsWith("backend/migrations/"));
    expect(migrations.length).toBeGreaterThanOrEqual(4);
    const half = Math.ceil(migrations.length / 2);
    const write = (files: typeof migrations) => files.forEach((f) => writeFileSync(join(dir, f.path.split("/").pop()!), f.content));
    write(migrations.slice(0, half));
    expect(await appRunner.migrate({ databaseUrl: a.url, dir, log: () => {} })).toHaveLength(half);
    write(migrations.slice(half));
    const ours = await migratePostgres({ databaseUrl: a.url, dir });
    expect(ours.applied).toHaveLength(migrations.length - half);
    expect(ours.skipped).toBe(half);
    expect(await appRunner.migrate({ databaseUrl: a.url, dir, log: () => {} })).toEqual([]);
    const tracked = await queryDatabase(a.url, "select count(*)::int as n from stackwright_migrations");
    expect(tracked.rows[0].n).toBe(migrations.length);
  });

  it("stops, and on the next ensure starts again on the same port with the data kept", async () => {
    const instance = a.ids.instance!;
    const { pid, port } = serverState(instance);
    expect(await provider.stopEmbedded(instance)).toEqual([instance]);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(home, "pglite", instance, "server.json"))).toBe(false);
    await expect(queryDatabase(a.url, "select 1")).rejects.toThrow(/ECONNREFUSED/);

    const restarted = await provider.ensure(request(appA));
    expect(restarted).toMatchObject({ created: false, url: a.url });
    expect(serverState(instance).pid).not.toBe(pid);
    expect(serverState(instance).port).toBe(port);
    const kept = await queryDatabase(a.url, "select count(*)::int as n from stackwright_migrations");
    expect(kept.rows[0].n).toBeGreaterThan(0);
  });

  it("destroys an instance: the server stops and its data is deleted", async () => {
    const preview = await provider.ensure(request(appA, "pr-4"));
    const instance = preview.ids.instance!;
    const { pid } = serverState(instance);
    await provider.destroy({ kind: "postgres", provider: "local", name: preview.name, ids: preview.ids });
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(home, "pglite", instance))).toBe(false);
    await expect(provider.destroy({ kind: "postgres", provider: "local", name: preview.name, ids: preview.ids })).resolves.toBeUndefined();
  });
});

describe("a generated app on embedded PostgreSQL", () => {
  it("migrates with its own `npm run migrate` and serves the whole HTTP contract", async () => {
    const render = expressTemplate.render(describeApp(blogSpec));
    const root = mkdtempSync(join(home, "app-"));
    for (const file of render.files) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.content);
    }
    const service = ServiceManifestSchema.parse(render.service);
    const backend = join(root, service.dir);
    await npmInstall(backend);

    const db = await provider.ensure(request(`e2e-${run}-app`));
    const first = await runOk(service.commands.migrate!, { cwd: backend, env: { DATABASE_URL: db.url } });
    expect(first.output.match(/^applied \d{4}_\w+\.sql/gm)?.length).toBeGreaterThanOrEqual(blogSpec.entities.length);
    const second = await runOk(service.commands.migrate!, { cwd: backend, env: { DATABASE_URL: db.url } });
    expect(second.output).toContain("database is up to date");

    const port = await freePort();
    const server = await startServer({
      argv: service.commands.start,
      cwd: backend,
      port,
      healthPath: service.healthPath!,
      env: { PORT: String(port), DATABASE_URL: db.url, JWT_SECRET: "e2e-secret-that-is-certainly-longer-than-32-characters", NODE_ENV: "production", FRONTEND_ORIGIN: "http://localhost:5173" },
    });
    servers.push(server);
    const userTable = describeApp(blogSpec).user!.table;
    const report = await checkContract(server.url, blogSpec, {
      promoteToAdmin: (email) => queryDatabase(db.url, `update ${userTable} set role = 'admin' where email = $1`, [email]).then(() => {}),
    });
    console.log(`contract on embedded PostgreSQL: ${report.checks.length} checks in ${report.durationMs} ms`);
    expect(report.skipped).toEqual([]);
    expect(report.checks.length).toBeGreaterThan(40);
    await server.stop();

    // The pool's many connections were all one PGlite session: the app never noticed.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const users = await client.query(`select count(*)::int as n from ${userTable}`);
      expect(users.rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
