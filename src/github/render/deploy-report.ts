import type { DeploymentRecord } from "../../pipeline/deploy-app.js";
import type { ProgressPhase } from "./progress-phases.js";
import { formatPhaseDuration } from "./duration.js";
import { encodeJson } from "./pr-state.js";
import { redactSecrets } from "./redact.js";
import { table } from "./markdown.js";

/**
 * What a deploy shows on GitHub: the `Stackwright / deploy` check run (each
 * phase with its duration and every URL), the one PR comment, and the hidden
 * record the next deploy reads back (ids and URLs only).
 */

export const DEPLOY_CHECK_NAME = "Stackwright / deploy";
const RECORD_PATTERN = /<!--\s*stackwright:deploy\s+(\{[\s\S]*?\})\s*-->/;

export const DEPLOY_PHASES: readonly { name: string; label: string }[] = [
  { name: "provision", label: "Provision databases" },
  { name: "migrate", label: "Run migrations" },
  { name: "deploy-backend", label: "Deploy the backend" },
  { name: "deploy-frontend", label: "Deploy the frontend" },
  { name: "connect", label: "Connect the backend to the frontend" },
  { name: "health", label: "Check health" },
];

export function initialDeployPhases(): ProgressPhase[] {
  return DEPLOY_PHASES.map((p) => ({ ...p, status: "pending" }));
}

const MARK: Record<ProgressPhase["status"], string> = { pending: "⏳", running: "🔄", done: "✅", failed: "❌", skipped: "⏭️" };

export interface DeployReportInput {
  environment: string;
  sha: string;
  phases: readonly ProgressPhase[];
  record?: DeploymentRecord;
  error?: string;
}

export function renderDeployCheckRun(input: DeployReportInput): { title: string; summary: string; text: string } {
  const urls = input.record ? urlLines(input.record) : [];
  const title = input.error ? `Deploy to ${input.environment} failed` : input.record ? `Live on ${input.environment}` : `Deploying to ${input.environment}`;
  const summary = [
    `Commit \`${input.sha.slice(0, 7)}\` → **${input.environment}**`,
    "",
    table(
      ["", "Phase", "Took", "Result"],
      input.phases.map((p) => [MARK[p.status], p.label, p.durationMs !== undefined ? formatPhaseDuration(p.durationMs) : "", redactSecrets(p.detail ?? "")]),
    ),
    ...(urls.length ? ["", ...urls] : []),
    ...(input.error ? ["", "```text", redactSecrets(input.error), "```", "", "The previous deployment, if any, is still serving. Comment `/deploy` to try again."] : []),
  ].join("\n");
  const text = input.record ? renderDeploymentRecordMarker(input.record) : "";
  return { title, summary, text };
}

export function renderDeployComment(input: DeployReportInput): string {
  if (input.error) return `❌ Deploying \`${input.sha.slice(0, 7)}\` to **${input.environment}** failed: ${redactSecrets(input.error).slice(0, 500)}\n\nThe previous deployment is still serving. Comment \`/deploy\` to retry.`;
  return [`🚀 \`${input.sha.slice(0, 7)}\` is live on **${input.environment}**:`, "", ...urlLines(input.record!)].join("\n");
}

function urlLines(record: DeploymentRecord): string[] {
  return [
    ...(record.urls.frontend ? [`- App: ${record.urls.frontend}`] : []),
    ...(record.urls.backend ? [`- API: ${record.urls.backend}`] : []),
  ];
}

export function renderDeploymentRecordMarker(record: DeploymentRecord): string {
  return `<!-- stackwright:deploy ${encodeJson(record)} -->`;
}

export function parseDeploymentRecord(text: string | null | undefined): DeploymentRecord | null {
  const match = text ? RECORD_PATTERN.exec(text) : null;
  if (!match) return null;
  try {
    const value = JSON.parse(match[1]!) as DeploymentRecord;
    return value.version === 1 && Array.isArray(value.services) && Array.isArray(value.resources) ? value : null;
  } catch {
    return null;
  }
}
