import { defaultRepoConfig, type DeployConfig } from "../config/schema.js";
import { createLocalProvider, type LocalProvider, type LocalProviderOptions } from "./local/index.js";
import { createManualProvider, MANUAL_PROVIDER, type ManualProvider } from "./manual.js";
import { ProvisionError, RESOURCE_KINDS, type Provider, type ProvisionedResource, type RecordedResource, type ResourceKind, type ResourceRequest } from "./types.js";

/**
 * Which provider makes each kind of resource, from the repository's config
 * (`deploy.database` for PostgreSQL, `deploy.mongodb`, `deploy.redis`) and
 * Stackwright's environment (where tokens, admin URLs and manual secrets live;
 * never the repository).
 *
 * A provider that fails falls back to `manual` when a manual URL for that kind
 * is configured and set (the seed's behaviour): the deploy goes on with the
 * database you gave, and `onFallback` says so.
 */

export type ProviderTarget = "local" | "manual" | "railway" | "neon" | "atlas" | "upstash";
export type CloudTarget = Exclude<ProviderTarget, "local" | "manual">;

export interface ProviderContext {
  /** Stackwright's environment: tokens and secrets are read from here only. */
  env: NodeJS.ProcessEnv;
  deploy: DeployConfig;
}

/** Makes a cloud provider; called at most once per registry, on first use. */
export type ProviderFactory = (context: ProviderContext) => Provider;

/**
 * Cloud providers by target name: THE place where they are added. Each lives in
 * `src/provision/<name>/index.ts` and exports a factory, wired here as e.g.
 *
 *     railway: ({ env }) => createRailwayProvider({ token: env.RAILWAY_TOKEN }),
 *
 * The provider's `name` must equal its target name (it is what resources record).
 * Until one is wired, choosing it fails with a clear message (and falls back to
 * `manual` when that is configured). Callers may also pass factories in
 * `ProviderRegistryOptions.providers` (tests, or wiring done elsewhere).
 */
export const CLOUD_PROVIDERS: Partial<Record<CloudTarget, ProviderFactory>> = {};

/** The targets each kind may use (the config schema enforces the same lists). */
export const TARGETS_FOR: Record<ResourceKind, readonly ProviderTarget[]> = {
  postgres: ["local", "railway", "neon", "manual"],
  mongodb: ["local", "railway", "atlas", "manual"],
  redis: ["local", "railway", "upstash", "manual"],
};

/** The config key choosing each kind's provider. */
export const CONFIG_KEY_FOR: Record<ResourceKind, "database" | "mongodb" | "redis"> = { postgres: "database", mongodb: "mongodb", redis: "redis" };

export function targetFor(kind: ResourceKind, deploy: DeployConfig): ProviderTarget {
  switch (kind) {
    case "postgres":
      return deploy.database;
    case "mongodb":
      return deploy.mongodb ?? "local";
    case "redis":
      return deploy.redis ?? "local";
  }
}

/** The NAME of the secret holding a kind's manual URL, when configured. */
export function manualSecretFor(kind: ResourceKind, deploy: DeployConfig): string | undefined {
  switch (kind) {
    case "postgres":
      return deploy.manualUrlSecret;
    case "mongodb":
      return deploy.mongodbManualUrlSecret;
    case "redis":
      return deploy.redisManualUrlSecret;
  }
}

export interface ProviderRegistryOptions {
  /** The repository's `deploy` config. Default: all defaults (everything `local`). */
  deploy?: DeployConfig;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Options of the local provider (admin URLs, state directory); by default read from `env`. */
  local?: Omit<LocalProviderOptions, "env">;
  /** Cloud provider factories, on top of CLOUD_PROVIDERS. */
  providers?: Partial<Record<CloudTarget, ProviderFactory>>;
  /** Manual URLs given directly (a CLI flag), per kind; they win over the configured secrets. */
  manualUrls?: Partial<Record<ResourceKind, string>>;
  /** Fall back to `manual` when the chosen provider fails and a manual URL is available. Default true. */
  fallbackToManual?: boolean;
  onFallback?: (event: { kind: ResourceKind; from: string; error: unknown }) => void;
}

export interface ProviderRegistry {
  readonly deploy: DeployConfig;
  target(kind: ResourceKind): ProviderTarget;
  /** The provider for a kind (with the manual fallback, when configured). */
  providerFor(kind: ResourceKind): Provider;
  /** The provider that made a recorded resource (for `destroy`). */
  providerOf(recorded: RecordedResource): Provider;
  readonly local: LocalProvider;
  readonly manual: ManualProvider;
}

export function createProviderRegistry(options: ProviderRegistryOptions = {}): ProviderRegistry {
  const env = options.env ?? process.env;
  const deploy = options.deploy ?? defaultRepoConfig().deploy;
  const context: ProviderContext = { env, deploy };
  const factories: Partial<Record<CloudTarget, ProviderFactory>> = { ...CLOUD_PROVIDERS, ...options.providers };
  const local = createLocalProvider({ ...options.local, env });
  const manual = createManualProvider({
    env,
    secrets: Object.fromEntries(RESOURCE_KINDS.flatMap((k) => (manualSecretFor(k, deploy) ? [[k, manualSecretFor(k, deploy)!]] : []))),
    ...(options.manualUrls ? { urls: options.manualUrls } : {}),
  });
  const made = new Map<ProviderTarget, Provider>();

  const providerNamed = (target: ProviderTarget): Provider => {
    const existing = made.get(target);
    if (existing) return existing;
    let provider: Provider;
    if (target === "local") provider = local;
    else if (target === "manual") provider = manual;
    else {
      const factory = factories[target];
      provider = factory ? factory(context) : unavailable(target);
    }
    made.set(target, provider);
    return provider;
  };

  const withFallback = (kind: ResourceKind, primary: Provider): Provider => ({
    name: primary.name,
    kinds: primary.kinds,
    async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
      try {
        return await primary.ensure(request, recorded?.provider === primary.name ? recorded : undefined);
      } catch (error) {
        if (options.fallbackToManual === false || !manual.has(kind)) throw error;
        options.onFallback?.({ kind, from: primary.name, error });
        return manual.ensure(request);
      }
    },
    destroy: (recorded) => registry.providerOf(recorded).destroy(recorded),
  });

  const registry: ProviderRegistry = {
    deploy,
    local,
    manual,
    target: (kind) => targetFor(kind, deploy),
    providerFor(kind) {
      const target = targetFor(kind, deploy);
      if (!TARGETS_FOR[kind].includes(target)) {
        throw new ProvisionError(target, `${target} cannot provide ${kind}; choose one of ${TARGETS_FOR[kind].join(", ")} for deploy.${CONFIG_KEY_FOR[kind]}`);
      }
      const provider = providerNamed(target);
      return target === "manual" ? provider : withFallback(kind, provider);
    },
    providerOf(recorded) {
      const known: readonly string[] = ["local", "manual", "railway", "neon", "atlas", "upstash"];
      if (!known.includes(recorded.provider)) throw new ProvisionError(recorded.provider, `no provider named ${recorded.provider} is known to this Stackwright`);
      return providerNamed(recorded.provider as ProviderTarget);
    },
  };
  return registry;
}

/** A provider named in config but not wired into this build: every call says so. */
function unavailable(target: CloudTarget): Provider {
  const fail = () => {
    throw new ProvisionError(target, `this Stackwright has no ${target} provider yet; choose \`local\` or \`manual\` in .github/stackwright.yml`);
  };
  return {
    name: target,
    kinds: RESOURCE_KINDS,
    ensure: async () => fail(),
    destroy: async () => fail(),
  };
}

export { MANUAL_PROVIDER };
