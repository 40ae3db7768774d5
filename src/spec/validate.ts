import { AppSpecSchema, type AppSpec } from "./app-spec.js";
import { checkSpecSemantics, type SpecIssue } from "./semantic.js";

export type SpecResult = { ok: true; spec: AppSpec } | { ok: false; issues: SpecIssue[] };

/** Schema validation, then semantic checks: the one gate every spec passes through. */
export function validateAppSpec(input: unknown): SpecResult {
  const parsed = AppSpecSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    };
  }
  const issues = checkSpecSemantics(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, spec: parsed.data };
}

export function formatSpecIssues(issues: SpecIssue[]): string {
  return issues.map((i) => `- ${i.path || "(spec)"}: ${i.message}`).join("\n");
}

export class InvalidSpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(`The app spec is invalid:\n${formatSpecIssues(issues)}`);
    this.name = "InvalidSpecError";
  }
}

export function assertValidAppSpec(input: unknown): AppSpec {
  const result = validateAppSpec(input);
  if (!result.ok) throw new InvalidSpecError(result.issues);
  return result.spec;
}
