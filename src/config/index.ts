/**
 * The per-repository configuration, `.github/stackwright.yml`: schema,
 * parsing with actionable errors, the error comment, the published JSON
 * Schema, and what the pipeline takes from it. Pure (no I/O).
 */
export {
  BACKEND_TARGETS,
  CACHES,
  CONFIG_PATH,
  DATABASE_TARGETS,
  FRONTEND_TARGETS,
  LIMITS,
  RepoConfigSchema,
  defaultRepoConfig,
  type DeployConfig,
  type LimitsConfig,
  type ModelConfig,
  type PathsConfig,
  type RepoConfig,
  type RepoConfigInput,
  type StackDefaults,
} from "./schema.js";
export { MAX_CONFIG_LENGTH, parseRepoConfig, type ParseRepoConfigResult } from "./parse.js";
export { configErrorsFromIssues, describeValue, formatPath, type ConfigError } from "./errors.js";
export { CONFIG_ERROR_MARKER, renderConfigErrorComment } from "./render-errors.js";
export { JSON_SCHEMA_FILE, allKeyPaths, renderRepoConfigJsonSchema, repoConfigJsonSchema, type JsonSchemaNode } from "./json-schema.js";
export { pathPolicyFromConfig, stackDefaultsFromConfig } from "./apply.js";
export { closestMatch, editDistance } from "./suggest.js";
