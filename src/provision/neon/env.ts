import { ProvisionError } from "../types.js";
import type { NeonProviderOptions } from "./provider.js";

/**
 * Neon settings from the environment: NEON_API_KEY and NEON_PROJECT_ID (required), NEON_DATABASE_NAME and
 * NEON_ROLE_NAME (optional; defaults "neondb" / "neondb_owner"), NEON_POOLED ("true" for the -pooler host).
 * Values are never printed; missing ones are reported by name only.
 */
export const NEON_ENV = {
  apiKey: "NEON_API_KEY",
  projectId: "NEON_PROJECT_ID",
  databaseName: "NEON_DATABASE_NAME",
  roleName: "NEON_ROLE_NAME",
  pooled: "NEON_POOLED",
} as const;

export function fromEnv(env: Record<string, string | undefined> = process.env): NeonProviderOptions {
  const value = (name: string) => env[name]?.trim() || undefined;
  const apiKey = value(NEON_ENV.apiKey);
  const projectId = value(NEON_ENV.projectId);
  const missing = [!apiKey && NEON_ENV.apiKey, !projectId && NEON_ENV.projectId].filter(Boolean);
  if (!apiKey || !projectId) throw new ProvisionError("neon", `set ${missing.join(" and ")}`);
  const options: NeonProviderOptions = { apiKey, projectId };
  const databaseName = value(NEON_ENV.databaseName);
  const roleName = value(NEON_ENV.roleName);
  if (databaseName) options.databaseName = databaseName;
  if (roleName) options.roleName = roleName;
  if (value(NEON_ENV.pooled) === "true") options.pooled = true;
  return options;
}

export { fromEnv as neonFromEnv };
