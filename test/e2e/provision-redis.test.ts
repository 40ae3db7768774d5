import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalProvider, type LocalProvider, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../../src/provision/index.js";

/**
 * The local provider's Redis on the real server (127.0.0.1:6379, started by
 * .ci/run): two apps cannot see each other's keys, enforced by the server.
 * Every ACL user, key and database allocation made here is removed afterwards.
 */

const ADMIN_URL = process.env.STACKWRIGHT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const home = mkdtempSync(join(tmpdir(), "sw-provision-redis-"));
const run = randomBytes(3).toString("hex");
const appA = `e2e-${run}-alpha`;
const appB = `e2e-${run}-beta`;
const request = (app: string, environment = "production"): ResourceRequest => ({ kind: "redis", app, environment });
const made: RecordedResource[] = [];
let acl: LocalProvider;
let indexes: LocalProvider;

const open = (url: string, keyPrefix?: string) => createClient({ url, ...(keyPrefix ? { keyPrefix } : {}), socket: { reconnectStrategy: false, connectTimeout: 5_000 } });
type Client = ReturnType<typeof open>;
const clients: Client[] = [];
async function connect(url: string, options: { keyPrefix?: string } = {}): Promise<Client> {
  const client = open(url, options.keyPrefix);
  client.on("error", () => {});
  await client.connect();
  clients.push(client);
  return client;
}

async function ensure(provider: LocalProvider, req: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
  const resource = await provider.ensure(req, recorded);
  made.push({ kind: resource.kind, provider: resource.provider, name: resource.name, ids: resource.ids });
  return resource;
}

let admin: Client;
beforeAll(async () => {
  admin = open(ADMIN_URL);
  admin.on("error", () => {});
  await admin.connect().catch(() => {
    throw new Error(`Redis is not reachable at ${ADMIN_URL}; start it (see .ci/run) to run this test`);
  });
  acl = createLocalProvider({ redisUrl: ADMIN_URL, home, env: {} });
  indexes = createLocalProvider({ redisUrl: ADMIN_URL, home, env: {}, redisIsolation: "database" });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const recorded of made.reverse()) {
    const provider = recorded.ids.mode === "database" ? indexes : acl;
    await provider.destroy(recorded).catch(() => {});
  }
  const users = (await admin.aclUsers()).filter((u) => u.includes(run));
  const keys = await admin.keys(`sw:e2e-${run}-*`);
  const allocations = Object.keys(await admin.hGetAll("stackwright:databases")).filter((k) => k.includes(run));
  admin.destroy();
  rmSync(home, { recursive: true, force: true });
  expect({ users, keys, allocations }).toEqual({ users: [], keys: [], allocations: [] });
});

describe("local Redis with ACL users (the server enforces isolation)", () => {
  let a: ProvisionedResource;
  let b: ProvisionedResource;

  it("makes an ACL user per app and environment, confined to the app's key prefix", async () => {
    a = await ensure(acl, request(appA));
    b = await ensure(acl, request(appB));
    const user = `sw_e2e_${run}_alpha__production`;
    expect(a).toMatchObject({ kind: "redis", provider: "local", ids: { mode: "acl", user, prefix: `sw:${appA}:production:` }, created: true });
    expect(Object.keys(a.env).sort()).toEqual(["REDIS_KEY_PREFIX", "REDIS_URL"]);
    expect(a.env.REDIS_KEY_PREFIX).toBe(`sw:${appA}:production:`);
    expect(new URL(a.url)).toMatchObject({ protocol: "redis:", hostname: "127.0.0.1", port: "6379", username: user });
    expect(JSON.stringify(a.ids)).not.toContain(decodeURIComponent(new URL(a.url).password));
    const info = await admin.aclGetUser(user);
    expect(info?.flags).toContain("on");
    expect(String(info?.keys)).toBe(`~sw:${appA}:production:*`);
  });

  it("lets each app read and write its own keys, and neither read, write nor list the other's", async () => {
    const asA = await connect(a.url);
    const asB = await connect(b.url);
    const keyA = `${a.env.REDIS_KEY_PREFIX}session:1`;
    const keyB = `${b.env.REDIS_KEY_PREFIX}session:1`;
    expect(await asA.set(keyA, "alpha-data")).toBe("OK");
    expect(await asB.set(keyB, "beta-data")).toBe("OK");
    expect(await asA.get(keyA)).toBe("alpha-data");

    const denied = /NOPERM/;
    await expect(asA.get(keyB)).rejects.toThrow(denied);
    await expect(asA.set(keyB, "overwritten")).rejects.toThrow(denied);
    await expect(asA.del(keyB)).rejects.toThrow(denied);
    await expect(asB.get(keyA)).rejects.toThrow(denied);
    await expect(asA.set("unprefixed", "x")).rejects.toThrow(denied);
    // Listing and wiping are refused too: they would reach every app's keys.
    await expect(asA.keys("*")).rejects.toThrow(denied);
    await expect(asA.scan("0")).rejects.toThrow(denied);
    await expect(asA.randomKey()).rejects.toThrow(denied);
    await expect(asA.dbSize()).rejects.toThrow(denied);
    await expect(asA.flushAll()).rejects.toThrow(denied);
    await expect(asA.configGet("*")).rejects.toThrow(denied);
    await expect(asA.publish(`${b.env.REDIS_KEY_PREFIX}events`, "x")).rejects.toThrow(denied);
    expect(await asA.publish(`${a.env.REDIS_KEY_PREFIX}events`, "x")).toBe(0);

    expect(await admin.get(keyB)).toBe("beta-data");
  });

  it("works with node-redis's keyPrefix option set from REDIS_KEY_PREFIX", async () => {
    const prefixed = await connect(a.url, { keyPrefix: a.env.REDIS_KEY_PREFIX });
    await prefixed.set("cart:42", "3 items");
    expect(await admin.get(`${a.env.REDIS_KEY_PREFIX}cart:42`)).toBe("3 items");
  });

  it("finds what the first ensure made: the same user and password, and connected clients keep working", async () => {
    const asA = await connect(a.url);
    const again = await ensure(acl, request(appA));
    expect(again).toMatchObject({ created: false, ids: a.ids });
    expect(again.url).toBe(a.url);
    expect(await asA.get(`${a.env.REDIS_KEY_PREFIX}session:1`)).toBe("alpha-data");
    const withRecord = await ensure(acl, request(appA), { kind: "redis", provider: "local", name: a.name, ids: a.ids });
    expect(withRecord).toMatchObject({ created: false, ids: a.ids, url: a.url });
  });

  it("finds a resource by its recorded ids first: a recorded user keeps its name and prefix", async () => {
    const recorded: RecordedResource = { kind: "redis", provider: "local", name: "legacy", ids: { mode: "acl", user: `sw_e2e_${run}_legacy`, prefix: `sw:e2e-${run}-legacy:` } };
    const found = await ensure(acl, request(appA, "staging"), recorded);
    expect(found.ids).toEqual(recorded.ids);
    expect(found.created).toBe(true); // the user did not exist on this server (a restart without an ACL file loses users): made again
    const client = await connect(found.url);
    await client.set(`sw:e2e-${run}-legacy:x`, "1");
    await expect(client.set(`${a.env.REDIS_KEY_PREFIX}x`, "1")).rejects.toThrow(/NOPERM/);
  });

  it("destroys a preview environment: its user (and its connections) and its keys, and nothing of the other app's", async () => {
    const preview = await ensure(acl, request(appA, "pr-3"));
    const client = await connect(preview.url);
    await client.set(`${preview.env.REDIS_KEY_PREFIX}a`, "1");
    await client.set(`${preview.env.REDIS_KEY_PREFIX}b`, "2");
    const recorded: RecordedResource = { kind: "redis", provider: "local", name: preview.name, ids: preview.ids };
    await acl.destroy(recorded);
    expect(await admin.aclGetUser(preview.ids.user!)).toBeNull();
    await expect(client.get(`${preview.env.REDIS_KEY_PREFIX}a`)).rejects.toThrow(); // the server closed its connection
    expect(await admin.keys(`${preview.env.REDIS_KEY_PREFIX}*`)).toEqual([]);
    expect(await admin.get(`${b.env.REDIS_KEY_PREFIX}session:1`)).toBe("beta-data");
    expect(await admin.get(`${a.env.REDIS_KEY_PREFIX}session:1`)).toBe("alpha-data");
    await expect(connect(preview.url)).rejects.toThrow(/WRONGPASS|invalid username-password/);
    await expect(acl.destroy(recorded)).resolves.toBeUndefined();
  });
});

describe("local Redis with a database index per app (servers without ACLs)", () => {
  it("gives each app its own database, keeps it on the next ensure, and frees it on destroy", async () => {
    const a = await ensure(indexes, request(appA, "idx"));
    const b = await ensure(indexes, request(appB, "idx"));
    expect(a.ids.mode).toBe("database");
    expect(a.ids.database).not.toBe(b.ids.database);
    expect(Number(a.ids.database)).toBeGreaterThan(0);
    expect(new URL(a.url).pathname).toBe(`/${a.ids.database}`);
    const again = await ensure(indexes, request(appA, "idx"));
    expect(again).toMatchObject({ created: false, ids: a.ids });

    const asA = await connect(a.url);
    const asB = await connect(b.url);
    await asA.set("shared-name", "alpha");
    expect(await asB.get("shared-name")).toBeNull();
    await asB.set("shared-name", "beta");
    expect(await asA.get("shared-name")).toBe("alpha");

    await indexes.destroy({ kind: "redis", provider: "local", name: a.name, ids: a.ids });
    expect(await asB.get("shared-name")).toBe("beta");
    expect(await asA.get("shared-name")).toBeNull();
    expect(await admin.hGet("stackwright:databases", `sw_e2e_${run}_alpha__idx`)).toBeNull();
  });
});
