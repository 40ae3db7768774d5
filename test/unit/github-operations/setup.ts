/**
 * Per-test wiring for the operations tests: a seeded FakeGitHub, the validating fetch, and an
 * installation-token Octokit (retries/throttling off) over them. `check()` (run it in
 * afterEach) demands zero contract failures, zero unhandled routes and zero response warnings,
 * except warnings a test declared with `expectWarning` (GitHub's description omits some
 * statuses GitHub really sends, e.g. 404 on a deleted comment, or an injected 503); a declared
 * warning that never happened fails too.
 */
import { expect } from "vitest";
import { createFakeGitHub, type FakeGitHub, type SeedRepoOptions } from "../../support/github/fake-github.js";
import { createTestOctokit } from "../../support/github/probot.js";
import { createValidatingFetch, type ValidatingFetch } from "../../support/github/validating-fetch.js";

export const owner = "octo-org";
export const repoName = "demo";
export const R = { owner, repo: repoName };

export type Octo = ReturnType<typeof createTestOctokit>;

export interface Env {
  fake: FakeGitHub;
  vf: ValidatingFetch;
  gh: Octo;
  baseUrl: string;
  /** Declares an expected response warning: `operationId` answered `status` (undocumented). */
  expectWarning(operationId: string, status: number, times?: number): void;
  /** Declares expected contract failures (requests the harness refused on purpose). */
  expectFailures(n: number): void;
  /** Run in afterEach. */
  check(): void;
}

export function createEnv(
  options: { baseUrl?: string; seed?: Partial<SeedRepoOptions>; fetch?: (vf: ValidatingFetch) => typeof globalThis.fetch; now?: () => Date } = {},
): Env {
  const baseUrl = options.baseUrl ?? "https://api.github.com";
  const fake = createFakeGitHub({ baseUrl, appId: 4242, ...(options.now ? { now: options.now } : {}) });
  fake.seedRepo({
    owner,
    repo: repoName,
    files: { "README.md": "# demo\n", "src/keep.ts": "export const keep = 1;\n", "src/old.ts": "old\n" },
    issues: [{ title: "Make a blog", user: "alice" }],
    ...options.seed,
  });
  const vf = createValidatingFetch({ baseUrl });
  const gh = createTestOctokit({ token: fake.createInstallationToken(1), baseUrl, fetch: options.fetch ? options.fetch(vf) : vf.fetch });
  const allowed: Array<{ operationId: string; status: number; times: number }> = [];
  let failuresExpected = 0;
  return {
    fake,
    vf,
    gh,
    baseUrl,
    expectWarning(operationId, status, times = 1) {
      allowed.push({ operationId, status, times });
    },
    expectFailures(n) {
      failuresExpected = n;
    },
    check() {
      fake.done();
      expect(vf.failures.map((f) => f.message)).toHaveLength(failuresExpected);
      if (failuresExpected === 0) vf.assertNoFailures();
      const unexpected = [];
      for (const w of vf.warnings) {
        const a = allowed.find((x) => x.operationId === w.operationId && x.status === w.status && w.kind === "undocumented-status" && x.times > 0);
        if (a) a.times--;
        else unexpected.push(w.message);
      }
      expect(unexpected).toEqual([]);
      expect(allowed.filter((a) => a.times > 0)).toEqual([]);
      expect(fake.unhandled).toEqual([]);
    },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}
