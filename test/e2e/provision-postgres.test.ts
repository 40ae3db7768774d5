import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../../src/migrate/index.js";
import { createLocalProvider, type LocalProvider, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../../src/provision/index.js";
import { scramVerifierMatches } from "../../src/provision/local/index.js";
import { ADMIN_URL, postgresAvailable, queryDatabase } from "../support/postgres.js";

/**
 * The local provider on the real PostgreSQL server (127.0.0.1:5432, trust
 * authentication for local TCP on this machine, so what keeps apps apart here
 * is the CONNECT privilege; the password is checked against the verifier the
 * server stores). Every database and role made here is dropped afterwards.
 */

const home = mkdtempSync(join(tmpdir(), "sw-provision-pg-"));
const run = randomBytes(3).toString("hex");
const appA = `e2e-${run}-alpha`;
const appB = `e2e-${run}-beta`;
let provider: LocalProvider;
const made: RecordedResource[] = [];

const request = (app: string, environment = "production"): ResourceRequest => ({ kind: "postgres", app, environment });

async function ensure(req: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
  const resource = await provider.ensure(req, recorded);
  if (!made.some((m) => m.ids.database === resource.ids.database)) made.push({ kind: resource.kind, provider: resource.provider, name: resource.name, ids: resource.ids });
  return resource;
}

async function connectAs(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

const admin = (text: string, values: unknown[] = []) => queryDatabase(ADMIN_URL, text, values);

/** The URL's password (the app's secret). */
const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it (pg_ctlcluster <version> main start) to run this test");
  provider = createLocalProvider({ postgresUrl: ADMIN_URL, home, env: {} });
});

afterAll(async () => {
  for (const recorded of made) await provider.destroy(recorded).catch((error: unknown) => console.error(`could not destroy ${recorded.ids.database}:`, error));
  const left = await admin("select datname from pg_database where datname like $1 union all select rolname from pg_roles where rolname like $1", [`sw_e2e_${run}%`]);
  rmSync(home, { recursive: true, force: true });
  expect(left.rows).toEqual([]);
});

describe("local PostgreSQL on a real server", () => {
  let a: ProvisionedResource;
  let b: ProvisionedResource;

  it("makes a database and a least-privilege role per app and environment, and returns their ids without secrets", async () => {
    a = await ensure(request(appA));
    b = await ensure(request(appB));
    const name = `sw_e2e_${run}_alpha__production`;
    expect(a).toMatchObject({ kind: "postgres", provider: "local", name: `sw-${appA}-production`, ids: { engine: "postgresql", database: name, role: name }, created: true });
    expect(a.env).toEqual({ DATABASE_URL: a.url });
    expect(new URL(a.url)).toMatchObject({ hostname: "127.0.0.1", port: "5432", pathname: `/${name}`, username: name });
    expect(JSON.stringify(a.ids)).not.toContain(passwordOf(a.url));
    expect(passwordOf(a.url)).not.toBe(passwordOf(b.url));

    const role = (await admin("select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin from pg_roles where rolname = $1", [name])).rows[0];
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true });
    const acl = (await admin("select datacl::text[] as acl, pg_get_userbyid(datdba) as owner from pg_database where datname = $1", [name])).rows[0];
    expect(acl.owner).toBe("postgres");
    // PUBLIC ("=…") has no privilege left; the role has connect (c), temporary (T) and create (C).
    expect(acl.acl.some((entry: string) => entry.startsWith("="))).toBe(false);
    expect(acl.acl).toContain(`${name}=CTc/postgres`);
    const schemaOwner = await queryDatabase(a.url.replace(/\/\/[^@]*@/, "//postgres@"), "select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'public'");
    expect(schemaOwner.rows[0].owner).toBe(name);
  });

  it("stores a SCRAM verifier that accepts exactly the password in the app's URL (computed like the server's own)", async () => {
    const stored = (await admin("select rolpassword from pg_authid where rolname = $1", [a.ids.role])).rows[0].rolpassword as string;
    expect(stored).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(scramVerifierMatches(stored, passwordOf(a.url))).toBe(true);
    expect(scramVerifierMatches(stored, passwordOf(b.url))).toBe(false);
    // Cross-check the verifier arithmetic against PostgreSQL hashing a password itself.
    const probe = `sw_e2e_${run}_probe`;
    await admin(`create role ${probe} password 'server-hashed-pw'`);
    try {
      const serverMade = (await admin("select rolpassword from pg_authid where rolname = $1", [probe])).rows[0].rolpassword as string;
      expect(scramVerifierMatches(serverMade, "server-hashed-pw")).toBe(true);
      expect(scramVerifierMatches(serverMade, "other")).toBe(false);
    } finally {
      await admin(`drop role ${probe}`);
    }
  });

  it("lets an app's role use its own database (migrations create tables in public), and nothing of another app's", async () => {
    const asA = await connectAs(a.url);
    try {
      const who = await asA.query("select current_user, current_database()");
      expect(who.rows[0]).toEqual({ current_user: a.ids.role, current_database: a.ids.database });
      await asA.query("create table notes (id int primary key, body text)");
      await asA.query("insert into notes values (1, 'alpha only')");
      await expect(asA.query("create database sw_should_not_exist")).rejects.toThrow(/permission denied to create database/);
      await expect(asA.query("create role sw_should_not_exist")).rejects.toThrow(/permission denied to create role/);
    } finally {
      await asA.end();
    }

    // App A's role, pointed at app B's database: refused at connection time.
    const crossed = new URL(a.url);
    crossed.pathname = `/${b.ids.database}`;
    await expect(connectAs(crossed.toString())).rejects.toThrow(`permission denied for database "${b.ids.database}"`);
    const reverse = new URL(b.url);
    reverse.pathname = `/${a.ids.database}`;
    await expect(connectAs(reverse.toString())).rejects.toThrow(`permission denied for database "${a.ids.database}"`);
    // Neither can another role on the server that is not a superuser (PUBLIC has no CONNECT).
    const bystander = `sw_e2e_${run}_bystander`;
    await admin(`create role ${bystander} login`);
    try {
      const url = new URL(ADMIN_URL);
      url.username = bystander;
      url.pathname = `/${a.ids.database}`;
      await expect(connectAs(url.toString())).rejects.toThrow(/permission denied for database/);
    } finally {
      await admin(`drop role ${bystander}`);
    }
  });

  it("runs migrations as the app's role", async () => {
    const dir = mkdtempSync(join(home, "migrations-"));
    writeFileSync(join(dir, "0001_create_posts.sql"), "create table posts (id uuid primary key default gen_random_uuid(), title text not null);\n");
    writeFileSync(join(dir, "0002_create_index.sql"), "create index posts_title_idx on posts (title);\n");
    const report = await migratePostgres({ databaseUrl: b.url, dir });
    expect(report.applied.map((m) => m.file)).toEqual(["0001_create_posts.sql", "0002_create_index.sql"]);
    const owner = await queryDatabase(b.url, "select tableowner from pg_tables where tablename = 'posts'");
    expect(owner.rows[0].tableowner).toBe(b.ids.role);
  });

  it("finds what the first ensure made: a second ensure creates and changes nothing", async () => {
    const count = async () => Number((await admin("select (select count(*) from pg_database where datname like $1) + (select count(*) from pg_roles where rolname like $1) as n", [`sw_e2e_${run}%`])).rows[0].n);
    const before = await count();
    const verifier = (await admin("select rolpassword from pg_authid where rolname = $1", [a.ids.role])).rows[0].rolpassword;
    const again = await ensure(request(appA));
    const withRecord = await ensure(request(appA), { kind: "postgres", provider: "local", name: a.name, ids: a.ids });
    for (const found of [again, withRecord]) {
      expect(found).toMatchObject({ created: false, ids: a.ids });
      expect(found.url).toBe(a.url);
    }
    expect(await count()).toBe(before);
    // Same password, same stored verifier: the running app is undisturbed.
    expect((await admin("select rolpassword from pg_authid where rolname = $1", [a.ids.role])).rows[0].rolpassword).toBe(verifier);
    expect((await queryDatabase(a.url, "select body from notes")).rows).toEqual([{ body: "alpha only" }]);
    // A fresh provider (another process, same state directory) computes the same password.
    const other = createLocalProvider({ postgresUrl: ADMIN_URL, home, env: {} });
    expect((await other.ensure(request(appA))).url).toBe(a.url);
  });

  it("finds a resource by its recorded ids first (even under another name), then by name", async () => {
    // A database recorded under a name this version would not choose (an older naming scheme, say).
    const legacy = `sw_e2e_${run}_legacy`;
    await admin(`create role ${legacy} login`);
    await admin(`create database ${legacy}`);
    made.push({ kind: "postgres", provider: "local", name: "legacy", ids: { engine: "postgresql", database: legacy, role: legacy } });
    const recorded: RecordedResource = { kind: "postgres", provider: "local", name: `sw-${appA}-production`, ids: { engine: "postgresql", database: legacy, role: legacy } };
    const found = await ensure(request(appA), recorded);
    expect(found.ids).toEqual({ engine: "postgresql", database: legacy, role: legacy });
    expect(found.created).toBe(false);
    expect((await queryDatabase(found.url, "select current_user")).rows[0].current_user).toBe(legacy);

    // A record whose database is gone (dropped by hand): the deterministic name is found instead.
    const stale: RecordedResource = { ...recorded, ids: { engine: "postgresql", database: `sw_e2e_${run}_gone`, role: `sw_e2e_${run}_gone` } };
    const byName = await ensure(request(appA), stale);
    expect(byName).toMatchObject({ created: false, ids: a.ids });
    // Records from another provider are not this provider's ids.
    expect((await ensure(request(appA), { ...recorded, provider: "neon" })).ids).toEqual(a.ids);
  });

  it("repairs a half-made resource and a role widened by hand", async () => {
    const req = request(appA, "pr-7");
    const first = await ensure(req);
    await admin(`drop database ${first.ids.database} with (force)`);
    await admin(`alter role ${first.ids.role} createdb createrole`);
    const repaired = await ensure(req);
    expect(repaired.created).toBe(true);
    const role = (await admin("select rolcreatedb, rolcreaterole from pg_roles where rolname = $1", [repaired.ids.role])).rows[0];
    expect(role).toEqual({ rolcreatedb: false, rolcreaterole: false });
    expect((await queryDatabase(repaired.url, "select current_database() as db")).rows[0].db).toBe(repaired.ids.database);
  });

  it("gives two concurrent ensures of one new resource the same database", async () => {
    const req = request(appB, "pr-8");
    const [x, y] = await Promise.all([ensure(req), ensure(req)]);
    expect(x.ids).toEqual(y.ids);
    expect(x.url).toBe(y.url);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    expect((await admin("select count(*)::int as n from pg_database where datname = $1", [x.ids.database])).rows[0].n).toBe(1);
  });

  it("destroys a preview environment's database and role, idempotently, and refuses names it did not make", async () => {
    const req = request(appB, "pr-9");
    const preview = await ensure(req);
    const held = await connectAs(preview.url); // an open connection does not block the drop
    const recorded: RecordedResource = { kind: "postgres", provider: "local", name: preview.name, ids: preview.ids };
    await provider.destroy(recorded);
    await held.end().catch(() => {});
    const left = await admin("select 1 from pg_database where datname = $1 union all select 1 from pg_roles where rolname = $1", [preview.ids.database]);
    expect(left.rows).toEqual([]);
    await expect(provider.destroy(recorded)).resolves.toBeUndefined();
    await expect(provider.destroy({ ...recorded, ids: { engine: "postgresql", database: "postgres", role: "postgres" } })).rejects.toThrow("local: refusing to drop postgres: not a name this provider made");
  });

  it("reports a server it cannot reach without its credentials", async () => {
    const broken = createLocalProvider({ postgresUrl: "postgres://admin:very-secret-pw@127.0.0.1:1/postgres", home, env: {} });
    const error = (await broken.ensure(request(appA)).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^local: cannot connect to PostgreSQL at 127\.0\.0\.1:1 with STACKWRIGHT_POSTGRES_URL: /);
    expect(error.message).not.toContain("very-secret-pw");
  });
});

