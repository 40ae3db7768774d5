/**
 * The PR description, one function per section (Renovate's layout), joined
 * in reading order. Rendered again on every run, so the description always
 * matches the branch. Stays within GitHub's 65,536-character limit: the file
 * tree is shortened first, then whole sections are left out (saying so),
 * never the footer with "Closes #n" and the hidden state.
 */
import { deploySection } from "./deploy.js";
import { entitiesSection } from "./entities.js";
import { envVarsSection } from "./env-vars.js";
import { DEFAULT_TREE_LINES, fileTreeSection } from "./file-tree.js";
import { footerSection } from "./footer.js";
import { migrationsSection } from "./migrations.js";
import { notesSection } from "./notes.js";
import { runLocallySection } from "./run-locally.js";
import { stackSection } from "./stack.js";
import { summarySection } from "./summary.js";
import type { PullRequestBodyInput } from "./types.js";
import { verifyResultLine } from "./verify-result.js";

export type { GeneratedFileEntry, GenerationNotes, PullRequestBodyInput, VerifyResultSummary } from "./types.js";
export { drawFileTree, DEFAULT_TREE_LINES } from "./file-tree.js";
export { summarizeVerifyReport } from "./verify-result.js";
export { valueSource } from "./env-vars.js";
export { shellWord } from "./run-locally.js";
export { pullRequestBodyInputFrom } from "./from-generated-app.js";
export { renderPullRequestTitle, MAX_PR_TITLE_LENGTH } from "../pr-title.js";

/** GitHub's limit on a PR description, in characters. */
export const MAX_PR_BODY_LENGTH = 65_536;

type SectionId = "summary" | "verify" | "notes" | "stack" | "entities" | "env" | "migrations" | "run" | "deploy" | "files";

const ORDER: readonly SectionId[] = ["summary", "verify", "notes", "stack", "entities", "env", "migrations", "run", "deploy", "files"];
/** Left out one by one, in this order, when the description is still too long with no file tree. */
const DROP_ORDER: readonly SectionId[] = ["files", "entities", "run", "migrations", "env", "stack", "notes", "summary"];
const TREE_STEPS = [DEFAULT_TREE_LINES, 200, 100, 50, 20] as const;

const TITLES: Record<SectionId, string> = {
  summary: "summary",
  verify: "verify result",
  notes: "notes",
  stack: "stack",
  entities: "entities",
  env: "environment variables",
  migrations: "migrations",
  run: "run-it-locally",
  deploy: "deploy",
  files: "file tree",
};

export interface RenderPullRequestBodyOptions {
  /** Default GitHub's limit; lower it to leave room for text appended later. */
  maxLength?: number;
}

export function renderPullRequestBody(input: PullRequestBodyInput, options: RenderPullRequestBodyOptions = {}): string {
  const max = options.maxLength ?? MAX_PR_BODY_LENGTH;
  for (const treeLines of TREE_STEPS) {
    const body = compose(input, { treeLines, cutForSize: treeLines !== DEFAULT_TREE_LINES, omitted: new Set() });
    if (body.length <= max) return body;
  }
  const omitted = new Set<SectionId>();
  for (const id of DROP_ORDER) {
    omitted.add(id);
    const body = compose(input, { treeLines: 0, cutForSize: true, omitted });
    if (body.length <= max) return body;
  }
  // Only the verify line, the deploy section and the footer are left; the footer is never cut.
  const footer = footerSection(input);
  return `${compose(input, { treeLines: 0, cutForSize: true, omitted, withoutFooter: true }).slice(0, Math.max(0, max - footer.length - 2))}\n\n${footer}`;
}

interface ComposeOptions {
  treeLines: number;
  cutForSize: boolean;
  omitted: ReadonlySet<SectionId>;
  withoutFooter?: boolean;
}

function compose(input: PullRequestBodyInput, options: ComposeOptions): string {
  const parts: string[] = [];
  for (const id of ORDER) {
    if (options.omitted.has(id)) {
      parts.push(`_The ${TITLES[id]} section is left out to keep this description within GitHub's size limit._`);
      continue;
    }
    const section = render(id, input, options);
    if (section !== null) parts.push(section);
  }
  if (!options.withoutFooter) parts.push(footerSection(input));
  return parts.join("\n\n");
}

function render(id: SectionId, input: PullRequestBodyInput, options: ComposeOptions): string | null {
  switch (id) {
    case "summary":
      return summarySection(input);
    case "verify":
      return verifyResultLine(input);
    case "notes":
      return notesSection(input);
    case "stack":
      return stackSection(input);
    case "entities":
      return entitiesSection(input);
    case "env":
      return envVarsSection(input);
    case "migrations":
      return migrationsSection(input);
    case "run":
      return runLocallySection(input);
    case "deploy":
      return deploySection(input);
    case "files":
      return fileTreeSection(input, options.treeLines, options.cutForSize);
  }
}
