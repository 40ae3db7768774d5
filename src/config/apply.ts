/**
 * What the rest of Stackwright takes from the configuration: the stack
 * defaults for the spec builder and the path policy for the FILE-block parser.
 */
import type { PathPolicy } from "../parse/path-policy.js";
import type { StackSpec } from "../spec/app-spec.js";
import type { RepoConfig } from "./schema.js";

/** Stack defaults as `GenerationContext.defaults` takes them (`cache: none` becomes `null`). */
export function stackDefaultsFromConfig(config: Pick<RepoConfig, "stack">): Partial<StackSpec> {
  const { backend, database, cache, frontend, pwa } = config.stack;
  const defaults: Partial<StackSpec> = {};
  if (backend !== undefined) defaults.backend = backend;
  if (database !== undefined) defaults.database = database;
  if (cache !== undefined) defaults.cache = cache === "none" ? null : cache;
  if (frontend !== undefined) defaults.frontend = frontend;
  if (pwa !== undefined) defaults.pwa = pwa;
  return defaults;
}

/** The FILE-block path policy fields the configuration sets. */
export function pathPolicyFromConfig(config: Pick<RepoConfig, "paths" | "limits">): Pick<PathPolicy, "allowedRoots" | "allowWorkflows" | "maxFiles" | "maxFileBytes"> {
  return {
    allowedRoots: config.paths.allow ?? null,
    allowWorkflows: config.paths.workflows,
    maxFiles: config.limits.maxFiles,
    maxFileBytes: config.limits.maxFileKiB * 1024,
  };
}
