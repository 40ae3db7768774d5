import { createHash } from "node:crypto";
import { MongoClient, type Db, type Document } from "mongodb";
import type { AppSpec, FieldSpec } from "../spec/app-spec.js";
import { describeApp, type EntityModel } from "../spec/model.js";
import { MigrationAbortedError, MigrationError } from "./errors.js";

/**
 * MongoDB "migrations": the collections, JSON-schema validators and indexes an
 * app's AppSpec implies, brought about idempotently. MongoDB has no DDL
 * transactions and no advisory locks, so instead of a history of steps the
 * runner reconciles: it creates what is missing, updates a validator that
 * differs (collMod), replaces an index whose definition changed, and leaves
 * alone what already matches. Running it twice, or twice at once, ends in the
 * same state. It never drops a collection, and never drops an index the plan
 * does not name (those are reported as `extra`).
 *
 * Document shape (the contract for a MongoDB backend): `_id` is the record's
 * UUID as a string; fields use their camelCase JSON names; a belongsTo relation
 * is `<relation>Id` (a UUID string); a manyToMany relation is `<singular>Ids`
 * (an array of UUID strings) on each side; `createdAt` and `updatedAt` are
 * dates; the user entity adds `passwordHash` and `role`; refresh tokens live in
 * `refresh_tokens` and expire through a TTL index on `expiresAt`.
 */

export interface MongoIndexPlan {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

export interface MongoCollectionPlan {
  name: string;
  /** The entity it stores (absent for support collections such as refresh_tokens). */
  entity?: string;
  validator: { $jsonSchema: Document };
  validationLevel: "strict" | "moderate";
  validationAction: "error" | "warn";
  indexes: MongoIndexPlan[];
}

export interface MongoPlan {
  collections: MongoCollectionPlan[];
  /** SHA-256 of the plan: equal plans, equal checksums. */
  checksum: string;
}

export interface MongoMigrationReport {
  collections: Array<{ name: string; action: "created" | "validator-updated" | "unchanged" }>;
  indexes: Array<{ collection: string; name: string; action: "created" | "replaced" | "unchanged" }>;
  /** Indexes present in the database that the plan does not name: left alone. */
  extra: Array<{ collection: string; name: string }>;
  checksum: string;
  totalMs: number;
}

/** What the runner does to a database: the few operations it needs (a real `Db` through `mongoSchemaTarget`, or a test double). */
export interface MongoSchemaTarget {
  /** The collection's info from listCollections, or undefined when it does not exist. */
  getCollection(name: string): Promise<{ name: string; type?: string; options?: Document } | undefined>;
  createCollection(name: string, options: Document): Promise<void>;
  /** Runs `collMod` with these options. */
  modifyCollection(name: string, options: Document): Promise<void>;
  listIndexes(collection: string): Promise<Document[]>;
  createIndex(collection: string, key: Record<string, 1 | -1>, options: Document): Promise<void>;
  dropIndex(collection: string, name: string): Promise<void>;
}

/** The runner's operations on a real database through the official driver. */
export function mongoSchemaTarget(db: Db): MongoSchemaTarget {
  return {
    async getCollection(name) {
      const [info] = await db.listCollections({ name }, { nameOnly: false }).toArray();
      return info ? { name: info.name, ...(info.type !== undefined && { type: info.type }), ...(info.options !== undefined && { options: info.options }) } : undefined;
    },
    async createCollection(name, options) {
      await db.createCollection(name, options);
    },
    async modifyCollection(name, options) {
      await db.command({ collMod: name, ...options });
    },
    async listIndexes(collection) {
      return db.collection(collection).listIndexes().toArray();
    },
    async createIndex(collection, key, options) {
      await db.collection(collection).createIndex(key, options);
    },
    async dropIndex(collection, name) {
      await db.collection(collection).dropIndex(name);
    },
  };
}

// ---------------------------------------------------------------------------
// The plan

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
const EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+$";

/** The BSON types a field is stored as, and its constraints. */
function fieldSchema(field: FieldSpec): Document {
  const schema: Document = {};
  switch (field.type) {
    case "string":
    case "text":
      schema.bsonType = "string";
      if (field.maxLength !== undefined) schema.maxLength = field.maxLength;
      break;
    case "email":
      Object.assign(schema, { bsonType: "string", pattern: EMAIL_PATTERN });
      if (field.maxLength !== undefined) schema.maxLength = field.maxLength;
      break;
    case "uuid":
      Object.assign(schema, { bsonType: "string", pattern: UUID_PATTERN });
      break;
    case "enum":
      schema.bsonType = "string";
      if (field.enumValues) schema.enum = [...field.enumValues];
      break;
    case "int":
      // The driver stores a JS integer as int32 when it fits and as a double otherwise... or as long when asked.
      schema.bsonType = ["int", "long"];
      break;
    case "float":
      schema.bsonType = ["double", "int", "long", "decimal"];
      break;
    case "decimal":
      schema.bsonType = ["decimal", "double", "int", "long"];
      break;
    case "bool":
      schema.bsonType = "bool";
      break;
    case "date":
      Object.assign(schema, { bsonType: "string", pattern: DATE_PATTERN });
      break;
    case "datetime":
      schema.bsonType = "date";
      break;
    case "json":
      break; // any value
  }
  if ((field.type === "int" || field.type === "float" || field.type === "decimal") && field.min !== undefined) schema.minimum = field.min;
  if ((field.type === "int" || field.type === "float" || field.type === "decimal") && field.max !== undefined) schema.maximum = field.max;
  if (!field.required && schema.bsonType !== undefined) {
    schema.bsonType = [...(Array.isArray(schema.bsonType) ? schema.bsonType : [schema.bsonType]), "null"];
    if (schema.enum) schema.enum = [...schema.enum, null];
  }
  return schema;
}

/** The one `$type` alias matching a field's stored values (for partial indexes), or undefined for any value. */
function storedType(field: FieldSpec): string | undefined {
  const type = fieldSchema({ ...field, required: true }).bsonType as string | string[] | undefined;
  if (type === undefined) return undefined;
  if (!Array.isArray(type)) return type;
  return type.every((t) => ["int", "long", "double", "decimal"].includes(t)) ? "number" : type[0];
}

/** Stored as given: a field the app must always write. */
const mustBePresent = (field: FieldSpec) => field.required && field.default === undefined;

function entityPlan(entity: EntityModel, spec: AppSpec): MongoCollectionPlan {
  const properties: Document = { _id: { bsonType: "string", pattern: UUID_PATTERN } };
  const required: string[] = ["_id"];
  const indexes: MongoIndexPlan[] = [];
  for (const field of entity.fields) {
    properties[field.name] = fieldSchema(field.spec);
    if (mustBePresent(field.spec)) required.push(field.name);
    if (field.spec.unique) {
      const index: MongoIndexPlan = { name: `${field.name}_unique`, key: { [field.name]: 1 }, unique: true };
      // Documents without a value (optional fields) must not collide on "null": index only real values.
      if (!field.spec.required) {
        const type = storedType(field.spec);
        index.partialFilterExpression = { [field.name]: type ? { $type: type } : { $exists: true } };
      }
      indexes.push(index);
    }
  }
  if (entity.isUser && spec.auth.kind === "jwt") {
    properties.passwordHash = { bsonType: "string" };
    properties.role = { bsonType: "string", enum: [...spec.auth.roles] };
    required.push("passwordHash", "role");
  }
  for (const fk of entity.foreignKeys) {
    properties[fk.field] = { bsonType: fk.required ? "string" : ["string", "null"], pattern: UUID_PATTERN };
    if (fk.required) required.push(fk.field);
    indexes.push({ name: `${fk.field}_idx`, key: { [fk.field]: 1 } });
  }
  for (const m2m of entity.manyToMany) {
    properties[m2m.field] = { bsonType: "array", items: { bsonType: "string", pattern: UUID_PATTERN }, uniqueItems: true };
    indexes.push({ name: `${m2m.field}_idx`, key: { [m2m.field]: 1 } });
  }
  if (entity.timestamps) {
    properties.createdAt = { bsonType: "date" };
    properties.updatedAt = { bsonType: "date" };
    required.push("createdAt", "updatedAt");
    indexes.push({ name: "createdAt_idx", key: { createdAt: -1 } });
  }
  return {
    name: entity.table,
    entity: entity.name,
    validator: { $jsonSchema: { bsonType: "object", title: entity.name, required: unique(required), properties } },
    validationLevel: "strict",
    validationAction: "error",
    indexes,
  };
}

function refreshTokensPlan(): MongoCollectionPlan {
  return {
    name: "refresh_tokens",
    validator: {
      $jsonSchema: {
        bsonType: "object",
        title: "RefreshToken",
        required: ["_id", "userId", "tokenHash", "expiresAt", "createdAt"],
        properties: {
          _id: { bsonType: "string", pattern: UUID_PATTERN },
          userId: { bsonType: "string", pattern: UUID_PATTERN },
          tokenHash: { bsonType: "string" },
          expiresAt: { bsonType: "date" },
          revokedAt: { bsonType: ["date", "null"] },
          createdAt: { bsonType: "date" },
        },
      },
    },
    validationLevel: "strict",
    validationAction: "error",
    indexes: [
      { name: "tokenHash_unique", key: { tokenHash: 1 }, unique: true },
      { name: "userId_idx", key: { userId: 1 } },
      // MongoDB deletes a token once expiresAt has passed.
      { name: "expiresAt_ttl", key: { expiresAt: 1 }, expireAfterSeconds: 0 },
    ],
  };
}

/** The collections, validators and indexes an AppSpec implies. Deterministic. */
export function planMongo(spec: AppSpec): MongoPlan {
  const model = describeApp(spec);
  const collections = model.entities.map((e) => entityPlan(e, spec));
  if (model.user && spec.auth.kind === "jwt" && spec.auth.refreshTokens) collections.push(refreshTokensPlan());
  return { collections, checksum: createHash("sha256").update(canonicalJson(collections)).digest("hex") };
}

// ---------------------------------------------------------------------------
// Applying it

export interface ApplyMongoOptions {
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Brings the database to the plan. Idempotent, and safe to run concurrently with itself. */
export async function applyMongoPlan(target: MongoSchemaTarget, plan: MongoPlan, options: ApplyMongoOptions = {}): Promise<MongoMigrationReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const report: MongoMigrationReport = { collections: [], indexes: [], extra: [], checksum: plan.checksum, totalMs: 0 };
  for (const collection of plan.collections) {
    if (options.signal?.aborted) throw new MigrationAbortedError(options.signal.reason);
    const action = await ensureCollection(target, collection);
    report.collections.push({ name: collection.name, action });
    if (action !== "unchanged") log(`${action === "created" ? "created collection" : "updated the validator of"} ${collection.name}`);

    const existing = await target.listIndexes(collection.name);
    for (const index of collection.indexes) {
      const indexAction = await ensureIndex(target, collection.name, index, existing);
      report.indexes.push({ collection: collection.name, name: index.name, action: indexAction });
      if (indexAction !== "unchanged") log(`${indexAction} index ${collection.name}.${index.name}`);
    }
    const wanted = new Set(collection.indexes.map((i) => i.name));
    for (const index of existing) {
      const name = String(index.name);
      if (name === "_id_" || wanted.has(name) || collection.indexes.some((i) => sameIndex(i, index))) continue;
      report.extra.push({ collection: collection.name, name });
    }
  }
  const changes = report.collections.filter((c) => c.action !== "unchanged").length + report.indexes.filter((i) => i.action !== "unchanged").length;
  if (changes === 0) log("database is up to date");
  report.totalMs = performance.now() - started;
  return report;
}

const NAMESPACE_EXISTS = 48;

async function ensureCollection(target: MongoSchemaTarget, plan: MongoCollectionPlan): Promise<"created" | "validator-updated" | "unchanged"> {
  const options = { validator: plan.validator, validationLevel: plan.validationLevel, validationAction: plan.validationAction };
  let info = await target.getCollection(plan.name);
  if (!info) {
    try {
      await target.createCollection(plan.name, options);
      return "created";
    } catch (error) {
      // Another run created it a moment ago: compare its validator like any existing collection.
      if ((error as { code?: number }).code !== NAMESPACE_EXISTS) throw error;
      info = await target.getCollection(plan.name);
      if (!info) throw error;
    }
  }
  if (info.type !== undefined && info.type !== "collection") {
    throw new MigrationError("failed", `${plan.name} exists but is a ${info.type}, not a collection; rename it or drop it`);
  }
  const current = info.options ?? {};
  const same =
    canonicalJson(current.validator ?? null) === canonicalJson(options.validator) &&
    (current.validationLevel ?? "strict") === options.validationLevel &&
    (current.validationAction ?? "error") === options.validationAction;
  if (same) return "unchanged";
  await target.modifyCollection(plan.name, options);
  return "validator-updated";
}

async function ensureIndex(target: MongoSchemaTarget, collection: string, index: MongoIndexPlan, existing: Document[]): Promise<"created" | "replaced" | "unchanged"> {
  const byName = existing.find((e) => e.name === index.name);
  // An index with the same keys under another name (made by hand, or by an older plan).
  const byKey = existing.find((e) => e.name !== index.name && keyJson(e.key) === keyJson(index.key));
  if (byName && sameIndex(index, byName)) return "unchanged";
  if (!byName && byKey && sameIndex(index, byKey)) return "unchanged";
  let replaced = false;
  for (const stale of [byName, byKey]) {
    if (!stale) continue;
    await target.dropIndex(collection, String(stale.name));
    replaced = true;
  }
  const options: Document = { name: index.name };
  if (index.unique) options.unique = true;
  if (index.partialFilterExpression) options.partialFilterExpression = index.partialFilterExpression;
  if (index.expireAfterSeconds !== undefined) options.expireAfterSeconds = index.expireAfterSeconds;
  await target.createIndex(collection, index.key, options);
  return replaced ? "replaced" : "created";
}

/** Whether an index in the database (as listIndexes describes it) is the planned one. */
function sameIndex(plan: MongoIndexPlan, actual: Document): boolean {
  return (
    keyJson(actual.key) === keyJson(plan.key) &&
    Boolean(actual.unique) === Boolean(plan.unique) &&
    canonicalJson(actual.partialFilterExpression ?? null) === canonicalJson(plan.partialFilterExpression ?? null) &&
    (actual.expireAfterSeconds ?? null) === (plan.expireAfterSeconds ?? null)
  );
}

/** An index key as JSON, in its own order (significant for compound indexes). */
function keyJson(key: unknown): string {
  if (key === null || typeof key !== "object") return JSON.stringify(key ?? null);
  return JSON.stringify(Object.entries(key as Record<string, unknown>).map(([field, direction]) => [field, typeof direction === "object" && direction !== null ? Number(direction) : direction]));
}

/** JSON with object keys in a fixed order, for comparing what the server returns with the plan. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  // BSON numbers (Int32, Double, Long) come back as objects with valueOf when not promoted.
  const primitive = (value as { valueOf(): unknown }).valueOf();
  if (primitive !== value && typeof primitive !== "object") return JSON.stringify(primitive);
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const unique = <T>(items: T[]) => [...new Set(items)];

// ---------------------------------------------------------------------------
// Connecting

export interface MigrateMongoOptions extends ApplyMongoOptions {
  /** The app's MongoDB URL (a secret), naming its database in the path. */
  url: string;
  spec: AppSpec;
  /** Overrides the database named in the URL. */
  database?: string;
  /** How long to look for a reachable server. Default 10 s. */
  connectTimeoutMs?: number;
}

/** Connects with the official driver and applies the AppSpec's plan. */
export async function migrateMongo(options: MigrateMongoOptions): Promise<MongoMigrationReport> {
  if (!options.url) throw new MigrationError("connection", "no MongoDB URL: set MONGODB_URL (or pass one) to the database to migrate");
  const name = options.database ?? databaseInUrl(options.url);
  if (!name) throw new MigrationError("connection", "the MongoDB URL names no database; add it to the path (mongodb://host/<database>)");
  const client = new MongoClient(options.url, { serverSelectionTimeoutMS: options.connectTimeoutMs ?? 10_000 });
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new MigrationError("connection", `cannot connect to MongoDB: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const db = client.db(name);
    return await applyMongoPlan(mongoSchemaTarget(db), planMongo(options.spec), options);
  } finally {
    await client.close().catch(() => {});
  }
}

/** The database named in a mongodb:// or mongodb+srv:// URL's path, if any. */
export function databaseInUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : "";
  return name === "" ? undefined : name;
}
