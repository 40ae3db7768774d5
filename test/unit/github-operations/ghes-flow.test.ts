/**
 * The whole /generate sequence of operations through a real Probot installation Octokit
 * (`probot.auth(installationId)`, as the worker gets it) against GitHub Enterprise Server: every
 * request, the token exchange included, must go to the GHES base URL.
 */
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getBranchHead, readFileOnDefaultBranch } from "../../../src/github/data/index.js";
import {
  addReaction,
  BranchMovedError,
  commitFiles,
  createCheckRun,
  createPullRequest,
  findOpenPullRequest,
  installRetries,
  upsertComment,
  type GitHubClient,
} from "../../../src/github/operations/index.js";
import { canTrigger, permissionOf } from "../../../src/github/validation/index.js";
import { createFakeGitHub, secondaryRateLimit, type FakeGitHub } from "../../support/github/fake-github.js";
import { createTestProbot } from "../../support/github/probot.js";
import { createValidatingFetch, type ValidatingFetch } from "../../support/github/validating-fetch.js";

const BASE = "http://ghe.test/api/v3";
const R = { owner: "octo-org", repo: "demo" };
const MARKER = "<!-- stackwright:progress -->";
const BRANCH = "stackwright/issue-1";

let fake: FakeGitHub;
let vf: ValidatingFetch;
beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  fake.done();
  vf.assertClean();
  expect(fake.unhandled).toEqual([]);
});

async function installationOctokit(): Promise<GitHubClient> {
  fake = createFakeGitHub({ baseUrl: BASE, appId: 4242 });
  fake.seedRepo({ ...R, files: { "README.md": "# demo\n", ".github/stackwright.yml": "stack: express\n" }, issues: [{ title: "A blog", user: "alice" }] });
  fake.setPermission("alice", "write");
  vf = createValidatingFetch({ baseUrl: BASE });
  const probot = createTestProbot({ appId: 4242, baseUrl: BASE, fetch: vf.fetch });
  return probot.auth(1);
}

describe("operations on GHES through probot.auth(installationId)", () => {
  it("runs a generation and a follow-up, and notices a foreign push", async () => {
    const gh = await installationOctokit();
    const slept: number[] = [];
    const stats = installRetries(gh, { sleep: async (ms) => void slept.push(ms) });
    const commentId = fake.addComment(1, "/generate a blog", "alice");

    expect(canTrigger(await permissionOf(gh, R, "alice"))).toBe(true);
    await addReaction(gh, R, commentId, "eyes");
    fake.failNext("issues/create-comment", [secondaryRateLimit(1)]); // Probot 14 would not retry this one
    const progress = await upsertComment(gh, R, 1, MARKER, "⏳ Reading configuration");
    expect(await readFileOnDefaultBranch(gh, R, ".github/stackwright.yml", "main")).toBe("stack: express\n");

    const main = (await getBranchHead(gh, R, "main"))!;
    const files = [
      ...Array.from({ length: 80 }, (_, i) => ({ path: `app/src/module-${i}.ts`, content: `export const m${i} = ${i};\n` })),
      { path: "app/public/favicon.ico", content: Buffer.from([0, 0, 1, 0, 1, 0]).toString("base64"), encoding: "base64" as const },
    ];
    const commit = await commitFiles(gh, R, { branch: BRANCH, files, baseTreeSha: main.treeSha, parentSha: main.sha, message: "Generate a blog (#1)", mode: "create-branch" });
    expect(commit).toMatchObject({ created: true, blobs: 1, requests: 4 });

    const check = await createCheckRun(gh, R, {
      name: "Stackwright / verify",
      headSha: commit.commitSha,
      conclusion: "success",
      output: { title: "Verify passed", summary: "81 files, 51 notices" },
      annotations: Array.from({ length: 51 }, (_, i) => ({ path: `app/src/module-${i}.ts`, start_line: 1, end_line: 1, annotation_level: "notice" as const, message: "generated" })),
    });
    expect(check.requests).toBe(2);
    expect(check.htmlUrl).toBe(`http://ghe.test/octo-org/demo/runs/${check.id}`);
    const pr = await createPullRequest(gh, R, { head: BRANCH, base: "main", title: "A blog (#1)", body: "Generated from #1" });
    await upsertComment(gh, R, 1, MARKER, `✅ Opened #${pr.number}`, progress.id);

    // follow-up on the same branch
    const head = (await getBranchHead(gh, R, BRANCH))!;
    const followUp = await commitFiles(gh, R, { branch: BRANCH, files: [{ path: "app/src/module-0.ts", content: "export const m0 = 'dark mode';\n" }], baseTreeSha: head.treeSha, parentSha: head.sha, message: "Dark mode (#1)", mode: "update-branch" });
    expect(followUp.requests).toBe(3);
    expect((await createPullRequest(gh, R, { head: BRANCH, base: "main", title: "A blog (#1)", body: "…" })).number).toBe(pr.number);

    // someone pushes; the next follow-up must stop
    const stale = (await getBranchHead(gh, R, BRANCH))!;
    const theirs = fake.pushForeignCommit(BRANCH, { "app/src/module-1.ts": "hand edit\n" }, { login: "alice" });
    await expect(commitFiles(gh, R, { branch: BRANCH, files: [{ path: "x.ts", content: "x\n" }], baseTreeSha: stale.treeSha, parentSha: stale.sha, message: "again", mode: "update-branch" })).rejects.toBeInstanceOf(BranchMovedError);
    expect(fake.branchSha(BRANCH)).toBe(theirs);

    expect(vf.requests.every((r) => r.url.startsWith(`${BASE}/`))).toBe(true);
    expect(vf.operations()).toEqual([
      "apps/create-installation-access-token",
      "repos/get-collaborator-permission-level",
      "reactions/create-for-issue-comment",
      "issues/list-comments",
      "issues/create-comment",
      "issues/create-comment",
      "repos/get-content",
      "repos/get-branch",
      "git/create-blob",
      "git/create-tree",
      "git/create-commit",
      "git/create-ref",
      "checks/create",
      "checks/update",
      "pulls/create",
      "issues/update-comment",
      "repos/get-branch",
      "git/create-tree",
      "git/create-commit",
      "git/update-ref",
      "pulls/create",
      "pulls/list",
      "repos/get-branch",
      "git/create-tree",
      "git/create-commit",
      "git/update-ref",
      "git/get-ref",
      "git/get-commit",
    ]);
    expect(stats.retries).toBe(1);
    expect(slept).toEqual([1000]);
    expect(fake.comments(1).map((c) => [c.user.login, c.body])).toEqual([
      ["alice", "/generate a blog"],
      ["stackwright[bot]", `✅ Opened #${pr.number}\n\n${MARKER}`],
    ]);
    expect(await findOpenPullRequest(gh, R, BRANCH)).toMatchObject({ number: pr.number, headSha: theirs });
  });
});
