import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { migrateMongo } from "../../src/migrate/index.js";
import { createLocalProvider, type ProvisionedResource, type RecordedResource } from "../../src/provision/index.js";
import { blogSpec } from "../fixtures/specs.js";

/**
 * The local MongoDB provider and the MongoDB runner against a REAL server.
 * No MongoDB server exists on the machine this was written on (not in Debian
 * bookworm, no network for mongodb-memory-server), so this file is SKIPPED
 * unless STACKWRIGHT_TEST_MONGODB_URL names an admin connection, e.g.
 * mongodb://root:pw@127.0.0.1:27017/admin. It has not been run yet.
 */

const ADMIN_URL = process.env.STACKWRIGHT_TEST_MONGODB_URL;
const home = mkdtempSync(join(tmpdir(), "sw-provision-mongo-"));
const tag = randomBytes(3).toString("hex");
const request = { kind: "mongodb" as const, app: `e2e-${tag}`, environment: "production" };
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!ADMIN_URL)("local MongoDB and the MongoDB runner on a real server (STACKWRIGHT_TEST_MONGODB_URL)", () => {
  const provider = createLocalProvider({ mongodbUrl: ADMIN_URL!, home, env: {} });
  let made: ProvisionedResource;
  afterAll(async () => {
    if (made) await provider.destroy({ kind: made.kind, provider: made.provider, name: made.name, ids: made.ids });
  });

  it("makes a database and a user, finds them again, and the app's user can migrate its own database", async () => {
    made = await provider.ensure(request);
    expect(made.created).toBe(true);
    expect((await provider.ensure(request, { kind: "mongodb", provider: "local", name: made.name, ids: made.ids })).created).toBe(false);

    const first = await migrateMongo({ url: made.url, spec: blogSpec });
    expect(first.collections.every((c) => c.action === "created")).toBe(true);
    const second = await migrateMongo({ url: made.url, spec: blogSpec });
    expect([...second.collections, ...second.indexes].every((x) => x.action === "unchanged")).toBe(true);

    const client = new MongoClient(made.url);
    await client.connect();
    try {
      const users = client.db().collection<{ _id: string } & Record<string, unknown>>("users");
      const now = new Date();
      await users.insertOne({ _id: randomUUID(), email: "a@example.com", passwordHash: "x", role: "user", createdAt: now, updatedAt: now });
      await expect(users.insertOne({ _id: randomUUID(), email: "a@example.com", passwordHash: "x", role: "user", createdAt: now, updatedAt: now })).rejects.toThrow(/duplicate key/);
      await expect(users.insertOne({ _id: randomUUID(), email: "not-an-email", passwordHash: "x", role: "user", createdAt: now, updatedAt: now })).rejects.toThrow(/Document failed validation/);
      // Another database on the server is out of the app user's reach.
      await expect(client.db("admin").collection("system.users").findOne({})).rejects.toThrow(/not authorized/);
    } finally {
      await client.close();
    }
  });

  it("destroys the database and the user", async () => {
    const preview = await provider.ensure({ ...request, environment: "pr-1" });
    const recorded: RecordedResource = { kind: "mongodb", provider: "local", name: preview.name, ids: preview.ids };
    await provider.destroy(recorded);
    const admin = new MongoClient(ADMIN_URL!);
    await admin.connect();
    try {
      const names = (await admin.db("admin").admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
      expect(names).not.toContain(preview.ids.database);
    } finally {
      await admin.close();
    }
  });
});
