import { ProvisionError } from "../types.js";
import type { RailwayProviderOptions } from "./provider.js";

/**
 * Railway settings from the environment. Names:
 * - RAILWAY_TOKEN: a workspace (or account) token, sent as `Authorization: Bearer`. Use a workspace token for a
 *   server-side app (reference §1.1). Note: the Railway CLI reads RAILWAY_TOKEN as a *project* token and
 *   RAILWAY_API_TOKEN as an account token; here RAILWAY_TOKEN means workspace/account, and
 * - RAILWAY_PROJECT_TOKEN: a project token instead (`Project-Access-Token` header; one environment of one project,
 *   so every app's databases go in that project).
 * - RAILWAY_WORKSPACE_ID (optional): the workspace projects are listed and created in.
 * - RAILWAY_PROJECT_ID (optional): one project for every app instead of a project per app.
 * - RAILWAY_ENVIRONMENT_NAME (optional): the Railway environment; default "production".
 *
 * Values are never printed; a missing token is reported by name only.
 */
export const RAILWAY_ENV = {
  token: "RAILWAY_TOKEN",
  projectToken: "RAILWAY_PROJECT_TOKEN",
  workspaceId: "RAILWAY_WORKSPACE_ID",
  projectId: "RAILWAY_PROJECT_ID",
  environmentName: "RAILWAY_ENVIRONMENT_NAME",
} as const;

export function fromEnv(env: Record<string, string | undefined> = process.env): RailwayProviderOptions {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const token = value(RAILWAY_ENV.token);
  const projectToken = value(RAILWAY_ENV.projectToken);
  if (!token && !projectToken) {
    throw new ProvisionError("railway", `set ${RAILWAY_ENV.token} (a workspace token) or ${RAILWAY_ENV.projectToken}`);
  }
  const options: RailwayProviderOptions = token ? { token, tokenKind: "workspace" } : { token: projectToken as string, tokenKind: "project" };
  const workspaceId = value(RAILWAY_ENV.workspaceId);
  const projectId = value(RAILWAY_ENV.projectId);
  const environmentName = value(RAILWAY_ENV.environmentName);
  if (workspaceId) options.workspaceId = workspaceId;
  if (projectId) options.projectId = projectId;
  if (environmentName) options.environmentName = environmentName;
  return options;
}

export { fromEnv as railwayFromEnv };
