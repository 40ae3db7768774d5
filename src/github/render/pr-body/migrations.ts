import type { PullRequestBodyInput } from "./types.js";

const MAX_LISTED = 100;

/** The migrations, in the order they apply. */
export function migrationsSection(input: PullRequestBodyInput): string {
  const { migrations } = input;
  if (migrations.length === 0) {
    return ["### Database migrations", "", "None: this app has no migration files."].join("\n");
  }
  const listed = migrations.slice(0, MAX_LISTED).map((m, i) => `${i + 1}. \`${m.path}\``);
  const more = migrations.length > MAX_LISTED ? [`…and ${migrations.length - MAX_LISTED} more.`] : [];
  return [
    "### Database migrations",
    "",
    "Applied in this order before the backend starts, each once (a deploy skips those already applied):",
    "",
    ...listed,
    ...more,
  ].join("\n");
}
