import { codeSpan } from "../markdown.js";
import { displayName } from "./names.js";
import type { PullRequestBodyInput } from "./types.js";

/** What merging this PR will deploy, from the default branch's deploy targets. */
export function deploySection(input: PullRequestBodyInput): string {
  const { deploy, spec } = input;
  const hasFrontend = input.services.some((s) => s.role === "frontend") || spec.stack.frontend !== "none";
  const items: string[] = [];
  const warnings: string[] = [];

  const database = displayName(spec.stack.database);
  const mongo = spec.stack.database === "mongodb";
  const dbTarget = mongo ? (deploy.mongodb ?? "local") : deploy.database;
  const dbSecret = mongo ? deploy.mongodbManualUrlSecret : deploy.manualUrlSecret;
  items.push(`**Database**: ${database}, ${provider(dbTarget, dbSecret)}; created on the first deploy and reused after. ${input.migrations.length > 0 ? "Migrations run before the backend starts." : ""}`.trim());
  if (spec.stack.cache) {
    items.push(`**Cache**: ${displayName(spec.stack.cache)}, ${provider(deploy.redis ?? "local", deploy.redisManualUrlSecret)}.`);
  }

  items.push(`**Backend**: ${target(deploy.backend, "backend")}.`);
  if (hasFrontend) {
    items.push(`**Frontend**: ${target(deploy.frontend, "frontend")}${deploy.frontend === "none" ? "" : ", built with the backend's URL injected"}.`);
    if (deploy.backend === "none" && deploy.frontend !== "none") {
      warnings.push("The frontend is deployed but the backend is not (`deploy.backend: none`): it will have no API to call.");
    }
  }

  return [
    "### What merging deploys",
    "",
    `Merging deploys the merged commit to the ${codeSpan(deploy.environment)} environment and reports each URL as a GitHub deployment. Targets come from \`.github/stackwright.yml\` on the default branch:`,
    "",
    ...items.map((i) => `- ${i}`),
    ...(warnings.length > 0 ? ["", ...warnings.map((w) => `> [!WARNING]\n> ${w}`)] : []),
  ].join("\n");
}

/** Who provides a database, in words. */
function provider(target: string, manualSecret: string | undefined): string {
  if (target === "local") return "a database of its own on Stackwright's host (the `local` target: its PostgreSQL server, else an embedded one)";
  if (target === "manual") return `your own server, its URL read from the secret ${codeSpan(manualSecret ?? "?")}`;
  return `on ${displayName(target)}`;
}

function target(value: "railway" | "vercel" | "local" | "none" | undefined, role: string): string {
  if (value === undefined) return `on ${role === "backend" ? "Railway" : "Vercel"} when the Stackwright server has a token for it, else on Stackwright's own host (\`deploy.${role}\` is unset)`;
  if (value === "none") return `not deployed (\`deploy.${role}: none\`)`;
  if (value === "local") return "started by Stackwright on its own host (the `local` target)";
  return `on ${displayName(value)}`;
}
