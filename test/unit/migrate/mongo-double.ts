import type { Document } from "mongodb";
import type { MongoSchemaTarget } from "../../../src/migrate/index.js";

/**
 * TEST DOUBLE, not MongoDB: an in-memory stand-in for the six operations the
 * MongoDB runner performs (src/migrate/mongodb.ts, MongoSchemaTarget). No
 * MongoDB server exists on this machine, so the runner's reconciliation logic
 * is tested against this. It mimics the server's answers the runner depends on:
 * createCollection on an existing name fails with code 48 (NamespaceExists);
 * createIndex is a no-op for an identical index and fails with 85
 * (IndexOptionsConflict) / 86 (IndexKeySpecsConflict) for a conflicting one;
 * dropIndex of a missing index fails with 27; listIndexes of a missing
 * collection fails with 26; every collection has the `_id_` index. Each call
 * yields to the event loop, so two concurrent runs interleave.
 */
export class MongoDouble implements MongoSchemaTarget {
  readonly collections = new Map<string, { options: Document; indexes: Document[] }>();
  /** Every mutating call, in order ("createCollection posts", "collMod posts", ...). */
  readonly writes: string[] = [];

  private static fail(code: number, message: string): never {
    throw Object.assign(new Error(message), { code });
  }

  async getCollection(name: string) {
    await tick();
    const c = this.collections.get(name);
    return c ? { name, type: "collection", options: structuredClone(c.options) } : undefined;
  }

  async createCollection(name: string, options: Document) {
    await tick();
    if (this.collections.has(name)) MongoDouble.fail(48, `Collection ${name} already exists.`);
    this.writes.push(`createCollection ${name}`);
    this.collections.set(name, { options: structuredClone(options), indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }] });
  }

  async modifyCollection(name: string, options: Document) {
    await tick();
    const c = this.collections.get(name) ?? MongoDouble.fail(26, `ns does not exist: ${name}`);
    this.writes.push(`collMod ${name}`);
    Object.assign(c.options, structuredClone(options));
  }

  async listIndexes(collection: string) {
    await tick();
    const c = this.collections.get(collection) ?? MongoDouble.fail(26, `ns does not exist: ${collection}`);
    return structuredClone(c.indexes);
  }

  async createIndex(collection: string, key: Record<string, 1 | -1>, options: Document) {
    await tick();
    const c = this.collections.get(collection) ?? MongoDouble.fail(26, `ns does not exist: ${collection}`);
    const wanted = { v: 2, key, ...options };
    const same = (a: Document, b: Document) => JSON.stringify(normal(a)) === JSON.stringify(normal(b));
    const byName = c.indexes.find((i) => i.name === options.name);
    if (byName) {
      if (same(byName, wanted)) return;
      MongoDouble.fail(86, `An existing index has the same name as the requested index but different options: ${options.name}`);
    }
    const byKey = c.indexes.find((i) => JSON.stringify(i.key) === JSON.stringify(key));
    if (byKey && JSON.stringify(normal({ ...byKey, name: "" })) === JSON.stringify(normal({ ...wanted, name: "" }))) {
      MongoDouble.fail(85, `Index already exists with a different name: ${byKey.name}`);
    }
    this.writes.push(`createIndex ${collection}.${options.name}`);
    c.indexes.push(structuredClone(wanted));
  }

  async dropIndex(collection: string, name: string) {
    await tick();
    const c = this.collections.get(collection) ?? MongoDouble.fail(26, `ns does not exist: ${collection}`);
    const at = c.indexes.findIndex((i) => i.name === name);
    if (at === -1) MongoDouble.fail(27, `index not found with name [${name}]`);
    this.writes.push(`dropIndex ${collection}.${name}`);
    c.indexes.splice(at, 1);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function normal(index: Document): Document {
  const { v: _v, ...rest } = index;
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}
