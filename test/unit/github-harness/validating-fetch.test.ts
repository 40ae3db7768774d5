import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestOctokit } from "../../support/github/probot.js";
import { createValidatingFetch, GitHubContractError } from "../../support/github/validating-fetch.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("validating fetch (plain nock behind it)", () => {
  it("throws a GitHubContractError before anything is sent, and records it", async () => {
    const scope = nock("https://api.github.com").post("/repos/o/r/check-runs").reply(201, {});
    const vf = createValidatingFetch();
    const body = JSON.stringify({ name: "Stackwright / verify", head_sha: "a".repeat(40), status: "bogus" });
    const err = await vf.fetch("https://api.github.com/repos/o/r/check-runs", { method: "POST", body, headers: { "content-type": "application/json" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GitHubContractError);
    expect((err as GitHubContractError).operationId).toBe("checks/create");
    expect((err as Error).message).toBe(
      'GitHub contract violation: checks/create POST /repos/o/r/check-runs: body/status must be equal to one of the allowed values ("queued", "in_progress", "completed"; got "bogus")',
    );
    expect(scope.isDone()).toBe(false); // never reached "GitHub"
    expect(vf.requests).toMatchObject([{ method: "POST", path: "/repos/o/r/check-runs", operationId: "checks/create", status: undefined, body: { status: "bogus" } }]);
    expect(vf.failures).toHaveLength(1);
  });

  it("keeps Octokit's error message readable (RequestError wraps the fetch error)", async () => {
    const vf = createValidatingFetch();
    const octokit = createTestOctokit({ token: "t", fetch: vf.fetch });
    const err = await octokit.rest.repos.createDeploymentStatus({ owner: "o", repo: "r", deployment_id: 1, state: "done" as "success" }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain("repos/create-deployment-status POST /repos/o/r/deployments/1/statuses: body/state must be equal to one of the allowed values");
    expect(vf.failures[0]!.kind).toBe("request");
  });

  it("logs requests with operation ids and statuses, and warns about responses that don't match the spec", async () => {
    nock("https://api.github.com")
      .post("/repos/o/r/issues/1/comments")
      .reply(200, { id: 1 })
      .get("/repos/o/r/issues/1/comments")
      .query({ per_page: "100" })
      .reply(200, []);
    const vf = createValidatingFetch();
    const octokit = createTestOctokit({ token: "t", fetch: vf.fetch });
    await octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 1, body: "hi" });
    await octokit.rest.issues.listComments({ owner: "o", repo: "r", issue_number: 1, per_page: 100 });
    expect(vf.requests.map((r) => [r.method, r.path, r.operationId, r.status, r.body])).toEqual([
      ["POST", "/repos/o/r/issues/1/comments", "issues/create-comment", 200, { body: "hi" }],
      ["GET", "/repos/o/r/issues/1/comments", "issues/list-comments", 200, undefined],
    ]);
    expect(vf.count("issues/create-comment")).toBe(1);
    expect(vf.failures).toEqual([]);
    expect(vf.warnings.map((w) => w.kind)).toEqual(["undocumented-status"]); // 200 instead of 201
    expect(() => vf.assertNoFailures()).not.toThrow();
    expect(() => vf.assertClean()).toThrow(/status 200 is not documented/);
    vf.reset();
    expect([vf.requests.length, vf.warnings.length]).toEqual([0, 0]);
  });

  it("warns about a response body that breaks the schema", async () => {
    nock("https://api.github.com").get("/repos/o/r/git/ref/heads%2Fmain").reply(200, { ref: "refs/heads/main" });
    const vf = createValidatingFetch();
    await createTestOctokit({ token: "t", fetch: vf.fetch }).rest.git.getRef({ owner: "o", repo: "r", ref: "heads/main" });
    expect(vf.warnings).toHaveLength(1);
    expect(vf.warnings[0]).toMatchObject({ kind: "response-schema", operationId: "git/get-ref", status: 200 });
    expect(vf.warnings[0]!.problems).toContain("git/get-ref 200 response/ must have required property 'object'");
  });

  it("accepts Request objects and strips a GHES /api/v3 base", async () => {
    nock("http://ghe.test").get("/api/v3/repos/o/r").reply(404, { message: "Not Found" });
    const vf = createValidatingFetch({ baseUrl: "http://ghe.test/api/v3" });
    const res = await vf.fetch(new Request("http://ghe.test/api/v3/repos/o/r"));
    expect(res.status).toBe(404);
    expect(vf.requests[0]).toMatchObject({ path: "/repos/o/r", operationId: "repos/get", status: 404 });
    expect(vf.failures).toEqual([]);
  });
});
