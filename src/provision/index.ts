/**
 * Provisioning: the databases an app needs in an environment, from the
 * provider its repository's config chooses. See docs/provisioning.md.
 */
import type { ProvisionedResource, RecordedResource } from "./types.js";

export * from "./types.js";
export {
  createLocalProvider,
  EmbeddedPostgres,
  isLocalName,
  localName,
  redisKeyPrefix,
  type EmbeddedServer,
  type LocalProvider,
  type LocalProviderOptions,
  type RedisIsolation,
} from "./local/index.js";
export { createManualProvider, MANUAL_PROVIDER, type ManualProvider, type ManualProviderOptions } from "./manual.js";
export {
  CLOUD_PROVIDERS,
  CONFIG_KEY_FOR,
  TARGETS_FOR,
  createProviderRegistry,
  manualSecretFor,
  targetFor,
  type CloudTarget,
  type ProviderContext,
  type ProviderFactory,
  type ProviderRegistry,
  type ProviderRegistryOptions,
  type ProviderTarget,
} from "./registry.js";

/** What may be shown or stored about a provisioned resource: ids, and the NAMES of its environment variables. */
export interface PublicResource extends RecordedResource {
  created: boolean;
  env: string[];
}

export function publicResource(resource: ProvisionedResource): PublicResource {
  return { kind: resource.kind, provider: resource.provider, name: resource.name, ids: { ...resource.ids }, created: resource.created, env: Object.keys(resource.env).sort() };
}

/** Only what identifies a resource (for a deployment payload, or to find it again). */
export function recordOf(resource: RecordedResource): RecordedResource {
  return { kind: resource.kind, provider: resource.provider, name: resource.name, ids: { ...resource.ids } };
}

/** A connection string with its password masked (`postgres://app:****@host/db`), for human output. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s/]*)@/i, (_m, head: string, password: string) => (password === "" ? _m : `${head}****@`));
}
