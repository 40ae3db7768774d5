import { createClient } from "redis";
import { ENV_VAR_FOR, ProvisionError, resourceName, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../types.js";
import { isLocalName, localName, redisKeyPrefix } from "./names.js";
import { PROVIDER_NAME } from "./postgres.js";
import type { LocalSecrets } from "./secrets.js";

/**
 * Redis on a server Stackwright is given an admin connection to
 * (`STACKWRIGHT_REDIS_URL`), shared by apps and isolated per app and environment.
 *
 * `acl` (Redis 6+, the default when the server has ACLs): an ACL user
 * `sw_<app>__<env>` whose keys and Pub/Sub channels are confined to
 * `sw:<app>:<env>:*`. The server enforces it: another app's keys cannot be
 * read, written, or (with SCAN, KEYS, RANDOMKEY and DBSIZE denied) even listed.
 * Dangerous and admin commands (FLUSHALL, CONFIG, KEYS, ACL, ...) are denied.
 * The app gets `REDIS_URL` with the user's credentials and `REDIS_KEY_PREFIX`,
 * which it puts in front of every key and channel (node-redis 6:
 * `createClient({ url, keyPrefix })`; ioredis: `keyPrefix`). A key without the
 * prefix is refused by the server ("No permissions to access a key").
 *
 * `database` (servers without ACLs): a database index of its own, allocated in
 * the hash `stackwright:databases` (database 0). This separates key spaces but
 * is not enforced: the URL carries the admin's credentials, and any client can
 * SELECT another index. Chosen only when ACLs are unavailable or asked for.
 */

export type RedisIsolation = "auto" | "acl" | "database";

const ALLOCATIONS = "stackwright:databases";

/** The ACL rules of an app's user: all but dangerous commands, on its own keys and channels only. */
export function aclRules(prefix: string, password: string): string[] {
  return [
    "reset",
    "on",
    `>${password}`,
    `~${prefix}*`,
    `&${prefix}*`,
    "+@all",
    "-@dangerous",
    "-@admin",
    // Keyless commands that would reveal other apps' key names or counts.
    "-scan",
    "-randomkey",
    "-dbsize",
    "-pubsub",
  ];
}

const connectTo = (url: string) => createClient({ url, socket: { connectTimeout: 10_000, reconnectStrategy: false } });
type Client = ReturnType<typeof connectTo>;

export class LocalRedis {
  constructor(
    private readonly adminUrl: string,
    private readonly secrets: LocalSecrets,
    private readonly isolation: RedisIsolation = "auto",
  ) {}

  get server(): string {
    try {
      const url = new URL(this.adminUrl);
      return `${url.hostname}:${url.port || "6379"}`;
    } catch {
      return "the configured server";
    }
  }

  async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
    return this.withAdmin(async (admin) => {
      const fromRecord = recorded?.provider === PROVIDER_NAME && recorded.kind === "redis" ? recorded.ids : undefined;
      const mode = fromRecord?.mode === "acl" || fromRecord?.mode === "database" ? fromRecord.mode : await this.chooseMode(admin);
      const prefix = fromRecord?.prefix?.startsWith("sw:") ? fromRecord.prefix : redisKeyPrefix(request);
      if (mode === "acl") {
        const user = fromRecord?.user && isLocalName(fromRecord.user) ? fromRecord.user : localName(request);
        const password = await this.secrets.password("redis", user);
        const existed = (await admin.aclGetUser(user)) !== null;
        await admin.aclSetUser(user, aclRules(prefix, password));
        await this.saveAcl(admin);
        const url = withCredentials(this.adminUrl, user, password, undefined);
        return this.resource(request, { mode, user, prefix }, url, prefix, !existed);
      }
      const name = localName(request);
      const { index, created } = await this.allocateDatabase(admin, name);
      const url = withCredentials(this.adminUrl, undefined, undefined, index);
      return this.resource(request, { mode, database: String(index), prefix }, url, prefix, created);
    });
  }

  async destroy(recorded: RecordedResource): Promise<void> {
    const { mode, user, prefix, database } = recorded.ids;
    await this.withAdmin(async (admin) => {
      if (mode === "acl") {
        if (user && isLocalName(user)) await admin.aclDelUser(user);
        await this.saveAcl(admin);
        if (prefix?.startsWith("sw:")) await deleteKeys(admin, `${prefix}*`);
        return;
      }
      if (mode === "database" && database !== undefined) {
        const index = Number(database);
        const owner = Object.entries(await admin.hGetAll(ALLOCATIONS)).find(([, value]) => Number(value) === index)?.[0];
        if (owner === undefined) return;
        await admin.select(index);
        try {
          await deleteKeys(admin, "*");
        } finally {
          await admin.select(0);
        }
        await admin.hDel(ALLOCATIONS, owner);
      }
    });
  }

  private resource(request: ResourceRequest, ids: Record<string, string>, url: string, prefix: string, created: boolean): ProvisionedResource {
    return {
      kind: "redis",
      provider: PROVIDER_NAME,
      name: resourceName(request),
      ids,
      url,
      env: { [ENV_VAR_FOR.redis]: url, REDIS_KEY_PREFIX: prefix },
      created,
    };
  }

  private async chooseMode(admin: Client): Promise<"acl" | "database"> {
    if (this.isolation !== "auto") return this.isolation;
    try {
      await admin.aclWhoAmI();
      return "acl";
    } catch (error) {
      if (/unknown command/i.test(message(error))) return "database";
      throw error;
    }
  }

  /** ACL SAVE when the server keeps users in an ACL file; otherwise they live until a restart (and the next ensure makes them again). */
  private async saveAcl(admin: Client): Promise<void> {
    const config = await admin.configGet("aclfile").catch(() => ({}) as Record<string, string>);
    if (config.aclfile) await admin.aclSave();
  }

  /** The app's database index: its recorded one, or the lowest free index (1 and up), claimed with HSETNX. */
  private async allocateDatabase(admin: Client, name: string): Promise<{ index: number; created: boolean }> {
    const existing = await admin.hGet(ALLOCATIONS, name);
    if (existing !== null && existing !== undefined) return { index: Number(existing), created: false };
    const count = Number((await admin.configGet("databases")).databases ?? 16);
    for (;;) {
      const used = new Set((await admin.hVals(ALLOCATIONS)).map(Number));
      let index = 1;
      while (used.has(index)) index++;
      if (index >= count) throw new ProvisionError(PROVIDER_NAME, `Redis at ${this.server} has no free database (all ${count - 1} besides 0 are taken); raise \`databases\` in redis.conf or use a server with ACLs`);
      if (await admin.hSetNX(ALLOCATIONS, name, String(index))) return { index, created: true };
      const raced = await admin.hGet(ALLOCATIONS, name);
      if (raced !== null && raced !== undefined) return { index: Number(raced), created: false };
    }
  }

  private async withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = connectTo(this.adminUrl);
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      throw new ProvisionError(PROVIDER_NAME, `cannot connect to Redis at ${this.server} with STACKWRIGHT_REDIS_URL: ${message(error)}`, { cause: error });
    }
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ProvisionError) throw error;
      throw new ProvisionError(PROVIDER_NAME, `Redis at ${this.server}: ${message(error)}`, { cause: error });
    } finally {
      client.destroy();
    }
  }
}

async function deleteKeys(client: Client, pattern: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The admin URL with the app's user (or none) and database index (or none); scheme, host and port kept. */
export function withCredentials(adminUrl: string, user: string | undefined, password: string | undefined, database: number | undefined): string {
  const url = new URL(adminUrl);
  if (user !== undefined) {
    url.username = encodeURIComponent(user);
    url.password = encodeURIComponent(password ?? "");
  }
  url.pathname = database === undefined ? "" : `/${database}`;
  return url.toString().replace(/\/$/, "");
}
