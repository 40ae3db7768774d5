import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPullRequest, findOpenPullRequest, getPullRequest, updatePullRequest } from "../../../src/github/operations/index.js";
import { createEnv, R, rejection, type Env } from "./setup.js";

const BRANCH = "stackwright/issue-1";
let env: Env;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  env = createEnv();
  env.fake.pushForeignCommit(BRANCH, { "src/app.ts": "app\n" });
});
afterEach(() => env.check());

const input = { head: BRANCH, base: "main", title: "Blog app (#1)", body: "Generated from #1" };

describe("pull requests", () => {
  it("createPullRequest twice → the same PR (created, then found: 1 + 2 requests)", async () => {
    const first = await createPullRequest(env.gh, R, input);
    expect(first).toMatchObject({ created: true, head: BRANCH, base: "main", title: "Blog app (#1)", state: "open", draft: false });
    env.vf.reset();
    const second = await createPullRequest(env.gh, R, { ...input, title: "other title" });
    expect(second).toMatchObject({ created: false, number: first.number, htmlUrl: first.htmlUrl, title: "Blog app (#1)" });
    expect(env.vf.operations()).toEqual(["pulls/create", "pulls/list"]);
    expect(env.vf.requests[1]!.query).toContain(`head=${encodeURIComponent(`octo-org:${BRANCH}`)}`);
    expect(env.fake.pulls()).toHaveLength(1);
  });

  it("opens a draft", async () => {
    const pr = await createPullRequest(env.gh, R, { ...input, draft: true });
    expect(pr.draft).toBe(true);
  });

  it("throws other 422s (no commits between base and head)", async () => {
    await env.gh.rest.git.createRef({ ...R, ref: "refs/heads/empty", sha: env.fake.branchSha("main")! });
    const err = await rejection(createPullRequest(env.gh, R, { ...input, head: "empty" }));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toMatch(/No commits between main and empty/);
  });

  it("findOpenPullRequest uses owner:branch, and ignores closed PRs and other branches", async () => {
    expect(await findOpenPullRequest(env.gh, R, BRANCH)).toBeNull();
    env.fake.pushForeignCommit("other", { "o.txt": "o\n" });
    await createPullRequest(env.gh, R, { ...input, head: "other", title: "Other" });
    expect(await findOpenPullRequest(env.gh, R, BRANCH)).toBeNull();
    const pr = await createPullRequest(env.gh, R, input);
    expect((await findOpenPullRequest(env.gh, R, BRANCH))?.number).toBe(pr.number);
    expect((await findOpenPullRequest(env.gh, R, BRANCH))?.headSha).toBe(env.fake.branchSha(BRANCH));
    env.fake.closePull(pr.number);
    expect(await findOpenPullRequest(env.gh, R, BRANCH)).toBeNull();
  });

  it("updatePullRequest and getPullRequest, one request each", async () => {
    const pr = await createPullRequest(env.gh, R, input);
    env.vf.reset();
    const updated = await updatePullRequest(env.gh, R, pr.number, { title: "Blog app v2 (#1)", body: "Regenerated" });
    expect(updated).toMatchObject({ number: pr.number, title: "Blog app v2 (#1)", body: "Regenerated" });
    expect(await getPullRequest(env.gh, R, pr.number)).toMatchObject({ title: "Blog app v2 (#1)", merged: false });
    expect(await getPullRequest(env.gh, R, 999)).toBeNull();
    expect(env.vf.operations()).toEqual(["pulls/update", "pulls/get", "pulls/get"]);
  });
});
