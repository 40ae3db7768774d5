import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Document } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { LocalMongo, LocalSecrets, type MongoAdminClient, type MongoAdminDb } from "../../../src/provision/local/index.js";
import { ProvisionError, type RecordedResource } from "../../../src/provision/index.js";

/**
 * The local MongoDB provider against FakeMongoServer, an in-memory TEST DOUBLE
 * of the handful of admin operations the provider performs (usersInfo,
 * createUser, updateUser, dropUser, listDatabases, an upsert, dropDatabase).
 * No MongoDB server exists on this machine, so this checks the provider's
 * logic (names, idempotency, users, the URL it hands out), not a server's
 * behaviour; test/e2e/provision-mongodb.test.ts runs against a real server when
 * STACKWRIGHT_TEST_MONGODB_URL is set.
 */
class FakeMongoServer {
  readonly users = new Map<string, { pwd: string; roles: Document[] }>();
  readonly databases = new Map<string, Map<string, Document[]>>();
  readonly calls: string[] = [];
  constructor(private readonly options: { refuseUsers?: boolean } = {}) {}

  connect = async (_url: string): Promise<MongoAdminClient> => ({ db: (name) => this.db(name), close: async () => {} });

  private db(name: string): MongoAdminDb {
    const server = this;
    return {
      async command(command: Document) {
        const [verb] = Object.keys(command);
        server.calls.push(`${verb} ${name}`);
        const key = `${name}.${String(command[verb!])}`;
        if (server.options.refuseUsers && verb !== "usersInfo") throw Object.assign(new Error("not authorized on admin to execute command"), { code: 13 });
        switch (verb) {
          case "usersInfo":
            return { users: server.users.has(key) ? [{ user: command.usersInfo, db: name }] : [], ok: 1 };
          case "createUser":
            if (server.users.has(key)) throw Object.assign(new Error(`User "${key}" already exists`), { code: 51003 });
            server.users.set(key, { pwd: command.pwd, roles: command.roles });
            return { ok: 1 };
          case "updateUser":
            server.users.set(key, { pwd: command.pwd, roles: command.roles });
            return { ok: 1 };
          case "dropUser":
            if (!server.users.delete(key)) throw Object.assign(new Error("User not found"), { code: 11 });
            return { ok: 1 };
          default:
            throw new Error(`FakeMongoServer does not know ${verb}`);
        }
      },
      collection(collection: string) {
        return {
          async updateOne(filter: Document, update: Document) {
            const db = server.databases.get(name) ?? new Map<string, Document[]>();
            server.databases.set(name, db);
            const docs = db.get(collection) ?? [];
            db.set(collection, docs);
            if (docs.some((d) => d._id === filter._id)) return { upsertedCount: 0 };
            docs.push({ ...filter, ...update.$setOnInsert });
            return { upsertedCount: 1 };
          },
        };
      },
      admin() {
        return { listDatabases: async () => ({ databases: [...server.databases.keys()].map((n) => ({ name: n })) }) };
      },
      async dropDatabase() {
        server.calls.push(`dropDatabase ${name}`);
        server.databases.delete(name);
      },
    };
  }
}

const home = mkdtempSync(join(tmpdir(), "sw-mongo-provider-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const secrets = new LocalSecrets(join(home, "local.key"));
const request = { kind: "mongodb" as const, app: "blog", environment: "production" };

describe("local MongoDB (against FakeMongoServer)", () => {
  it("makes a database and a user limited to it, and hands out a URL that authenticates against that database", async () => {
    const server = new FakeMongoServer();
    const mongo = new LocalMongo("mongodb://root:admin-pw@db1:27017,db2:27017/admin?replicaSet=rs0", secrets, server.connect);
    const made = await mongo.ensure(request);
    expect(made).toMatchObject({ kind: "mongodb", provider: "local", name: "sw-blog-production", ids: { database: "sw_blog__production", user: "sw_blog__production" }, created: true });
    const password = await secrets.password("mongodb", "sw_blog__production");
    expect(made.url).toBe(`mongodb://sw_blog__production:${password}@db1:27017,db2:27017/sw_blog__production?replicaSet=rs0&authSource=sw_blog__production`);
    expect(made.env).toEqual({ MONGODB_URL: made.url });
    expect(server.users.get("sw_blog__production.sw_blog__production")).toEqual({
      pwd: password,
      roles: [
        { role: "readWrite", db: "sw_blog__production" },
        { role: "dbAdmin", db: "sw_blog__production" },
      ],
    });
    expect(server.databases.get("sw_blog__production")?.get("stackwright_meta")).toEqual([{ _id: "provisioned", app: "blog", environment: "production", createdAt: expect.any(Date) }]);
    expect(JSON.stringify(made.ids)).not.toContain(password);
  });

  it("finds what it made: a second ensure creates nothing (the user is updated with the same password)", async () => {
    const server = new FakeMongoServer();
    const mongo = new LocalMongo("mongodb://root:pw@db:27017/admin", secrets, server.connect);
    const first = await mongo.ensure(request);
    server.calls.length = 0;
    const second = await mongo.ensure(request, { kind: "mongodb", provider: "local", name: first.name, ids: first.ids });
    expect(second).toMatchObject({ created: false, url: first.url, ids: first.ids });
    expect(server.calls).toEqual(["usersInfo sw_blog__production", "updateUser sw_blog__production"]);
  });

  it("uses a recorded database when it still exists, the deterministic name otherwise", async () => {
    const server = new FakeMongoServer();
    const mongo = new LocalMongo("mongodb://root:pw@db:27017/admin", secrets, server.connect);
    server.databases.set("sw_legacy_blog", new Map([["posts", []]]));
    const recorded: RecordedResource = { kind: "mongodb", provider: "local", name: "sw-blog-production", ids: { database: "sw_legacy_blog", user: "sw_legacy_blog" } };
    expect((await mongo.ensure(request, recorded)).ids).toEqual({ database: "sw_legacy_blog", user: "sw_legacy_blog" });
    expect((await mongo.ensure(request, { ...recorded, ids: { database: "sw_gone" } })).ids.database).toBe("sw_blog__production");
  });

  it("makes no user on a server without access control, and refuses clearly when an admin with credentials may not create users", async () => {
    const open = new FakeMongoServer({ refuseUsers: true });
    const noAuth = await new LocalMongo("mongodb://127.0.0.1:27017", secrets, open.connect).ensure(request);
    expect(noAuth.ids).toEqual({ database: "sw_blog__production" });
    expect(noAuth.url).toBe("mongodb://127.0.0.1:27017/sw_blog__production");

    const limited = new LocalMongo("mongodb://reader:pw@127.0.0.1:27017/admin", secrets, new FakeMongoServer({ refuseUsers: true }).connect);
    const error = await limited.ensure(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).toBe("local: MongoDB at 127.0.0.1:27017 refused to create the app's user; the admin connection needs the userAdminAnyDatabase role (or userAdmin on sw_blog__production)");
  });

  it("destroys the user and the database, idempotently, and refuses names it did not make", async () => {
    const server = new FakeMongoServer();
    const mongo = new LocalMongo("mongodb://root:pw@db:27017/admin", secrets, server.connect);
    const made = await mongo.ensure({ ...request, environment: "pr-5" });
    const recorded: RecordedResource = { kind: "mongodb", provider: "local", name: made.name, ids: made.ids };
    await mongo.destroy(recorded);
    expect(server.users.size).toBe(0);
    expect(server.databases.has("sw_blog__pr_5")).toBe(false);
    await expect(mongo.destroy(recorded)).resolves.toBeUndefined();
    await expect(mongo.destroy({ ...recorded, ids: { database: "admin" } })).rejects.toThrow("refusing to drop admin");
  });

  it("reports a server it cannot reach without the admin's password", async () => {
    const mongo = new LocalMongo("mongodb://root:admin-secret@127.0.0.1:1/admin", secrets, async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:1");
    });
    const error = (await mongo.ensure(request).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("local: cannot connect to MongoDB at 127.0.0.1:1 with STACKWRIGHT_MONGODB_URL: connect ECONNREFUSED 127.0.0.1:1");
  });
});
