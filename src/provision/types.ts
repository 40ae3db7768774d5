/**
 * Provisioning: the databases a generated app needs, for one environment,
 * from whichever provider is configured. Every provider keeps the same rules:
 *
 * - `ensure` is idempotent: it finds what an earlier call made (by the recorded
 *   ids first, then by the deterministic name) and never makes a duplicate.
 * - What is recorded (`RecordedResource`) holds ids and names only, never a
 *   secret: it is stored in places people can read (a GitHub Deployment's
 *   payload) and is enough to find the resource again.
 * - Connection strings are secrets: they live only in `ProvisionedResource.url`
 *   and `env`, are handed to the deploy target, and never printed.
 * - Credentials (API tokens) come from the environment or config only.
 */

export const RESOURCE_KINDS = ["postgres", "mongodb", "redis"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ResourceRequest {
  kind: ResourceKind;
  /** The app's slug (AppSpec.name). */
  app: string;
  /** "production", or a preview environment such as "pr-12". */
  environment: string;
}

/** Everything needed to find a resource again; no secrets. */
export interface RecordedResource {
  kind: ResourceKind;
  provider: string;
  /** Deterministic, from app and environment (e.g. "sw-blog-production"). */
  name: string;
  /** Provider ids: project, service, database, branch, cluster... */
  ids: Record<string, string>;
}

export interface ProvisionedResource extends RecordedResource {
  /** The connection string (secret). */
  url: string;
  /** Environment variables to give the app, e.g. { DATABASE_URL } (values are secrets). */
  env: Record<string, string>;
  /** True when this call created it; false when it found it. */
  created: boolean;
}

export interface Provider {
  readonly name: string;
  readonly kinds: readonly ResourceKind[];
  ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource>;
  /** Removes what `ensure` made (preview environments). Idempotent: a missing resource is fine. */
  destroy(recorded: RecordedResource): Promise<void>;
}

/** The environment variable a kind's connection string is given to the app in (the generated app's contract). */
export const ENV_VAR_FOR: Record<ResourceKind, string> = {
  postgres: "DATABASE_URL",
  mongodb: "MONGODB_URL",
  redis: "REDIS_URL",
};

/** The deterministic name of an app's resource in an environment. */
export function resourceName(request: Pick<ResourceRequest, "app" | "environment">): string {
  return `sw-${request.app}-${request.environment}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 60).replace(/-+$/, "");
}

export class ProvisionError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${provider}: ${message}`, options);
    this.name = "ProvisionError";
  }
}
