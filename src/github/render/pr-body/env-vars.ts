import type { DeployConfig } from "../../../config/schema.js";
import type { EnvVar } from "../../../spec/manifest.js";
import { table, truncate } from "../markdown.js";
import { displayName } from "./names.js";
import type { PullRequestBodyInput } from "./types.js";

const MAX_ROWS = 60;

/** Every environment variable the services read: who needs it, whether it is secret, and where its value comes from. */
export function envVarsSection(input: PullRequestBodyInput): string {
  const rows = input.services.flatMap((service) => service.env.map((env) => ({ service: service.name, env })));
  if (rows.length === 0) return ["### Environment variables", "", "The app reads no environment variables."].join("\n");

  const yours = rows.filter((r) => r.env.source === "user");
  const lead =
    yours.length > 0
      ? `Set the ${yours.length === 1 ? "variable" : "variables"} marked **you** before the app can run in production; the deploy fills in the rest. Locally, copy each service's \`.env.example\` to \`.env\`.`
      : "The deploy fills in every variable; there is nothing to set by hand. Locally, copy each service's `.env.example` to `.env`.";
  const shown = rows.slice(0, MAX_ROWS).map(({ service, env }) => [
    `\`${env.name}\``,
    service,
    env.required ? "yes" : "no",
    env.secret ? "yes" : "no",
    valueSource(env, input.deploy),
    truncate(env.description, 160),
  ]);
  const more = rows.length > MAX_ROWS ? ["", `…and ${rows.length - MAX_ROWS} more (see each service's \`.env.example\`).`] : [];
  return ["### Environment variables", "", lead, "", table(["Variable", "Service", "Required", "Secret", "Value comes from", "What it is"], shown), ...more].join("\n");
}

/** Where a deploy gets the variable's value, in words, given the deploy targets. */
export function valueSource(env: Pick<EnvVar, "source">, deploy: DeployConfig): string {
  switch (env.source) {
    case "postgres-url":
      return databaseSource("PostgreSQL", deploy);
    case "mongodb-url":
      return databaseSource("MongoDB", deploy);
    case "redis-url":
      return "the Redis cache the deploy provisions";
    case "generated-secret":
      return "a random secret the deploy generates once and keeps";
    case "backend-url":
      return "the backend's URL, set by the deploy";
    case "frontend-origin":
      return "the frontend's URL, set by the deploy";
    case "port":
      return "the platform (the port to listen on)";
    case "constant":
      return "a fixed value (the default fits)";
    case "user":
      return "**you**: set it before deploying";
    default:
      return "the deploy";
  }
}

function databaseSource(kind: string, deploy: DeployConfig): string {
  switch (deploy.database) {
    case "manual":
      return `your ${kind} URL, from the secret \`${deploy.manualUrlSecret ?? "?"}\``;
    case "local":
      return `the ${kind} database the local target runs`;
    default:
      return `the ${kind} database on ${displayName(deploy.database)}`;
  }
}
