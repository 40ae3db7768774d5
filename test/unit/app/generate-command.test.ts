import { afterEach, describe, expect, it } from "vitest";
import { parsePullRequestState } from "../../../src/github/render/pr-state.js";
import { secondaryRateLimit, serverError } from "../../support/github/index.js";
import { replyScope } from "../../../src/github/jobs.js";
import { gatedGenerator, SCOPE, startApp, waitForScope, type AppUnderTest } from "../../support/app-under-test.js";

/**
 * The real Probot app, end to end against the stand-in GitHub (nock 14): every
 * request it sends is checked against GitHub's OpenAPI description, and every
 * fixture payload against GitHub's webhook schema.
 */

let t: AppUnderTest;
afterEach(async () => {
  t.h.assertNoFailures();
  expect(t.h.github.warnings).toEqual([]);
  expect(t.h.fake.unhandled).toEqual([]);
  await t.stop();
});

const botComments = (issue: number) => t.h.fake.comments(issue).filter((c) => c.viaApp);

describe("/generate on an issue", () => {
  it("reacts, commits the app in one commit, opens a PR, reports a verify check run, and ends the progress comment with links", async () => {
    t = await startApp();
    const commentId = await t.say(1, "/generate Create a blog app with Express backend and React frontend");
    const job = await t.settle(1);
    expect(job?.state).toBe("succeeded");

    expect(t.h.fake.reactions(commentId).map((r) => r.content)).toEqual(["eyes"]);

    const tree = t.h.fake.readTree("stackwright/issue-1");
    expect(tree["README.md"]).toContain("# Blog");
    expect(tree["backend/package.json"]).toContain('"express"');
    expect(tree["frontend/package.json"]).toContain('"react"');
    expect(JSON.parse(tree["stackwright.json"]!).spec.entities.map((e: { name: string }) => e.name)).toEqual(["User", "Post", "Comment"]);
    const history = t.h.fake.history("stackwright/issue-1");
    expect(history[0]!.message).toMatch(/^Generate Blog for #1\n[\s\S]*Stackwright-Job: /);
    expect(history[1]!.sha).toBe(t.h.fake.branchSha("main"));
    expect(t.h.github.count("git/create-commit")).toBe(1);
    expect(t.h.github.count("git/create-blob")).toBe(0);

    const [pr] = t.h.fake.pulls();
    expect(pr).toMatchObject({ head: "stackwright/issue-1", base: "main", state: "open" });
    expect(pr!.body).toContain("Closes #1");
    expect(parsePullRequestState(pr!.body)).toMatchObject({ issue: 1, prompts: ["Create a blog app with Express backend and React frontend"], head: history[0]!.sha });

    const [check] = t.h.fake.checkRuns();
    expect(check).toMatchObject({ name: "Stackwright / verify", headSha: history[0]!.sha, status: "completed", conclusion: "success" });

    const [progress] = botComments(1);
    expect(t.h.fake.comments(1)).toHaveLength(2); // the command and one progress comment
    expect(progress!.body).toContain(`/pull/${pr!.number}`);
    expect(progress!.body).toContain("stackwright/issue-1");
    expect(progress!.body).toMatch(/<!-- stackwright:progress job=/);

    // A first run needs no more than these requests, whatever the app's size.
    expect(t.h.github.requests.length).toBeLessThanOrEqual(12);
  });

  it("edits the one progress comment in place as phases finish, with elapsed time", async () => {
    t = await startApp({ progressIntervalMs: 0 });
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const progress = botComments(1);
    expect(progress).toHaveLength(1);
    expect(progress[0]!.edits).toBeGreaterThanOrEqual(5); // spec, generate, verify, commit, PR, then the final state
    expect(t.h.github.count("issues/create-comment")).toBe(1);
    const body = progress[0]!.body;
    for (const phase of ["Plan the app", "Generate the code", "Verify", "Commit", "Open the pull request"]) expect(body).toContain(phase);
    expect(body).toMatch(/\d+(\.\d+)?\s?(ms|s)\b/);
  });

  it("runs once when the same delivery arrives twice", async () => {
    t = await startApp();
    const { payload } = t.h.comment(1, "/generate a todo app", "alice");
    await t.h.receive("issue_comment", payload, "delivery-1");
    await t.h.receive("issue_comment", payload, "delivery-1");
    await t.settle(1);
    expect(t.h.fake.pulls()).toHaveLength(1);
    expect(t.h.github.count("git/create-commit")).toBe(1);
  });

  it("answers a second /generate while one runs with a link to the running one", async () => {
    const gate = gatedGenerator();
    t = await startApp({ generator: gate.generator });
    await t.say(1, "/generate a blog");
    await gate.started;
    const second = await t.say(1, "/generate a shop");
    await waitForScope(t.queue, replyScope(SCOPE(1), second));
    const replies = () => botComments(1).map((c) => c.body);
    const progressId = t.h.fake.comments(1).find((c) => c.body.includes("stackwright:progress"))!.id;
    expect(replies().find((b) => b.includes("already in progress"))).toContain(`issuecomment-${progressId}`);
    gate.release();
    await t.settle(1);
    expect(t.h.fake.pulls()).toHaveLength(1);
  });

  it("stops a run cleanly on /generate cancel, committing nothing", async () => {
    const gate = gatedGenerator();
    t = await startApp({ generator: gate.generator });
    await t.say(1, "/generate a blog");
    await gate.started;
    const cancel = await t.say(1, "/generate cancel");
    const job = await t.settle(1, cancel);
    expect(job?.state).toBe("cancelled");
    expect(Object.keys(t.h.fake.refs()).some((r) => r.includes("stackwright/issue-1"))).toBe(false);
    expect(t.h.fake.pulls()).toHaveLength(0);
    const bodies = botComments(1).map((c) => c.body);
    expect(bodies.some((b) => /cancelling the run/i.test(b))).toBe(true);
    expect(bodies.some((b) => b.includes("stackwright:progress") && /cancel/i.test(b))).toBe(true);
  });

  it("tells a read-only user why, once, and does nothing else", async () => {
    t = await startApp();
    const commentId = await t.say(1, "/generate a blog", "rita");
    await t.settle(1);
    const replies = botComments(1);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatch(/write or admin access[\s\S]*you have read access/);
    expect(t.h.fake.reactions(commentId)).toEqual([]);
    expect(t.h.fake.pulls()).toEqual([]);
  });

  it("ignores bots, the app itself included, without a single request", async () => {
    t = await startApp();
    const { payload } = t.h.comment(1, "/generate a blog", { login: "stackwright[bot]", type: "Bot" });
    await t.h.receive("issue_comment", payload);
    const other = t.h.comment(1, "/generate a blog", { login: "dependabot[bot]", type: "Bot" });
    await t.h.receive("issue_comment", other.payload);
    expect(await t.queue.latest("octo-org/demo#1")).toBeNull();
    expect(t.h.github.requests).toEqual([]);
  });

  it("does nothing for a comment without a command", async () => {
    t = await startApp();
    await t.say(1, "Looks good! Maybe we could /generate later?\n> /generate quoted text\n```\n/generate in code\n```");
    expect(await t.queue.latest("octo-org/demo#1")).toBeNull();
    expect(t.h.github.requests).toEqual([]);
  });

  it("answers an invalid .github/stackwright.yml with the key and the fix, and commits nothing", async () => {
    t = await startApp({ files: { ".github/stackwright.yml": "stack:\n  backend: rails\nlimts:\n  maxFiles: 10\n" } });
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const progress = botComments(1).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toContain("stack.backend");
    expect(progress.body).toMatch(/limts[\s\S]*limits/);
    expect(t.h.github.count("git/create-commit")).toBe(0);
  });

  it("uses the config's stack defaults (read from the default branch)", async () => {
    t = await startApp({ files: { ".github/stackwright.yml": "stack:\n  frontend: none\n" } });
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const tree = t.h.fake.readTree("stackwright/issue-1");
    expect(tree["backend/package.json"]).toBeDefined();
    expect(Object.keys(tree).some((p) => p.startsWith("frontend/"))).toBe(false);
  });
});

describe("follow-ups", () => {
  it("regenerates on the same branch from a /generate on the PR and updates the same PR", async () => {
    t = await startApp();
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const [pr] = t.h.fake.pulls();
    const firstHead = t.h.fake.branchSha("stackwright/issue-1");

    await t.say(pr!.number, "/generate add tags to posts");
    const job = await t.settle(1);
    expect(job?.state).toBe("succeeded");
    expect(t.h.fake.pulls()).toHaveLength(1);
    const history = t.h.fake.history("stackwright/issue-1");
    expect(history[1]!.sha).toBe(firstHead);
    const spec = JSON.parse(t.h.fake.readTree("stackwright/issue-1")["stackwright.json"]!).spec;
    expect(spec.entities.map((e: { name: string }) => e.name)).toContain("Tag");
    const state = parsePullRequestState(t.h.fake.pulls()[0]!.body);
    expect(state).toMatchObject({ issue: 1, prompts: ["a blog", "add tags to posts"], head: history[0]!.sha });
  });

  it("regenerates from a /generate on the issue while its PR is open", async () => {
    t = await startApp();
    await t.say(1, "/generate a blog");
    await t.settle(1);
    await t.say(1, "/generate add tags to posts");
    await t.settle(1);
    expect(t.h.fake.pulls()).toHaveLength(1);
    expect(t.h.fake.history("stackwright/issue-1")).toHaveLength(3); // main's commit, then two of ours
    expect(parsePullRequestState(t.h.fake.pulls()[0]!.body)?.prompts).toEqual(["a blog", "add tags to posts"]);
  });

  it("stops instead of overwriting when someone else pushed to the branch", async () => {
    t = await startApp();
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const [pr] = t.h.fake.pulls();
    const foreign = t.h.fake.pushForeignCommit("stackwright/issue-1", { "backend/src/custom.js": "export const mine = 1;\n" }, { login: "rita", name: "Rita" });
    await t.say(pr!.number, "/generate add tags to posts");
    await t.settle(1);
    expect(t.h.fake.branchSha("stackwright/issue-1")).toBe(foreign);
    const progress = botComments(pr!.number).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toMatch(/Someone else pushed to `stackwright\/issue-1`/);
    expect(t.h.github.count("git/create-commit")).toBe(1);
  });
});

describe("GitHub failures", () => {
  it("retries a 5xx and a secondary rate limit on one call, then succeeds", async () => {
    t = await startApp();
    t.h.fake.failNext("git/create-tree", [serverError(502), secondaryRateLimit(7)]);
    await t.say(1, "/generate a blog");
    expect((await t.settle(1))?.state).toBe("succeeded");
    expect(t.h.github.count("git/create-tree")).toBe(3);
    expect(t.retrySleeps).toContain(7_000);
    expect(t.h.fake.pulls()).toHaveLength(1);
    t.h.github.warnings.length = 0; // 502 and 403 are not in create-tree's documented answers
  });

  it("ends with a clear failure comment when the errors persist", async () => {
    t = await startApp();
    t.h.fake.failNext("git/create-tree", [serverError(503), serverError(503), serverError(503), serverError(503)]);
    await t.say(1, "/generate a blog");
    expect((await t.settle(1))?.state).toBe("failed");
    const progress = botComments(1).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toMatch(/GitHub answered 503/);
    expect(progress.body).toMatch(/\/generate/);
    expect(t.h.fake.pulls()).toHaveLength(0);
    t.h.github.warnings.length = 0;
  });
});

describe("other commands", () => {
  it("/help lists the commands", async () => {
    t = await startApp();
    const id = await t.say(1, "/help");
    await t.settle(1, id);
    expect(botComments(1)[0]!.body).toMatch(/\/generate[\s\S]*status[\s\S]*cancel/);
  });

  it("/generate status reports the last run", async () => {
    t = await startApp();
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const id = await t.say(1, "/generate status");
    await t.settle(1, id);
    expect(botComments(1).at(-1)!.body).toMatch(/nothing is running\. The last run finished/);
  });
});

describe("GitHub Enterprise Server", () => {
  it("talks only to the configured GHE base URL", async () => {
    t = await startApp({ baseUrl: "http://ghe.test/api/v3" });
    await t.say(1, "/generate a blog");
    expect((await t.settle(1))?.state).toBe("succeeded");
    expect(t.h.github.requests.every((r) => r.url.startsWith("http://ghe.test/api/v3/"))).toBe(true);
    expect(t.h.fake.pulls()).toHaveLength(1);
  });
});

