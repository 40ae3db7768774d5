import { describe, expect, it } from "vitest";
import type { PhaseEvent } from "../../../src/pipeline/phases.js";
import {
  applyPhaseEvent,
  findProgressMarker,
  initialProgressPhases,
  MAX_COMMENT_LENGTH,
  progressMarker,
  renderProgressComment,
  skipUnfinishedPhases,
  type ProgressPhase,
  type ProgressState,
} from "../../../src/github/render/index.js";

const started = new Date("2025-01-01T12:00:00Z");
const at = (ms: number) => new Date(started.getTime() + ms);

function state(overrides: Partial<ProgressState> = {}): ProgressState {
  return {
    jobId: "8d0e6c2a-5b1f-4c3e-9a7d-2f6b8e1c4d90",
    trigger: { issueNumber: 7, author: "octocat", commentUrl: "https://github.com/o/r/issues/7#issuecomment-1" },
    phases: initialProgressPhases(),
    startedAt: started,
    now: at(63_000),
    outcome: { kind: "running" },
    ...overrides,
  };
}

function fold(events: PhaseEvent[], phases: ProgressPhase[] = initialProgressPhases()): ProgressPhase[] {
  return events.reduce((p, e) => applyPhaseEvent(p, e), phases);
}

describe("progress marker", () => {
  it("is the first line, and round-trips the job id", () => {
    const body = renderProgressComment(state());
    expect(body.split("\n")[0]).toBe("<!-- stackwright:progress job=8d0e6c2a-5b1f-4c3e-9a7d-2f6b8e1c4d90 -->");
    expect(findProgressMarker(body)).toEqual({ jobId: "8d0e6c2a-5b1f-4c3e-9a7d-2f6b8e1c4d90" });
  });

  it("round-trips job ids with characters that could break the comment", () => {
    for (const jobId of ["a--b", "x -->y", "job/1 ünïcode", "42", "a.b:c_d"]) {
      const marker = progressMarker(jobId);
      expect(marker.slice(4, -3)).not.toContain("--");
      expect(findProgressMarker(`text before\n${marker}\ntext after`)).toEqual({ jobId });
    }
  });

  it("finds nothing in ordinary comments", () => {
    expect(findProgressMarker("LGTM")).toBeNull();
    expect(findProgressMarker(null)).toBeNull();
    expect(findProgressMarker("<!-- stackwright:state {} -->")).toBeNull();
  });
});

describe("phases", () => {
  it("folds pipeline events into the five phases, with analyze counted in generate", () => {
    const phases = fold([
      { phase: "spec", label: "Planning the app", status: "start" },
      { phase: "spec", label: "Planning the app", status: "done", durationMs: 1_200, detail: "3 entities" },
      { phase: "generate", label: "Writing files", status: "start" },
      { phase: "generate", label: "Writing files", status: "done", durationMs: 2_000, detail: "58 files, 120 KiB" },
      { phase: "analyze", label: "Analyzing the app", status: "start" },
      { phase: "analyze", label: "Analyzing the app", status: "done", durationMs: 500, detail: "express · react" },
      { phase: "verify", label: "Verify", status: "start" },
      { phase: "unknown", label: "?", status: "start" },
    ]);
    expect(phases.map((p) => [p.name, p.status])).toEqual([
      ["spec", "done"],
      ["generate", "done"],
      ["verify", "running"],
      ["commit", "pending"],
      ["pr", "pending"],
    ]);
    expect(phases[0]).toMatchObject({ durationMs: 1_200, detail: "3 entities" });
    expect(phases[1]).toMatchObject({ durationMs: 2_500, detail: "58 files, 120 KiB · express · react" });
  });

  it("keeps the failing phase's message and skips what never ran", () => {
    const phases = skipUnfinishedPhases(fold([{ phase: "spec", label: "", status: "start" }, { phase: "spec", label: "", status: "fail", durationMs: 10, detail: "boom" }]));
    expect(phases.map((p) => p.status)).toEqual(["failed", "skipped", "skipped", "skipped", "skipped"]);
    expect(phases[0]!.detail).toBe("boom");
  });

  it("names the PR phase for a follow-up run", () => {
    expect(initialProgressPhases({ updatingPullRequest: true }).at(-1)!.label).toBe("Update the pull request");
  });
});

describe("renderProgressComment", () => {
  it("while running: header with elapsed time, the request link, a checklist and how to cancel", () => {
    const phases = fold([
      { phase: "spec", label: "", status: "start" },
      { phase: "spec", label: "", status: "done", durationMs: 1_234, detail: "3 entities (User, Post, Comment)" },
      { phase: "generate", label: "", status: "start" },
    ]);
    const body = renderProgressComment(state({ phases, usage: { tokens: 12_345, tokenLimit: 400_000, costUsd: 0.042 } }));
    expect(body).toContain("**Stackwright is generating…** ⏳ 1m 3s so far");
    expect(body).toContain("[request](https://github.com/o/r/issues/7#issuecomment-1)");
    expect(body).toContain("- ✅ Plan the app · 3 entities (User, Post, Comment) · 1.2s");
    expect(body).toContain("- ⏳ **Generate the code…**");
    expect(body).toContain("- ⬜ Verify");
    expect(body).toContain("`/generate cancel`");
    expect(body).toContain("12,345 of 400,000 tokens · $0.04");
  });

  it("on success: links to the PR, the branch and the check run", () => {
    const phases = initialProgressPhases().map((p) => ({ ...p, status: "done" as const, durationMs: 1_000 }));
    const body = renderProgressComment(
      state({
        phases,
        now: at(125_000),
        outcome: {
          kind: "succeeded",
          branch: "stackwright/issue-7",
          branchUrl: "https://github.com/o/r/tree/stackwright/issue-7",
          prUrl: "https://github.com/o/r/pull/8",
          prNumber: 8,
          checkRunUrl: "https://github.com/o/r/runs/99",
          verifyOk: true,
          warnings: ["Next.js templates are not available yet; rendered React.", "ping @someone"],
        },
      }),
    );
    expect(body).toContain(
      "**Stackwright finished @octocat's request in 2m 5s** — [PR #8](https://github.com/o/r/pull/8) · [`stackwright/issue-7`](https://github.com/o/r/tree/stackwright/issue-7) · [verify passed ✅](https://github.com/o/r/runs/99)",
    );
    expect(body).toContain("Stackwright opened [PR #8]");
    expect(body).toContain("<summary>2 notes on what was generated</summary>");
    expect(body).toContain("ping @\u200dsomeone");
    expect(body).not.toContain("/generate cancel");
    expect(body).not.toContain("⬜");
  });

  it("says so when verify failed, when a PR was updated, and when nothing changed", () => {
    const outcome = {
      kind: "succeeded" as const,
      branch: "stackwright/issue-7",
      branchUrl: "u",
      prUrl: "p",
      prNumber: 8,
      verifyOk: false,
      warnings: [],
      updatedExistingPr: true,
    };
    const failedVerify = renderProgressComment(state({ outcome }));
    expect(failedVerify).toContain("verify found problems ❌");
    expect(failedVerify).toContain("Stackwright updated [PR #8](p)");
    expect(failedVerify).toContain("Verify found problems in the generated code");
    const unchanged = renderProgressComment(state({ outcome: { ...outcome, verifyOk: true, noChanges: true } }));
    expect(unchanged).toContain("Nothing changed");
  });

  it("on failure: a redacted error in a code block, the failed phase and what to do next", () => {
    const phases = skipUnfinishedPhases(
      fold([
        { phase: "spec", label: "", status: "done", durationMs: 5 },
        { phase: "generate", label: "", status: "fail", durationMs: 40, detail: "request to https://x:ghs_abcdefghijklmnopqrstuvwxyz0123456789@api failed" },
      ]),
    );
    const body = renderProgressComment(
      state({
        phases,
        now: at(45_000),
        outcome: { kind: "failed", message: "HttpError: Bad credentials\nAuthorization: token ghs_abcdefghijklmnopqrstuvwxyz0123456789\n```injected```", hint: "Reinstall the app, then comment `/generate` again." },
      }),
    );
    expect(body).toContain("**Stackwright stopped after 45s** while running “Generate the code”");
    expect(body).toContain("- ❌ Generate the code");
    expect(body).toContain("- ➖ Verify");
    expect(body).not.toContain("abcdefghijklmnopqrstuvwxyz0123456789");
    expect(body).toContain("Authorization: token [redacted]");
    expect(body).toMatch(/````text\nHttpError: Bad credentials\n[\s\S]*```injected```\n````/);
    expect(body).toContain("**What to do next:** Reinstall the app, then comment `/generate` again.");
  });

  it("on cancel and on refusal", () => {
    const cancelled = renderProgressComment(state({ now: at(12_000), outcome: { kind: "cancelled", by: "hubot" } }));
    expect(cancelled).toContain("**Stackwright cancelled @octocat's request after 12s** by @hubot");
    expect(cancelled).toContain("- ➖ Plan the app · not run");

    const refused = renderProgressComment(state({ outcome: { kind: "refused", reason: "Only people with write access can run `/generate`; password=hunter2", hint: "Ask a maintainer." } }));
    expect(refused).toContain("**Stackwright did not start @octocat's request**");
    expect(refused).toContain("password=[redacted]");
    expect(refused).not.toContain("- ⬜");
    expect(refused).toContain("**What to do next:** Ask a maintainer.");
  });

  it("never mentions a login that is not a valid GitHub login", () => {
    const body = renderProgressComment(state({ trigger: { issueNumber: 1, author: "evil @everyone" }, outcome: { kind: "cancelled" } }));
    expect(body).toContain("`evil @everyone`'s request");
  });

  it("stays within GitHub's comment limit, whatever the error", () => {
    const body = renderProgressComment(state({ outcome: { kind: "refused", reason: "x".repeat(200_000) } }));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const failed = renderProgressComment(state({ outcome: { kind: "failed", message: "y".repeat(200_000) } }));
    expect(failed.length).toBeLessThan(10_000);
    expect(findProgressMarker(failed)).not.toBeNull();
  });
});
