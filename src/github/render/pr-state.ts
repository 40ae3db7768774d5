/**
 * The state Stackwright keeps in its PR's description, inside a hidden HTML
 * comment: which issue the PR serves, the prompts so far, the last commit
 * Stackwright pushed (to notice someone else's pushes) and the job that wrote
 * it. With it, a follow-up run rebuilds everything it needs from GitHub alone
 * (release-please and Renovate keep their state the same way).
 *
 *     <!-- stackwright:state {"version":1,"issue":7,...} -->
 *
 * The JSON never contains `--`, `<` or `>` (they are written as `\u002d`,
 * `\u003c`, `\u003e`), so no prompt text can end the comment early.
 */
import { z } from "zod";

export const PrStateSchema = z.object({
  version: z.literal(1),
  /** The issue the PR closes. */
  issue: z.number().int().positive(),
  /** Every prompt that shaped the app, oldest first (the oldest are dropped when the history gets long). */
  prompts: z.array(z.string()),
  /** The commit Stackwright pushed last. */
  head: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, "must be a full commit sha"),
  /** The job that pushed it. */
  jobId: z.string().min(1),
});

export type PrState = z.infer<typeof PrStateSchema>;

/** Longest marker written; older prompts are dropped to stay under it. */
export const MAX_STATE_MARKER_LENGTH = 24_000;
/** Longest single prompt kept in the history. */
const MAX_STORED_PROMPT = 4_000;

const MARKER_PATTERN = /<!--\s*stackwright:state\s+(\{[\s\S]*?\})\s*-->/g;

/**
 * The hidden marker for `state`. When the prompt history would make it longer
 * than `MAX_STATE_MARKER_LENGTH`, the oldest prompts are left out (the newest
 * is always kept, cut to 4,000 characters).
 */
export function renderPullRequestStateMarker(state: PrState): string {
  const prompts = state.prompts.map((p) => (p.length > MAX_STORED_PROMPT ? p.slice(0, MAX_STORED_PROMPT) : p));
  let first = 0;
  for (;;) {
    const marker = `<!-- stackwright:state ${encodeJson({ ...state, prompts: prompts.slice(first) })} -->`;
    if (marker.length <= MAX_STATE_MARKER_LENGTH || first >= prompts.length - 1) return marker;
    first += 1;
  }
}

/**
 * The state in a PR description, or null when there is none (or it is not
 * valid). Text around the marker may be edited freely; when several markers
 * are present, the last valid one wins (Stackwright writes its own last).
 */
export function parsePullRequestState(body: string | null | undefined): PrState | null {
  if (!body) return null;
  let found: PrState | null = null;
  for (const match of body.matchAll(MARKER_PATTERN)) {
    let json: unknown;
    try {
      json = JSON.parse(match[1]!);
    } catch {
      continue;
    }
    const parsed = PrStateSchema.safeParse(json);
    if (parsed.success) found = parsed.data;
  }
  return found;
}

/**
 * JSON that is safe inside an HTML comment. `<`, `>` and `&` only occur inside
 * JSON strings, and so does `--` (a JSON number has at most one `-` in a row),
 * so escaping them keeps the JSON valid and equal when parsed.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/--/g, "\\u002d\\u002d");
}
