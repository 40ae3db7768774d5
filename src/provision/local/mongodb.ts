import { MongoClient, type Document } from "mongodb";
import { ENV_VAR_FOR, ProvisionError, resourceName, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../types.js";
import { isLocalName, localName } from "./names.js";
import { PROVIDER_NAME } from "./postgres.js";
import type { LocalSecrets } from "./secrets.js";

/**
 * MongoDB on a server Stackwright is given an admin connection to
 * (`STACKWRIGHT_MONGODB_URL`): per app and environment, a database
 * `sw_<app>__<env>` and a user of the same name defined in that database with
 * `readWrite` and `dbAdmin` on it alone (enough to create collections,
 * validators and indexes, nothing beyond its database). The password is derived
 * (LocalSecrets); an ensure that finds the user sets the same password again.
 *
 * A server without access control (no credentials in the admin URL, and
 * `createUser` refused) gets no user: the app's URL then names only the database.
 *
 * MongoDB creates databases lazily, so ensure writes one small document to
 * `stackwright_meta` (which app and environment the database belongs to); that
 * makes the database exist, so the next ensure finds it.
 *
 * Not run against a server on the machine this was written on (none available);
 * see docs/provisioning.md.
 */

/** The part of the driver's MongoClient this provider uses (so tests can stand in for a server). */
export interface MongoAdminClient {
  db(name: string): MongoAdminDb;
  close(): Promise<void>;
}
export interface MongoAdminDb {
  command(command: Document): Promise<Document>;
  collection(name: string): { updateOne(filter: Document, update: Document, options: { upsert: boolean }): Promise<{ upsertedCount: number }> };
  admin(): { listDatabases(options: { nameOnly: true }): Promise<{ databases: Array<{ name: string }> }> };
  dropDatabase(): Promise<unknown>;
}

/** Connects with the official driver. */
async function connectDriver(url: string): Promise<MongoAdminClient> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  return client as unknown as MongoAdminClient;
}

const UNAUTHORIZED = 13;
const USER_NOT_FOUND = 11;

export class LocalMongo {
  constructor(
    private readonly adminUrl: string,
    private readonly secrets: LocalSecrets,
    private readonly connect: (url: string) => Promise<MongoAdminClient> = connectDriver,
  ) {}

  get server(): string {
    return parseMongoUrl(this.adminUrl)?.hosts ?? "the configured server";
  }

  async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
    return this.withAdmin(async (client) => {
      const fromRecord = recorded?.provider === PROVIDER_NAME && recorded.kind === "mongodb" ? recorded.ids.database : undefined;
      const existing = new Set((await client.db("admin").admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name));
      const name = fromRecord && isLocalName(fromRecord) && existing.has(fromRecord) ? fromRecord : localName(request);
      const db = client.db(name);
      const user = await this.ensureUser(db, name);
      const marker = await db.collection("stackwright_meta").updateOne(
        { _id: "provisioned" },
        { $setOnInsert: { app: request.app, environment: request.environment, createdAt: new Date() } },
        { upsert: true },
      );
      const url = user ? appMongoUrl(this.adminUrl, name, user) : appMongoUrl(this.adminUrl, name, undefined);
      return {
        kind: "mongodb",
        provider: PROVIDER_NAME,
        name: resourceName(request),
        ids: { database: name, ...(user ? { user: user.name } : {}) },
        url,
        env: { [ENV_VAR_FOR.mongodb]: url },
        created: !existing.has(name) || marker.upsertedCount > 0 || user?.created === true,
      };
    });
  }

  async destroy(recorded: RecordedResource): Promise<void> {
    const { database, user } = recorded.ids;
    if (!database || !isLocalName(database)) throw new ProvisionError(PROVIDER_NAME, `refusing to drop ${database ?? "a database"}: not a name this provider made`);
    await this.withAdmin(async (client) => {
      const db = client.db(database);
      if (user && isLocalName(user)) {
        await db.command({ dropUser: user }).catch((error: unknown) => {
          if ((error as { code?: number }).code !== USER_NOT_FOUND) throw error;
        });
      }
      await db.dropDatabase();
    });
  }

  private async ensureUser(db: MongoAdminDb, name: string): Promise<{ name: string; password: string; created: boolean } | undefined> {
    const password = await this.secrets.password("mongodb", name);
    const roles = [
      { role: "readWrite", db: name },
      { role: "dbAdmin", db: name },
    ];
    try {
      const info = (await db.command({ usersInfo: name })) as { users?: unknown[] };
      if ((info.users ?? []).length > 0) {
        await db.command({ updateUser: name, pwd: password, roles });
        return { name, password, created: false };
      }
      await db.command({ createUser: name, pwd: password, roles });
      return { name, password, created: true };
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === UNAUTHORIZED && !parseMongoUrl(this.adminUrl)?.credentials) return undefined;
      if (code === UNAUTHORIZED) {
        throw new ProvisionError(PROVIDER_NAME, `MongoDB at ${this.server} refused to create the app's user; the admin connection needs the userAdminAnyDatabase role (or userAdmin on ${name})`, { cause: error });
      }
      throw error;
    }
  }

  private async withAdmin<T>(work: (client: MongoAdminClient) => Promise<T>): Promise<T> {
    let client: MongoAdminClient;
    try {
      client = await this.connect(this.adminUrl);
    } catch (error) {
      throw new ProvisionError(PROVIDER_NAME, `cannot connect to MongoDB at ${this.server} with STACKWRIGHT_MONGODB_URL: ${message(error)}`, { cause: error });
    }
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ProvisionError) throw error;
      throw new ProvisionError(PROVIDER_NAME, `MongoDB at ${this.server}: ${message(error)}`, { cause: error });
    } finally {
      await client.close().catch(() => {});
    }
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The parts of a mongodb:// or mongodb+srv:// URL (which may list several hosts, so WHATWG URL cannot parse it). */
export function parseMongoUrl(url: string): { scheme: string; credentials?: string; hosts: string; database?: string; params: URLSearchParams } | undefined {
  const match = /^(mongodb(?:\+srv)?:\/\/)(?:([^@/?#]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(url);
  if (!match) return undefined;
  return {
    scheme: match[1]!,
    ...(match[2] ? { credentials: match[2] } : {}),
    hosts: match[3]!,
    ...(match[4] ? { database: decodeURIComponent(match[4]) } : {}),
    params: new URLSearchParams(match[5] ?? ""),
  };
}

/** The admin URL with the app's user and database: the user authenticates against its own database. */
export function appMongoUrl(adminUrl: string, database: string, user: { name: string; password: string } | undefined): string {
  const parsed = parseMongoUrl(adminUrl);
  if (!parsed) throw new ProvisionError(PROVIDER_NAME, "STACKWRIGHT_MONGODB_URL is not a mongodb:// or mongodb+srv:// URL");
  const params = new URLSearchParams(parsed.params);
  params.delete("authSource");
  params.delete("authMechanism");
  if (user) params.set("authSource", database);
  const credentials = user ? `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@` : "";
  const query = params.toString();
  return `${parsed.scheme}${credentials}${parsed.hosts}/${encodeURIComponent(database)}${query ? `?${query}` : ""}`;
}
