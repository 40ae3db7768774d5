import { verify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { ADDED_FIELDS, checkRunRerequested, issueCommentCreated, pullRequestClosed, signedDelivery, validateWebhookPayload, webhookExample, webhookExamples } from "../../support/github/webhooks.js";

const repo = { owner: "octo-org", name: "demo", id: 4242 };

describe("webhook fixtures (examples mutated, then checked against the current schema)", () => {
  it("issue_comment.created: a /generate comment with an installation", () => {
    const p = issueCommentCreated({ body: "/generate a blog with Express", user: { login: "alice" }, issueNumber: 7, commentId: 99, repo, installationId: 3 });
    expect(validateWebhookPayload("issue_comment.created", p)).toEqual([]);
    expect(p.action).toBe("created");
    expect(p.comment).toMatchObject({ id: 99, body: "/generate a blog with Express", user: { login: "alice", type: "User" } });
    expect(p.comment.html_url).toBe("https://github.com/octo-org/demo/issues/7#issuecomment-99");
    expect(p.comment.url).toBe("https://api.github.com/repos/octo-org/demo/issues/comments/99");
    expect(p.issue).toMatchObject({ number: 7, url: "https://api.github.com/repos/octo-org/demo/issues/7" });
    expect(p.issue.pull_request).toBeUndefined();
    expect(p.repository).toMatchObject({ id: 4242, name: "demo", full_name: "octo-org/demo", owner: { login: "octo-org" } });
    expect(p.sender.login).toBe("alice");
    expect(p.installation?.id).toBe(3);
    expect(JSON.stringify(p)).not.toContain("Codertocat/Hello-World");
  });

  it("issue_comment.created on a pull request, from a bot", () => {
    const p = issueCommentCreated({ body: "/generate more", user: { login: "renovate[bot]", type: "Bot" }, issueNumber: 3, isPullRequest: true, repo });
    expect(validateWebhookPayload("issue_comment.created", p)).toEqual([]);
    expect(p.issue.pull_request).toMatchObject({ url: "https://api.github.com/repos/octo-org/demo/pulls/3", html_url: "https://github.com/octo-org/demo/pull/3" });
    expect(p.sender).toMatchObject({ login: "renovate[bot]", type: "Bot" });
  });

  it("pull_request.closed, merged (no example is) and not merged", () => {
    const merged = pullRequestClosed({ merged: true, number: 12, mergeCommitSha: "a".repeat(40), headRef: "stackwright/issue-7", headSha: "b".repeat(40), baseRef: "main", repo, mergedBy: { login: "alice" } });
    expect(validateWebhookPayload("pull_request.closed", merged)).toEqual([]);
    expect(merged.pull_request).toMatchObject({ number: 12, state: "closed", merged: true, merge_commit_sha: "a".repeat(40), merged_by: { login: "alice" }, head: { ref: "stackwright/issue-7", sha: "b".repeat(40), label: "octo-org:stackwright/issue-7" }, base: { ref: "main", repo: { full_name: "octo-org/demo" } } });
    expect(merged.pull_request.merged_at).toEqual(merged.pull_request.closed_at);
    expect(merged.number).toBe(12);
    const closed = pullRequestClosed({ merged: false, repo });
    expect(validateWebhookPayload("pull_request.closed", closed)).toEqual([]);
    expect(closed.pull_request).toMatchObject({ merged: false, merged_at: null, merged_by: null });
  });

  it("check_run.rerequested: the example fails today's schema, the fixture passes it", () => {
    const raw = webhookExample("check_run", "rerequested");
    const rawProblems = validateWebhookPayload("check_run.rerequested", raw);
    expect(rawProblems).toEqual(expect.arrayContaining(["/check_run must have required property 'node_id'", "/check_run must have required property 'details_url'", "/repository must have required property 'disabled'"]));
    expect(ADDED_FIELDS["check_run.rerequested"]).toContain("check_run.node_id");

    const p = checkRunRerequested({ appId: 777, checkRunId: 55, name: "Stackwright / verify", headSha: "c".repeat(40), repo, installationId: 9 });
    expect(validateWebhookPayload("check_run.rerequested", p)).toEqual([]);
    expect(p.check_run).toMatchObject({ id: 55, name: "Stackwright / verify", head_sha: "c".repeat(40), app: { id: 777 }, check_suite: { app: { id: 777 }, head_sha: "c".repeat(40) } });
    expect(p.check_run.url).toContain("/check-runs/55");
    expect(p.installation?.id).toBe(9);
  });

  it("the examples are what the reference says: no merged PR, one issue comment with an installation", () => {
    expect(webhookExamples("pull_request", "closed").map((e) => e.pull_request.merged)).toEqual([false, false]);
    expect(webhookExamples("issue_comment", "created").filter((e) => e.installation)).toHaveLength(1);
  });

  it("a builder refuses a fixture that breaks the schema", () => {
    expect(() => issueCommentCreated({ body: 42 as unknown as string })).toThrow(/does not pass @octokit\/openapi-webhooks' current schema:\n {2}\/comment\/body must be string/);
    expect(validateWebhookPayload("pull_request.closed", { action: "closed" })[0]).toContain("must have required property");
    expect(validateWebhookPayload("no_such.event", {})).toEqual(['no webhook "no-such-event" in @octokit/openapi-webhooks']);
  });

  it("can point payload URLs at a GHES host", () => {
    const p = issueCommentCreated({ body: "/generate x", repo, baseUrl: "http://ghe.test/api/v3" });
    expect(p.repository.url).toBe("http://ghe.test/api/v3/repos/octo-org/demo");
    expect(p.repository.html_url).toBe("http://ghe.test/octo-org/demo");
    expect(JSON.stringify(p)).not.toContain("api.github.com");
  });

  it("signs a delivery as GitHub does", async () => {
    const p = issueCommentCreated({ body: "/generate x", repo });
    const d = await signedDelivery(p, "issue_comment", "s3cret", "delivery-1");
    expect(d.headers).toMatchObject({ "x-github-event": "issue_comment", "x-github-delivery": "delivery-1", "content-type": "application/json" });
    expect(d.headers["x-hub-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verify("s3cret", d.body, d.headers["x-hub-signature-256"]!)).toBe(true);
    expect(await verify("wrong", d.body, d.headers["x-hub-signature-256"]!)).toBe(false);
    expect(JSON.parse(d.body)).toEqual(p);
  });
});
