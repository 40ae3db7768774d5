import { ENV_VAR_FOR, ProvisionError, RESOURCE_KINDS, resourceName, type Provider, type ProvisionedResource, type RecordedResource, type ResourceKind, type ResourceRequest } from "./types.js";
import { redisKeyPrefix } from "./local/names.js";

/**
 * The `manual` provider: a database someone else made. Its connection string is
 * a secret in Stackwright's environment, named by the repository's config
 * (`deploy.manualUrlSecret` for PostgreSQL, `deploy.mongodbManualUrlSecret`,
 * `deploy.redisManualUrlSecret`), or given directly by the caller (a CLI flag).
 * It creates nothing and destroys nothing; what it records is the secret's
 * NAME, never its value.
 *
 * It is also the fallback when a provider fails (see registry.ts).
 */

export const MANUAL_PROVIDER = "manual";

export interface ManualProviderOptions {
  /** Per kind, the name of the environment variable (secret) holding the URL. */
  secrets?: Partial<Record<ResourceKind, string>>;
  /** Per kind, a URL given directly (takes precedence over the secret). */
  urls?: Partial<Record<ResourceKind, string>>;
  /** Where secrets are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

const SCHEMES: Record<ResourceKind, RegExp> = {
  postgres: /^postgres(?:ql)?:\/\//i,
  mongodb: /^mongodb(?:\+srv)?:\/\//i,
  redis: /^rediss?:\/\//i,
};

const EXAMPLE: Record<ResourceKind, string> = {
  postgres: "postgres://user:password@host:5432/database",
  mongodb: "mongodb+srv://user:password@cluster.example.net/database",
  redis: "rediss://default:password@host:6379",
};

const CONFIG_KEY: Record<ResourceKind, string> = {
  postgres: "deploy.manualUrlSecret",
  mongodb: "deploy.mongodbManualUrlSecret",
  redis: "deploy.redisManualUrlSecret",
};

export interface ManualProvider extends Provider {
  /** Whether a URL for this kind is available (for the fallback decision). */
  has(kind: ResourceKind): boolean;
}

export function createManualProvider(options: ManualProviderOptions = {}): ManualProvider {
  const env = options.env ?? process.env;
  const lookup = (kind: ResourceKind): { url: string; source: Record<string, string> } | undefined => {
    const direct = options.urls?.[kind];
    if (direct) return { url: direct, source: { source: "given" } };
    const secret = options.secrets?.[kind];
    const value = secret ? env[secret] : undefined;
    return secret && value ? { url: value.trim(), source: { secret } } : undefined;
  };

  return {
    name: MANUAL_PROVIDER,
    kinds: RESOURCE_KINDS,

    has: (kind) => lookup(kind) !== undefined,

    async ensure(request: ResourceRequest): Promise<ProvisionedResource> {
      const found = lookup(request.kind);
      if (!found) {
        const secret = options.secrets?.[request.kind];
        throw new ProvisionError(
          MANUAL_PROVIDER,
          secret
            ? `${CONFIG_KEY[request.kind]} names the secret ${secret}, but it is not set in Stackwright's environment; set it to the ${request.kind} connection string`
            : `no ${request.kind} connection string: set ${CONFIG_KEY[request.kind]} in .github/stackwright.yml to the NAME of a secret that holds it`,
        );
      }
      if (!SCHEMES[request.kind].test(found.url)) {
        // Never echo the value: it is a secret, and may be the wrong one.
        throw new ProvisionError(MANUAL_PROVIDER, `the ${request.kind} connection string${found.source.secret ? ` in ${found.source.secret}` : ""} does not look like one (expected ${EXAMPLE[request.kind]})`);
      }
      const env: Record<string, string> = { [ENV_VAR_FOR[request.kind]]: found.url };
      // The app still keeps its keys apart from other apps on a shared Redis by convention.
      if (request.kind === "redis") env.REDIS_KEY_PREFIX = redisKeyPrefix(request);
      return {
        kind: request.kind,
        provider: MANUAL_PROVIDER,
        name: resourceName(request),
        ids: found.source,
        url: found.url,
        env,
        created: false,
      };
    },

    /** Nothing to do: Stackwright did not make it, so it does not remove it. */
    async destroy(_recorded: RecordedResource): Promise<void> {},
  };
}
