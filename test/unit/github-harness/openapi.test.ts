import { describe, expect, it } from "vitest";
import { componentExample, findOperation, matchRoute, specStats, validateComponent, validateRequest, validateResponse } from "../../support/github/openapi.js";

const route = (method: string, path: string) => {
  const m = matchRoute(method, path);
  if (!m) throw new Error(`no route for ${method} ${path}`);
  return m;
};

describe("GitHub OpenAPI description", () => {
  it("loads once and reports how long that took", () => {
    matchRoute("GET", "/");
    const first = specStats();
    matchRoute("GET", "/repos/o/r");
    const second = specStats();
    expect(first.routes).toBeGreaterThan(1000);
    expect(second.loadMs).toBe(first.loadMs); // not loaded again
    console.log(`[github-harness] spec load ${first.loadMs.toFixed(0)} ms (read ${first.readMs.toFixed(0)} ms, ${first.fromCache ? "prepared spec from disk cache" : "built from the 13 MB file"}), ${first.routes} operations`);
  });

  it.each([
    ["PATCH", "/repos/o/r/issues/comments/5", "issues/update-comment", { comment_id: "5" }],
    ["GET", "/repos/o/r/issues/5/comments", "issues/list-comments", { issue_number: "5" }],
    ["POST", "/repos/o/r/issues/comments/5/reactions", "reactions/create-for-issue-comment", { comment_id: "5" }],
    ["GET", "/repos/o/r/git/ref/heads%2Fstackwright%2Fissue-1", "git/get-ref", { ref: "heads/stackwright/issue-1" }],
    ["PATCH", "/repos/o/r/git/refs/heads%2Fa", "git/update-ref", { ref: "heads/a" }],
    ["GET", "/repos/o/r/contents/src%2Fa%20b%2Findex.ts", "repos/get-content", { path: "src/a b/index.ts" }],
    ["GET", "/repos/o/r/compare/main...stackwright%2Fissue-1", "repos/compare-commits", { base: "main", head: "stackwright/issue-1" }],
    ["GET", "/repos/o/r/commits/abc/check-runs", "checks/list-for-ref", { ref: "abc" }],
    ["GET", "/repos/o/r/collaborators/alice/permission", "repos/get-collaborator-permission-level", { username: "alice" }],
    ["POST", "/app/installations/7/access_tokens", "apps/create-installation-access-token", { installation_id: "7" }],
  ])("%s %s → %s", (method, path, operationId, params) => {
    const m = route(method, path);
    expect(m.operationId).toBe(operationId);
    expect(m.params).toMatchObject(params);
  });

  it("lets multi-segment parameters (ref, path) contain raw slashes, but only when nothing else matches", () => {
    expect(route("GET", "/repos/o/r/git/ref/heads/feature/x").params.ref).toBe("heads/feature/x");
    expect(route("GET", "/repos/o/r/contents/src/app/index.ts").params.path).toBe("src/app/index.ts");
    // a literal route still wins over a multi-segment {ref}
    expect(route("GET", "/repos/o/r/commits/abc/status").operationId).toBe("repos/get-combined-status-for-ref");
  });

  it("knows no undocumented endpoints", () => {
    expect(matchRoute("GET", "/repos/o/r/git/refs")).toBeUndefined(); // list refs isn't in the spec
    expect(matchRoute("GET", "/repositories/1/issues")).toBeUndefined();
    expect(matchRoute("DELETE", "/repos/o/r/check-runs/1")).toBeUndefined();
  });

  it("reports a bad enum in a body with the allowed values", () => {
    const problems = validateRequest(route("POST", "/repos/o/r/check-runs"), { body: { name: "Stackwright / verify", head_sha: "a".repeat(40), status: "bogus" } });
    expect(problems).toEqual(['body/status must be equal to one of the allowed values ("queued", "in_progress", "completed"; got "bogus")']);
  });

  it("checks what the schema can't say: check-run status/conclusion pairs, URL fields, annotation columns", () => {
    const checks = route("POST", "/repos/o/r/check-runs");
    const base = { name: "x", head_sha: "a".repeat(40) };
    expect(validateRequest(checks, { body: { ...base, status: "completed" } })).toEqual(['body/conclusion is required when status is "completed"']);
    expect(validateRequest(checks, { body: { ...base, status: "in_progress", conclusion: "success" } })[0]).toContain("cannot be sent with status");
    expect(validateRequest(checks, { body: { ...base, details_url: "/runs/1" } })[0]).toContain("details_url must be an absolute http(s) URL");
    const annotation = { path: "a.ts", start_line: 1, end_line: 2, start_column: 1, end_column: 3, annotation_level: "warning", message: "m" };
    expect(validateRequest(checks, { body: { ...base, output: { title: "t", summary: "s", annotations: [annotation] } } })[0]).toContain("start_column/end_column");
    const status = route("POST", "/repos/o/r/deployments/1/statuses");
    expect(validateRequest(status, { body: { state: "done" } })[0]).toContain('"error", "failure", "inactive", "in_progress", "queued", "pending", "success"; got "done"');
    expect(validateRequest(status, { body: { state: "success", environment_url: "app.example.com" } })[0]).toContain("environment_url must be an absolute http(s) URL");
    expect(validateRequest(status, { body: { state: "success", environment_url: "https://app.example.com" } })).toEqual([]);
  });

  it("checks query and path parameters", () => {
    const pulls = route("GET", "/repos/o/r/pulls");
    expect(validateRequest(pulls, { query: "state=merged" })[0]).toContain('"open", "closed", "all"; got "merged"');
    expect(validateRequest(pulls, { query: "branch=x" })[0]).toContain('query parameter "branch" is not documented for pulls/list');
    expect(validateRequest(pulls, { query: "head=stackwright/issue-1" })[0]).toContain('"owner:branch"');
    expect(validateRequest(pulls, { query: "head=o:stackwright/issue-1&state=all&per_page=100" })).toEqual([]);
    expect(validateRequest(route("GET", "/repos/o/r/issues/undefined/comments"), {})).toEqual(['path parameter {issue_number} is "undefined"']);
    expect(validateRequest(route("GET", "/repos/o/r/issues/abc/comments"), {})[0]).toContain("must be integer");
  });

  it("requires documented bodies and rejects bodies nobody documents", () => {
    expect(validateRequest(route("POST", "/repos/o/r/git/refs"), {})).toEqual(["git/create-ref requires a request body"]);
    expect(validateRequest(route("POST", "/repos/o/r/git/refs"), { body: { ref: "refs/heads/x" } })[0]).toContain("must have required property 'sha'");
    expect(validateRequest(route("GET", "/repos/o/r"), { body: { x: 1 } })).toEqual(["repos/get documents no request body, but one was sent"]);
    expect(validateRequest(route("POST", "/app/installations/1/access_tokens"), {})).toEqual([]); // optional body
  });

  it("turns response problems into warnings, including GitHub's own example drift", () => {
    const create = route("POST", "/repos/o/r/pulls");
    expect(validateResponse(create, 201, componentExample("pull-request"), "application/json")).toEqual(["pulls/create 201 response/requested_teams/0 must have required property 'type'"]);
    expect(validateResponse(route("POST", "/repos/o/r/check-runs"), 422, { message: "x" }, "application/json")[0]).toBe("checks/create: status 422 is not documented (documented: 201)");
    // the nullable fix: an in-progress check run has conclusion null although the enum lists no null
    expect(validateResponse(route("POST", "/repos/o/r/check-runs"), 201, componentExample("check-run-example-of-in-progress-conclusion"), "application/json")).toEqual([]);
    expect(validateResponse(route("GET", "/repos/o/r/contents/a"), 200, "raw text", "application/vnd.github.raw")).toEqual([]);
  });

  it("validates component schemas and finds operations by id", () => {
    expect(validateComponent("issue-comment", componentExample("issue-comment"))).toEqual([]);
    expect(validateComponent("issue-comment", { id: "x" })).toContain("/id must be integer (got \"x\")");
    expect(findOperation("git/create-tree")?.template).toBe("/repos/{owner}/{repo}/git/trees");
    expect(findOperation("checks/create")?.operation["x-github"]?.enabledForGitHubApps).toBe(true);
  });
});
