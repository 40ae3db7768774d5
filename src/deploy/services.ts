import type { RepoConfig } from "../config/schema.js";
import type { DeployAppInput } from "../pipeline/deploy-app.js";
import { migratePostgres } from "../migrate/index.js";
import { createProviderRegistry, type CloudTarget, type ProviderFactory } from "../provision/registry.js";
import { createAtlasProvider, atlasFromEnv } from "../provision/atlas/index.js";
import { createNeonProvider, neonFromEnv } from "../provision/neon/index.js";
import { createRailwayProvider, railwayFromEnv } from "../provision/railway/index.js";
import { createUpstashProvider, upstashFromEnv } from "../provision/upstash/index.js";
import type { ServiceManifest } from "../spec/manifest.js";
import { createLocalTarget } from "./local/index.js";
import { FileSecretKeeper } from "./secrets.js";
import type { DeployTarget } from "./types.js";
import { createRailwayTarget, railwayTargetFromEnv } from "./railway/index.js";
import { createVercelTarget } from "./vercel/index.js";

/** What a deploy uses for one repository's config: providers, targets, migrations, secrets. */
export type DeployResources = Pick<DeployAppInput, "providerFor" | "targetFor" | "migrate" | "secrets">;

export class DeployNotAllowedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployNotAllowedError";
  }
}

/** Cloud database providers, made from Stackwright's environment (never the repository). */
export const CLOUD_PROVIDER_FACTORIES: Record<CloudTarget, ProviderFactory> = {
  railway: ({ env }) => createRailwayProvider(railwayFromEnv(env)),
  neon: ({ env }) => createNeonProvider(neonFromEnv(env)),
  atlas: ({ env }) => createAtlasProvider(atlasFromEnv(env)),
  upstash: ({ env }) => createUpstashProvider(upstashFromEnv(env)),
};

export interface DeployServicesOptions {
  /**
   * Whether generated code may run on this machine (the `local` target). The
   * CLI always allows it; the App only when the operator sets
   * STACKWRIGHT_ALLOW_LOCAL_DEPLOY=true.
   */
  allowLocal: boolean;
  env?: NodeJS.ProcessEnv;
  /** Override targets (tests). */
  targets?: Partial<Record<"local" | "vercel" | "railway", DeployTarget>>;
}

/**
 * Picks where an app's services run: the repository's `deploy.backend` /
 * `deploy.frontend`, or, when it says nothing, a cloud target whose token is
 * configured here, else the local target (where allowed).
 */
export function deployResources(config: RepoConfig, options: DeployServicesOptions): DeployResources {
  const env = options.env ?? process.env;
  const registry = createProviderRegistry({ deploy: config.deploy, env, providers: CLOUD_PROVIDER_FACTORIES });
  const made = new Map<string, DeployTarget>();
  const target = (name: "local" | "vercel" | "railway"): DeployTarget => {
    const existing = options.targets?.[name] ?? made.get(name);
    if (existing) return existing;
    const created = name === "local" ? createLocalTarget() : name === "vercel" ? createVercelTarget({ token: env.VERCEL_TOKEN, teamId: env.VERCEL_TEAM_ID }) : railwayTarget(env);
    made.set(name, created);
    return created;
  };
  const local = () => {
    if (!options.allowLocal) {
      throw new DeployNotAllowedError(
        "This Stackwright server does not run generated apps on its own machine. Set `deploy.backend: railway` / `deploy.frontend: vercel` in .github/stackwright.yml (with RAILWAY_TOKEN / VERCEL_TOKEN on the server), or the operator sets STACKWRIGHT_ALLOW_LOCAL_DEPLOY=true.",
      );
    }
    return target("local");
  };

  return {
    providerFor: (kind) => registry.providerFor(kind),
    targetFor(service: ServiceManifest) {
      if (service.role === "backend") {
        const choice = config.deploy.backend ?? (env.RAILWAY_TOKEN || env.RAILWAY_PROJECT_TOKEN ? "railway" : "local");
        return choice === "none" ? null : choice === "railway" ? target("railway") : local();
      }
      const choice = config.deploy.frontend ?? (env.VERCEL_TOKEN ? "vercel" : "local");
      return choice === "none" ? null : choice === "vercel" ? target("vercel") : local();
    },
    migrate: async (_service, dir, databaseUrl) => ({ applied: (await migratePostgres({ databaseUrl, dir })).applied.length }),
    secrets: new FileSecretKeeper(),
  };
}

/** The App's deploy services: config per repository, this server's environment for tokens and the local switch. */
export function deployServicesFromEnv(env: NodeJS.ProcessEnv) {
  return { forConfig: (config: RepoConfig) => deployResources(config, { allowLocal: env.STACKWRIGHT_ALLOW_LOCAL_DEPLOY === "true", env }) };
}

function railwayTarget(env: NodeJS.ProcessEnv): DeployTarget {
  return createRailwayTarget(railwayTargetFromEnv(env));
}
