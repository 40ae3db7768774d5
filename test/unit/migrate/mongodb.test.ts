import { describe, expect, it } from "vitest";
import { applyMongoPlan, databaseInUrl, MigrationError, migrateMongo, planMongo } from "../../../src/migrate/index.js";
import type { AppSpec } from "../../../src/spec/app-spec.js";
import { blogSpec, shopSpec, tasksSpec } from "../../fixtures/specs.js";
import { MongoDouble } from "./mongo-double.js";

/**
 * The MongoDB runner: the plan computed from an AppSpec, and its idempotent
 * reconciliation, run against MongoDouble (an in-memory TEST DOUBLE of the six
 * operations the runner performs; no MongoDB server exists on this machine).
 */

describe("planMongo", () => {
  const plan = planMongo(blogSpec);
  const collection = (name: string) => plan.collections.find((c) => c.name === name)!;

  it("has one collection per entity (named like the SQL tables) and refresh_tokens for JWT refresh tokens", () => {
    expect(plan.collections.map((c) => [c.name, c.entity])).toEqual([
      ["users", "User"],
      ["posts", "Post"],
      ["comments", "Comment"],
      ["refresh_tokens", undefined],
    ]);
  });

  it("derives a JSON-schema validator from the fields: types, required, lengths, nullability", () => {
    const users = collection("users").validator.$jsonSchema;
    expect(users.required).toEqual(["_id", "email", "passwordHash", "role", "createdAt", "updatedAt"]);
    expect(users.properties.email).toEqual({ bsonType: "string", pattern: "^[^@\\s]+@[^@\\s]+$" });
    expect(users.properties.displayName).toEqual({ bsonType: ["string", "null"], maxLength: 80 });
    expect(users.properties.role).toEqual({ bsonType: "string", enum: ["user", "admin"] });
    const posts = collection("posts").validator.$jsonSchema;
    // `published` has a default, so documents written before it existed still validate.
    expect(posts.required).toEqual(["_id", "title", "body", "authorId", "createdAt", "updatedAt"]);
    expect(posts.properties.published).toEqual({ bsonType: "bool" });
    expect(posts.properties.authorId).toMatchObject({ bsonType: "string" });
    expect(collection("posts")).toMatchObject({ validationLevel: "strict", validationAction: "error" });
  });

  it("indexes unique fields (uniquely), foreign keys, many-to-many arrays and createdAt; refresh tokens expire by TTL", () => {
    expect(collection("users").indexes).toEqual([
      { name: "email_unique", key: { email: 1 }, unique: true },
      { name: "createdAt_idx", key: { createdAt: -1 } },
    ]);
    expect(collection("comments").indexes.map((i) => i.name)).toEqual(["postId_idx", "authorId_idx", "createdAt_idx"]);
    expect(collection("refresh_tokens").indexes).toContainEqual({ name: "expiresAt_ttl", key: { expiresAt: 1 }, expireAfterSeconds: 0 });
    const shop = planMongo(shopSpec);
    const withArrays = shop.collections.flatMap((c) => c.indexes.filter((i) => i.name.endsWith("Ids_idx")).map((i) => `${c.name}.${i.name}`));
    expect(withArrays.length).toBeGreaterThan(0);
  });

  it("bounds numbers and restricts enums as the spec says, and lets optional unique fields be absent more than once", () => {
    const tasks = planMongo(tasksSpec);
    const all = tasks.collections.flatMap((c) => Object.entries(c.validator.$jsonSchema.properties as Record<string, any>).map(([k, v]) => ({ c: c.name, k, v })));
    expect(all.some(({ v }) => Array.isArray(v.enum))).toBe(true);
    const spec: AppSpec = {
      ...blogSpec,
      entities: blogSpec.entities.map((e) =>
        e.name === "Post"
          ? { ...e, fields: [...e.fields, { name: "slug", type: "string", required: false, unique: true, searchable: false, private: false }, { name: "rating", type: "int", required: true, unique: false, min: 1, max: 5, searchable: false, private: false }] }
          : e,
      ),
    };
    const posts = planMongo(spec).collections.find((c) => c.name === "posts")!;
    expect(posts.validator.$jsonSchema.properties.rating).toEqual({ bsonType: ["int", "long"], minimum: 1, maximum: 5 });
    expect(posts.indexes).toContainEqual({ name: "slug_unique", key: { slug: 1 }, unique: true, partialFilterExpression: { slug: { $type: "string" } } });
  });

  it("is deterministic: the same spec gives the same checksum, a different one another", () => {
    expect(planMongo(blogSpec).checksum).toBe(plan.checksum);
    expect(planMongo(tasksSpec).checksum).not.toBe(plan.checksum);
  });
});

describe("applyMongoPlan (against MongoDouble)", () => {
  it("creates every collection with its validator and every index, then a re-run changes nothing", async () => {
    const db = new MongoDouble();
    const plan = planMongo(blogSpec);
    const first = await applyMongoPlan(db, plan);
    expect(first.collections.every((c) => c.action === "created")).toBe(true);
    expect(first.indexes.every((i) => i.action === "created")).toBe(true);
    expect(db.collections.get("posts")!.options.validator).toEqual(plan.collections[1]!.validator);
    const writes = db.writes.length;
    expect(writes).toBe(plan.collections.length + plan.collections.reduce((n, c) => n + c.indexes.length, 0));

    const lines: string[] = [];
    const second = await applyMongoPlan(db, plan, { log: (l) => lines.push(l) });
    expect(second.collections.every((c) => c.action === "unchanged")).toBe(true);
    expect(second.indexes.every((i) => i.action === "unchanged")).toBe(true);
    expect(db.writes.length).toBe(writes);
    expect(lines).toEqual(["database is up to date"]);
  });

  it("updates a changed validator with collMod, touching only that collection", async () => {
    const db = new MongoDouble();
    await applyMongoPlan(db, planMongo(blogSpec));
    db.writes.length = 0;
    const spec: AppSpec = {
      ...blogSpec,
      entities: blogSpec.entities.map((e) => (e.name === "Comment" ? { ...e, fields: [...e.fields, { name: "flagged", type: "bool", required: true, unique: false, searchable: false, private: false }] } : e)),
    };
    const report = await applyMongoPlan(db, planMongo(spec));
    expect(report.collections.filter((c) => c.action !== "unchanged")).toEqual([{ name: "comments", action: "validator-updated" }]);
    expect(db.writes).toEqual(["collMod comments"]);
    expect(db.collections.get("comments")!.options.validator.$jsonSchema.required).toContain("flagged");
  });

  it("replaces an index whose definition drifted, keeps an equivalent one under another name, and reports (never drops) extra ones", async () => {
    const db = new MongoDouble();
    const plan = planMongo(blogSpec);
    await applyMongoPlan(db, plan);
    const users = db.collections.get("users")!;
    // email_unique lost its uniqueness; createdAt_idx exists under a hand-made name; a hand-made extra index.
    users.indexes = [
      { v: 2, key: { _id: 1 }, name: "_id_" },
      { v: 2, key: { email: 1 }, name: "email_unique" },
      { v: 2, key: { createdAt: -1 }, name: "by_created" },
      { v: 2, key: { displayName: 1 }, name: "by_name" },
    ];
    db.writes.length = 0;
    const report = await applyMongoPlan(db, plan);
    expect(report.indexes.filter((i) => i.collection === "users")).toEqual([
      { collection: "users", name: "email_unique", action: "replaced" },
      { collection: "users", name: "createdAt_idx", action: "unchanged" },
    ]);
    expect(report.extra).toEqual([{ collection: "users", name: "by_name" }]);
    expect(db.writes).toEqual(["dropIndex users.email_unique", "createIndex users.email_unique"]);
    expect(users.indexes.find((i) => i.name === "email_unique")).toMatchObject({ unique: true });
  });

  it("ends in the same state when two runs race (a collection created meanwhile is compared, not re-created)", async () => {
    const db = new MongoDouble();
    const plan = planMongo(blogSpec);
    const [a, b] = await Promise.all([applyMongoPlan(db, plan), applyMongoPlan(db, plan)]);
    const created = [...a.collections, ...b.collections].filter((c) => c.action === "created").map((c) => c.name).sort();
    expect(created).toEqual(plan.collections.map((c) => c.name).sort());
    expect(db.writes.filter((w) => w.startsWith("createCollection")).length).toBe(plan.collections.length);
    const again = await applyMongoPlan(db, plan);
    expect([...again.collections, ...again.indexes].every((x) => x.action === "unchanged")).toBe(true);
  });

  it("stops between collections when cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(applyMongoPlan(new MongoDouble(), planMongo(blogSpec), { signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
  });
});

describe("migrateMongo", () => {
  it("reads the database from the URL's path, and refuses a URL without one before connecting", async () => {
    expect(databaseInUrl("mongodb://u:p@h1:27017,h2:27017/sw_blog_production?authSource=sw_blog_production")).toBe("sw_blog_production");
    expect(databaseInUrl("mongodb+srv://cluster0.example.net/app")).toBe("app");
    expect(databaseInUrl("mongodb://localhost:27017/?replicaSet=rs0")).toBeUndefined();
    expect(databaseInUrl("mongodb://localhost:27017")).toBeUndefined();
    const error = await migrateMongo({ url: "mongodb://127.0.0.1:1", spec: blogSpec }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/names no database/);
  });

  it("reports a server it cannot reach without printing the URL", async () => {
    const error = await migrateMongo({ url: "mongodb://app:s3cret-pw@127.0.0.1:1/app", spec: blogSpec, connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "connection" });
    expect((error as Error).message).toMatch(/^cannot connect to MongoDB/);
    expect((error as Error).message).not.toContain("s3cret-pw");
  }, 30_000);
});
