import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { stateDir } from "../../util/state-dir.js";
import { ProvisionError, RESOURCE_KINDS, type Provider, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../types.js";
import { LocalMongo } from "./mongodb.js";
import { EmbeddedPostgres } from "./pglite.js";
import { LocalPostgresServer, PROVIDER_NAME } from "./postgres.js";
import { LocalRedis, type RedisIsolation } from "./redis.js";
import { LocalSecrets } from "./secrets.js";

/**
 * The `local` provider: databases on this host or on servers Stackwright is
 * given admin connections to.
 *
 * - PostgreSQL: on the server at `STACKWRIGHT_POSTGRES_URL` (a database and a
 *   least-privilege role per app and environment); with no server, an embedded
 *   PGlite instance per app and environment, served on 127.0.0.1.
 * - Redis: on the server at `STACKWRIGHT_REDIS_URL` (an ACL user confined to the
 *   app's key prefix; a database index where ACLs are unavailable).
 * - MongoDB: on the server at `STACKWRIGHT_MONGODB_URL` (a database and a user).
 *
 * State (the password key, embedded databases) lives under the state directory
 * (`STACKWRIGHT_HOME`, default `~/.stackwright`).
 */

export interface LocalProviderOptions {
  /** Admin connection to a PostgreSQL server. Default: STACKWRIGHT_POSTGRES_URL. Unset: embedded PGlite. */
  postgresUrl?: string;
  /** Admin connection to a Redis server. Default: STACKWRIGHT_REDIS_URL. */
  redisUrl?: string;
  /** Admin connection to a MongoDB server. Default: STACKWRIGHT_MONGODB_URL. */
  mongodbUrl?: string;
  /** State directory. Default: STACKWRIGHT_HOME, else ~/.stackwright. */
  home?: string;
  /** Whether PostgreSQL falls back to embedded PGlite when no server is given. Default true. */
  embedded?: boolean;
  /** How Redis apps are kept apart. Default "auto" (ACL users when the server has them). */
  redisIsolation?: RedisIsolation;
  /** Where the defaults above are read from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for an embedded PostgreSQL to start. Default 120 s. */
  embeddedStartTimeoutMs?: number;
}

export interface LocalProvider extends Provider {
  /** The embedded PostgreSQL instances (start, stop, remove). */
  readonly embedded: EmbeddedPostgres;
  /** Which PostgreSQL this provider uses: a server, or embedded PGlite. */
  readonly postgresEngine: "postgresql" | "pglite" | "none";
  /** Stops one embedded PostgreSQL (by instance name), or all of them; their data stays. Returns the instances stopped. */
  stopEmbedded(instance?: string): Promise<string[]>;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

export function createLocalProvider(options: LocalProviderOptions = {}): LocalProvider {
  const env = options.env ?? process.env;
  const home = options.home ?? (env.STACKWRIGHT_HOME ? env.STACKWRIGHT_HOME : stateDir());
  const secrets = new LocalSecrets(join(home, "provision", "local.key"));
  const postgresUrl = nonEmpty(options.postgresUrl ?? env.STACKWRIGHT_POSTGRES_URL);
  const redisUrl = nonEmpty(options.redisUrl ?? env.STACKWRIGHT_REDIS_URL);
  const mongodbUrl = nonEmpty(options.mongodbUrl ?? env.STACKWRIGHT_MONGODB_URL);
  const embedded = new EmbeddedPostgres(join(home, "pglite"), options.embeddedStartTimeoutMs !== undefined ? { startTimeoutMs: options.embeddedStartTimeoutMs } : {});
  const server = postgresUrl ? new LocalPostgresServer(postgresUrl, secrets) : undefined;
  const redis = redisUrl ? new LocalRedis(redisUrl, secrets, options.redisIsolation) : undefined;
  const mongo = mongodbUrl ? new LocalMongo(mongodbUrl, secrets) : undefined;
  const useEmbedded = !server && options.embedded !== false;

  const missing = (what: string, variable: string, example: string, configKey: string) =>
    new ProvisionError(
      PROVIDER_NAME,
      `no ${what} server is configured: set ${variable} to an admin connection (for example ${example}), or choose another provider with deploy.${configKey} in .github/stackwright.yml`,
    );

  return {
    name: PROVIDER_NAME,
    kinds: RESOURCE_KINDS,
    embedded,
    postgresEngine: server ? "postgresql" : useEmbedded ? "pglite" : "none",

    async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
      switch (request.kind) {
        case "postgres":
          if (server) return server.ensure(request, recorded);
          if (useEmbedded) return embedded.ensure(request, recorded);
          throw missing("PostgreSQL", "STACKWRIGHT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres", "database");
        case "redis":
          if (redis) return redis.ensure(request, recorded);
          throw missing("Redis", "STACKWRIGHT_REDIS_URL", "redis://127.0.0.1:6379", "redis");
        case "mongodb":
          if (mongo) return mongo.ensure(request, recorded);
          throw missing("MongoDB", "STACKWRIGHT_MONGODB_URL", "mongodb://admin:<password>@127.0.0.1:27017/admin", "mongodb");
      }
    },

    async destroy(recorded: RecordedResource): Promise<void> {
      if (recorded.provider !== PROVIDER_NAME) throw new ProvisionError(PROVIDER_NAME, `cannot destroy a resource of the ${recorded.provider} provider`);
      switch (recorded.kind) {
        case "postgres":
          if (recorded.ids.engine === "pglite") return embedded.destroy(recorded);
          if (!server) throw missing("PostgreSQL", "STACKWRIGHT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres", "database");
          return server.destroy(recorded);
        case "redis":
          if (!redis) throw missing("Redis", "STACKWRIGHT_REDIS_URL", "redis://127.0.0.1:6379", "redis");
          return redis.destroy(recorded);
        case "mongodb":
          if (!mongo) throw missing("MongoDB", "STACKWRIGHT_MONGODB_URL", "mongodb://admin:<password>@127.0.0.1:27017/admin", "mongodb");
          return mongo.destroy(recorded);
      }
    },

    async stopEmbedded(instance?: string): Promise<string[]> {
      const instances = instance ? [instance] : await readdir(embedded.root).catch(() => [] as string[]);
      const stopped: string[] = [];
      for (const name of instances) {
        try {
          if (await embedded.stop(name)) stopped.push(name);
        } catch (error) {
          if (!(error instanceof ProvisionError)) throw error; // not an instance directory
        }
      }
      return stopped;
    },
  };
}

export { EmbeddedPostgres, type EmbeddedServer } from "./pglite.js";
export { LocalPostgresServer, appUrl } from "./postgres.js";
export { LocalRedis, aclRules, type RedisIsolation } from "./redis.js";
export { LocalMongo, appMongoUrl, parseMongoUrl, type MongoAdminClient, type MongoAdminDb } from "./mongodb.js";
export { LocalSecrets } from "./secrets.js";
export { isLocalName, localName, redisKeyPrefix } from "./names.js";
export { scramVerifier, scramVerifierMatches } from "./scram.js";
