import type { AppSpec } from "../../spec/app-spec.js";

/** GitHub's limit on a PR title. */
export const MAX_PR_TITLE_LENGTH = 256;

/** "Stackwright: <app title>", on one line, within GitHub's limit. */
export function renderPullRequestTitle(spec: Pick<AppSpec, "title" | "name">): string {
  const title = spec.title.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim() || spec.name;
  const full = `Stackwright: ${title}`;
  return full.length <= MAX_PR_TITLE_LENGTH ? full : `${full.slice(0, MAX_PR_TITLE_LENGTH - 1).trimEnd()}…`;
}
