import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeGitHub, secondaryRateLimit, serverError, type FakeGitHub } from "../../support/github/fake-github.js";
import { createTestOctokit } from "../../support/github/probot.js";
import { createValidatingFetch, type ValidatingFetch } from "../../support/github/validating-fetch.js";

const owner = "octo-org";
const repo = "demo";
const R = { owner, repo };

type Octo = ReturnType<typeof createTestOctokit>;

/** The error an Octokit call rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<{ status: number; message: string; response?: { data: { message: string; errors?: unknown[] }; headers: Record<string, string> } }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error("expected the request to fail");
}

let fake: FakeGitHub;
let vf: ValidatingFetch;
let gh: Octo;
/** Tests that provoke failures/warnings on purpose clear this. */
let expectClean: boolean;

beforeAll(() => nock.disableNetConnect());

beforeEach(() => {
  fake = createFakeGitHub({ appId: 7 });
  fake.seedRepo({ owner, repo, files: { "README.md": "# demo\n", "src/keep.ts": "export const keep = 1;\n", "src/old.ts": "old\n" }, issues: [{ title: "Make a blog", user: "alice" }] });
  vf = createValidatingFetch();
  gh = createTestOctokit({ token: fake.createInstallationToken(1), fetch: vf.fetch });
  expectClean = true;
});

afterEach(() => {
  fake.done();
  if (expectClean) vf.assertClean(); // every request documented and valid, every response shaped as GitHub documents
  expect(fake.unhandled).toEqual([]);
});

/** blobs (only for binary) → one tree on base_tree → one commit → create/move the ref. */
async function commitFiles(branch: string, files: Record<string, string | Buffer | null>, message = "Generate app"): Promise<string> {
  const baseRef = await gh.rest.git.getRef({ ...R, ref: `heads/${branch}` }).catch(() => gh.rest.git.getRef({ ...R, ref: "heads/main" }));
  const parent = baseRef.data.object.sha;
  const parentCommit = await gh.rest.git.getCommit({ ...R, commit_sha: parent });
  const tree: Array<{ path: string; mode: "100644"; type: "blob"; sha?: string | null; content?: string }> = [];
  for (const [path, content] of Object.entries(files)) {
    if (content === null) tree.push({ path, mode: "100644", type: "blob", sha: null });
    else if (Buffer.isBuffer(content)) {
      const blob = await gh.rest.git.createBlob({ ...R, content: content.toString("base64"), encoding: "base64" });
      tree.push({ path, mode: "100644", type: "blob", sha: blob.data.sha });
    } else tree.push({ path, mode: "100644", type: "blob", content });
  }
  const newTree = await gh.rest.git.createTree({ ...R, base_tree: parentCommit.data.tree.sha, tree });
  const commit = await gh.rest.git.createCommit({ ...R, message, tree: newTree.data.sha, parents: [parent] });
  if (baseRef.data.ref === `refs/heads/${branch}`) await gh.rest.git.updateRef({ ...R, ref: `heads/${branch}`, sha: commit.data.sha });
  else await gh.rest.git.createRef({ ...R, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  return commit.data.sha;
}

describe("fake GitHub: Git Data API", () => {
  it("commits many files in ONE commit on base_tree and readTree shows the merged result", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const sha = await commitFiles("stackwright/issue-1", { "src/index.ts": "export {};\n", "public/logo.png": png, "src/old.ts": null });

    expect(fake.readTree("stackwright/issue-1")).toEqual({ "README.md": "# demo\n", "public/logo.png": png.toString("utf8"), "src/index.ts": "export {};\n", "src/keep.ts": "export const keep = 1;\n" });
    expect(fake.branchSha("stackwright/issue-1")).toBe(sha);
    expect(fake.commit(sha)?.parents).toEqual([fake.branchSha("main")]);
    expect(fake.history("stackwright/issue-1")).toHaveLength(2);
    // one blob (binary only), one tree, one commit, one ref
    expect([vf.count("git/create-blob"), vf.count("git/create-tree"), vf.count("git/create-commit"), vf.count("git/create-ref")]).toEqual([1, 1, 1, 1]);
    // the main branch didn't move
    expect(fake.readTree("main")["src/old.ts"]).toBe("old\n");

    // recursive tree listing and blob read-back agree
    const tree = await gh.rest.git.getTree({ ...R, tree_sha: sha, recursive: "1" });
    expect(tree.data.tree.map((e) => `${e.type} ${e.path}`)).toEqual(["blob README.md", "tree public", "blob public/logo.png", "tree src", "blob src/index.ts", "blob src/keep.ts"]);
    const logo = tree.data.tree.find((e) => e.path === "public/logo.png")!;
    const blob = await gh.rest.git.getBlob({ ...R, file_sha: logo.sha! });
    expect(Buffer.from(blob.data.content, "base64")).toEqual(png);
  });

  it("hashes objects like git (same content, same sha)", async () => {
    const blob = await gh.rest.git.createBlob({ ...R, content: "hello\n", encoding: "utf-8" });
    expect(blob.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a"); // `echo hello | git hash-object --stdin`
    const again = await gh.rest.git.createBlob({ ...R, content: Buffer.from("hello\n").toString("base64"), encoding: "base64" });
    expect(again.data.sha).toBe(blob.data.sha);
  });

  it("answers create-ref on an existing ref with 422 Reference already exists", async () => {
    const sha = fake.branchSha("main")!;
    await gh.rest.git.createRef({ ...R, ref: "refs/heads/stackwright/issue-1", sha });
    const err = await rejection(gh.rest.git.createRef({ ...R, ref: "refs/heads/stackwright/issue-1", sha }));
    expect(err.status).toBe(422);
    expect(err.response?.data.message).toBe("Reference already exists");
    expect((await rejection(gh.rest.git.createRef({ ...R, ref: "heads/x", sha }))).status).toBe(422); // not fully qualified
    expect((await rejection(gh.rest.git.createRef({ ...R, ref: "refs/heads/y", sha: "0".repeat(40) }))).response?.data.message).toBe("Object does not exist");
  });

  it("refuses a non-fast-forward update-ref unless forced", async () => {
    const first = await commitFiles("feature", { "a.txt": "1\n" });
    fake.pushForeignCommit("main", { "b.txt": "2\n" });
    // a commit on top of main is not a descendant of `feature`
    const mainSha = fake.branchSha("main")!;
    const err = await rejection(gh.rest.git.updateRef({ ...R, ref: "heads/feature", sha: mainSha }));
    expect(err.status).toBe(422);
    expect(err.response?.data.message).toBe("Update is not a fast forward");
    expect(fake.branchSha("feature")).toBe(first);
    await gh.rest.git.updateRef({ ...R, ref: "heads/feature", sha: mainSha, force: true });
    expect(fake.branchSha("feature")).toBe(mainSha);
    expect((await rejection(gh.rest.git.updateRef({ ...R, ref: "heads/nope", sha: mainSha }))).response?.data.message).toBe("Reference does not exist");
    expect((await rejection(gh.rest.git.getRef({ ...R, ref: "heads/nope" }))).status).toBe(404);
  });

  it("rejects tree entries GitHub rejects", async () => {
    const base = fake.commit(fake.branchSha("main")!)!.tree;
    const bad = await rejection(gh.rest.git.createTree({ ...R, base_tree: base, tree: [{ path: "../evil", mode: "100644", type: "blob", content: "x" }] }));
    expect(bad.response?.data.message).toBe("tree.path contains a malformed path component");
    const missing = await rejection(gh.rest.git.createTree({ ...R, tree: [{ path: "a", mode: "100644", type: "blob", sha: "1".repeat(40) }] }));
    expect(missing.response?.data.message).toContain("is not a valid blob");
    // without base_tree, everything not listed is gone
    const only = await gh.rest.git.createTree({ ...R, tree: [{ path: "only.txt", mode: "100644", type: "blob", content: "1" }] });
    expect(fake.readTree(only.data.sha)).toEqual({ "only.txt": "1" });
  });

  it("makes a human push detectable through compare and list-commits", async () => {
    const ours = await commitFiles("stackwright/issue-1", { "src/index.ts": "v1\n" });
    const theirs = fake.pushForeignCommit("stackwright/issue-1", { "src/index.ts": "edited by hand\n" }, { login: "bob", name: "Bob" });

    const cmp = await gh.rest.repos.compareCommits({ ...R, base: ours, head: "stackwright/issue-1" });
    expect(cmp.data.status).toBe("ahead");
    expect(cmp.data.ahead_by).toBe(1);
    expect(cmp.data.commits.map((c) => [c.sha, c.author?.login, c.commit.author?.name])).toEqual([[theirs, "bob", "Bob"]]);
    expect(cmp.data.files?.map((f) => [f.filename, f.status])).toEqual([["src/index.ts", "modified"]]);

    const list = await gh.rest.repos.listCommits({ ...R, sha: "stackwright/issue-1", per_page: 2 });
    expect(list.data.map((c) => c.sha)).toEqual([theirs, ours]);
    expect(list.headers.link).toContain('rel="next"');
    expect(list.data[1]!.author?.login).toBe("stackwright[bot]"); // our commit, by the app

    const same = await gh.rest.repos.compareCommitsWithBasehead({ ...R, basehead: `${theirs}...stackwright/issue-1` });
    expect(same.data.status).toBe("identical");
  });
});

describe("fake GitHub: failures on demand", () => {
  it("failNext gives a 503 then the real answer", async () => {
    expectClean = false;
    fake.failNext("git/create-commit", [serverError(503)]);
    const parent = fake.branchSha("main")!;
    const tree = fake.commit(parent)!.tree;
    const err = await rejection(gh.rest.git.createCommit({ ...R, message: "m", tree, parents: [parent] }));
    expect(err.status).toBe(503);
    const ok = await gh.rest.git.createCommit({ ...R, message: "m", tree, parents: [parent] });
    expect(ok.status).toBe(201);
    expect(vf.requests.filter((r) => r.operationId === "git/create-commit").map((r) => r.status)).toEqual([503, 201]);
    expect(vf.failures).toEqual([]);
    expect(vf.warnings.map((w) => w.kind)).toEqual(["undocumented-status"]); // GitHub documents no 503 there
  });

  it("failNext can send a secondary rate limit with retry-after, matched by method + path", async () => {
    expectClean = false;
    fake.failNext({ method: "POST", pathPattern: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, [secondaryRateLimit(7)]);
    const err = await rejection(gh.rest.issues.createComment({ ...R, issue_number: 1, body: "hi" }));
    expect(err.status).toBe(403);
    expect(err.response?.headers["retry-after"]).toBe("7");
    expect(err.response?.data.message).toMatch(/^You have exceeded a secondary rate limit/);
    await gh.rest.issues.createComment({ ...R, issue_number: 1, body: "hi" });
    expect(fake.comments(1).map((c) => c.body)).toEqual(["hi"]);
  });

  it("failNext with apply:true changes state and still fails (a lost response): the retry sees 422", async () => {
    expectClean = false;
    fake.failNext({ pathPattern: /\/git\/refs$/ }, [{ ...serverError(502), apply: true }]);
    const sha = fake.branchSha("main")!;
    expect((await rejection(gh.rest.git.createRef({ ...R, ref: "refs/heads/x", sha }))).status).toBe(502);
    expect(fake.branchSha("x")).toBe(sha);
    expect((await rejection(gh.rest.git.createRef({ ...R, ref: "refs/heads/x", sha }))).response?.data.message).toBe("Reference already exists");
  });
});

describe("fake GitHub: issues, comments, reactions, permissions", () => {
  it("keeps comments, edits them, paginates the list and refuses over-long bodies", async () => {
    const { data: mine } = await gh.rest.issues.createComment({ ...R, issue_number: 1, body: "<!-- stackwright:progress -->\nplanning" });
    expect(mine.user?.login).toBe("stackwright[bot]");
    expect(mine.performed_via_github_app?.slug).toBe("stackwright");
    await gh.rest.issues.updateComment({ ...R, comment_id: mine.id, body: "<!-- stackwright:progress -->\ndone" });
    for (let i = 0; i < 34; i++) fake.addComment(1, `chatter ${i}`, "alice");
    const all = await gh.paginate(gh.rest.issues.listComments, { ...R, issue_number: 1, per_page: 10 });
    expect(all).toHaveLength(35);
    expect(all.filter((c) => c.body?.startsWith("<!-- stackwright:progress -->"))).toMatchObject([{ id: mine.id, body: "<!-- stackwright:progress -->\ndone" }]);
    expect(vf.count("issues/list-comments")).toBe(4);
    expect(fake.comments(1)[0]).toMatchObject({ id: mine.id, edits: 1, viaApp: true, user: { login: "stackwright[bot]", type: "Bot" } });

    const long = await rejection(gh.rest.issues.createComment({ ...R, issue_number: 1, body: "x".repeat(65537) }));
    expect(long.status).toBe(422);
    expect(long.response?.data.errors).toEqual([{ resource: "IssueComment", code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }]);
    expect((await rejection(gh.rest.issues.createComment({ ...R, issue_number: 99, body: "x" }))).status).toBe(404);
  });

  it("records reactions, once per user and content", async () => {
    const id = fake.addComment(1, "/generate blog", "alice");
    const first = await gh.rest.reactions.createForIssueComment({ ...R, comment_id: id, content: "eyes" });
    const again = await gh.rest.reactions.createForIssueComment({ ...R, comment_id: id, content: "eyes" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(fake.reactions(id)).toEqual([{ id: first.data.id, content: "eyes", user: "stackwright[bot]" }]);
    const comment = await gh.rest.issues.getComment({ ...R, comment_id: id });
    expect(comment.data.reactions?.eyes).toBe(1);
    expect(comment.data.author_association).toBe("NONE");
  });

  it("answers permission levels as GitHub does", async () => {
    fake.setPermission("alice", "write");
    fake.setPermission("mallory", "triage");
    const level = async (username: string) => (await gh.rest.repos.getCollaboratorPermissionLevel({ ...R, username })).data;
    expect(await level(owner)).toMatchObject({ permission: "admin", role_name: "admin", user: { login: owner } });
    expect(await level("alice")).toMatchObject({ permission: "write", role_name: "write", user: { login: "alice", permissions: { push: true, admin: false } } });
    expect(await level("mallory")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await level("stranger")).toMatchObject({ permission: "read", role_name: "read" }); // public repo
  });

  it("serves file contents at a ref, directories, the raw media type, and 404s", async () => {
    await commitFiles("feature", { "src/index.ts": "export {};\n" });
    const file = await gh.rest.repos.getContent({ ...R, path: "src/index.ts", ref: "feature" });
    expect(Array.isArray(file.data)).toBe(false);
    const f = file.data as { content: string; encoding: string; sha: string };
    expect(Buffer.from(f.content, "base64").toString("utf8")).toBe("export {};\n");
    const dir = await gh.rest.repos.getContent({ ...R, path: "src", ref: "feature" });
    expect((dir.data as Array<{ name: string; type: string }>).map((e) => `${e.type}:${e.name}`)).toEqual(["file:index.ts", "file:keep.ts", "file:old.ts"]);
    const raw = await gh.rest.repos.getContent({ ...R, path: "README.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe("# demo\n");
    expect((await rejection(gh.rest.repos.getContent({ ...R, path: "src/index.ts" }))).status).toBe(404); // not on main
    expect((await rejection(gh.rest.repos.getContent({ ...R, path: ".github/stackwright.yml" }))).status).toBe(404);
  });
});

describe("fake GitHub: pull requests", () => {
  it("creates, finds by head=owner:branch, refuses duplicates, follows the branch, merges", async () => {
    await commitFiles("stackwright/issue-1", { "src/index.ts": "v1\n" });
    const { data: pr } = await gh.rest.pulls.create({ ...R, head: "stackwright/issue-1", base: "main", title: "Blog app", body: "Closes #1" });
    expect(pr.number).toBe(2); // issues and PRs share numbers
    expect(pr.head.ref).toBe("stackwright/issue-1");

    const dup = await rejection(gh.rest.pulls.create({ ...R, head: `${owner}:stackwright/issue-1`, base: "main", title: "again" }));
    expect(dup.status).toBe(422);
    expect(dup.response?.data.errors).toEqual([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${owner}:stackwright/issue-1.` }]);

    const found = await gh.rest.pulls.list({ ...R, head: `${owner}:stackwright/issue-1`, state: "open" });
    expect(found.data.map((p) => p.number)).toEqual([2]);
    expect((await gh.rest.pulls.list({ ...R, head: `${owner}:other`, state: "all" })).data).toEqual([]);

    const v2 = await commitFiles("stackwright/issue-1", { "src/index.ts": "v2\n" });
    await gh.rest.pulls.update({ ...R, pull_number: 2, body: "Closes #1 (updated)" });
    const got = await gh.rest.pulls.get({ ...R, pull_number: 2 });
    expect(got.data).toMatchObject({ body: "Closes #1 (updated)", head: { sha: v2 }, commits: 2, changed_files: 1, merged: false, state: "open" });

    const mergeSha = fake.mergePull(2, { by: "alice" });
    expect(fake.pulls()).toMatchObject([{ number: 2, merged: true, state: "closed", mergeCommitSha: mergeSha, headSha: v2 }]);
    expect(fake.readTree("main")["src/index.ts"]).toBe("v2\n");
    expect(fake.commit(mergeSha)?.parents).toHaveLength(2);

    const noDiff = await rejection(gh.rest.pulls.create({ ...R, head: "stackwright/issue-1", base: "main", title: "again" }));
    expect(noDiff.response?.data.errors?.[0]).toMatchObject({ message: "No commits between main and stackwright/issue-1" });
  });

  it("merges through the API too, and refuses a stale head sha", async () => {
    const head = await commitFiles("f", { "a.txt": "a\n" });
    const { data: pr } = await gh.rest.pulls.create({ ...R, head: "f", base: "main", title: "f" });
    const stale = await rejection(gh.rest.pulls.merge({ ...R, pull_number: pr.number, sha: fake.branchSha("main")! }));
    expect(stale.status).toBe(409);
    const merged = await gh.rest.pulls.merge({ ...R, pull_number: pr.number, sha: head, merge_method: "squash" });
    expect(merged.data.merged).toBe(true);
    expect(fake.commit(merged.data.sha)?.parents).toEqual([fake.history("main")[1]!.sha]);
    expect((await rejection(gh.rest.pulls.merge({ ...R, pull_number: pr.number }))).status).toBe(405);
  });
});

describe("fake GitHub: check runs and deployments", () => {
  it("keeps every check-run field and appends annotations across updates", async () => {
    const sha = fake.branchSha("main")!;
    const annotation = (n: number) => ({ path: "src/keep.ts", start_line: n, end_line: n, annotation_level: "warning" as const, message: `issue ${n}` });
    const { data: run } = await gh.rest.checks.create({ ...R, name: "Stackwright / verify", head_sha: sha, status: "in_progress", external_id: "job-1", output: { title: "Verifying", summary: "1/2", annotations: [annotation(1)] } });
    expect(run).toMatchObject({ status: "in_progress", conclusion: null, output: { annotations_count: 1 }, app: { slug: "stackwright", id: 7 } });
    const { data: done } = await gh.rest.checks.update({ ...R, check_run_id: run.id, conclusion: "failure", output: { title: "2 problems", summary: "2/2", annotations: [annotation(2)] }, actions: [{ label: "Retry", identifier: "retry", description: "Run again" }] });
    expect(done).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "2 problems", summary: "2/2", annotations_count: 2 }, external_id: "job-1" });
    expect(done.completed_at).toEqual(expect.any(String));
    expect(fake.checkRuns()).toMatchObject([{ name: "Stackwright / verify", annotations: [{ message: "issue 1" }, { message: "issue 2" }], actions: [{ identifier: "retry" }], updates: 1 }]);
    const anns = await gh.rest.checks.listAnnotations({ ...R, check_run_id: run.id });
    expect(anns.data.map((a) => a.message)).toEqual(["issue 1", "issue 2"]);
    const listed = await gh.rest.checks.listForRef({ ...R, ref: "main", check_name: "Stackwright / verify" });
    expect(listed.data.total_count).toBe(1);
    expectClean = false;
    expect((await rejection(gh.rest.checks.create({ ...R, name: "x", head_sha: "f".repeat(40) }))).response?.data.message).toBe(`No commit found for SHA: ${"f".repeat(40)}`);
    // GitHub answers that with a 422 its description doesn't list: a warning, not a failure
    expect(vf.failures).toEqual([]);
    expect(vf.warnings.map((w) => w.message)).toEqual(["checks/create POST /repos/octo-org/demo/check-runs → 422: checks/create: status 422 is not documented (documented: 201)"]);
  });

  it("creates deployments: 409 while checks are pending unless required_contexts is [], statuses, auto_inactive", async () => {
    const sha = fake.branchSha("main")!;
    await gh.rest.checks.create({ ...R, name: "Stackwright / deploy", head_sha: sha, status: "in_progress" });
    const conflict = await rejection(gh.rest.repos.createDeployment({ ...R, ref: sha, environment: "backend-production" }));
    expect(conflict.status).toBe(409);
    expect(conflict.response?.data.message).toBe(`Conflict: Commit status checks failed for ${sha}.`);

    const make = async (environment: string) => {
      const res = await gh.rest.repos.createDeployment({ ...R, ref: sha, environment, auto_merge: false, required_contexts: [], production_environment: false, payload: { railwayProjectId: "p1" } });
      expect(res.status).toBe(201);
      return res.data as { id: number; sha: string; payload: unknown };
    };
    const d1 = await make("preview");
    await gh.rest.repos.createDeploymentStatus({ ...R, deployment_id: d1.id, state: "success", environment_url: "https://one.example.com", log_url: "https://logs.example.com/1" });
    const d2 = await make("preview");
    await gh.rest.repos.createDeploymentStatus({ ...R, deployment_id: d2.id, state: "in_progress" });
    await gh.rest.repos.createDeploymentStatus({ ...R, deployment_id: d2.id, state: "success", environment_url: "https://two.example.com" });

    expect(d1).toMatchObject({ sha, payload: { railwayProjectId: "p1" } });
    const [first, second] = fake.deployments();
    expect(first!.statuses.map((s) => s.state)).toEqual(["success", "inactive"]);
    expect(first!.statuses[0]).toMatchObject({ environmentUrl: "https://one.example.com", logUrl: "https://logs.example.com/1", targetUrl: "https://logs.example.com/1" });
    expect(second!.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    const listed = await gh.rest.repos.listDeployments({ ...R, sha, environment: "preview" });
    expect(listed.data.map((d) => d.id)).toEqual([d2.id, d1.id]); // newest first
    const statuses = await gh.rest.repos.listDeploymentStatuses({ ...R, deployment_id: d2.id });
    expect(statuses.data.map((s) => s.state)).toEqual(["success", "in_progress"]);
    expect((await rejection(gh.rest.repos.createDeployment({ ...R, ref: "no-such-branch", required_contexts: [] }))).status).toBe(422);
  });
});

describe("fake GitHub: auth and hosts", () => {
  it("refuses missing, unknown and foreign-installation tokens, and JWTs on repo routes", async () => {
    expectClean = false;
    fake.seedRepo({ owner: "other", repo: "elsewhere", installationId: 2 });
    const as = (token: string) => createTestOctokit({ token, fetch: vf.fetch });
    expect((await rejection(as("ghs_unknown").rest.repos.get(R))).status).toBe(401);
    expect((await rejection(gh.rest.repos.get({ owner: "other", repo: "elsewhere" }))).status).toBe(404); // installation 1 can't see it
    const jwtLike = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from('{"iss":7}').toString("base64url")}.sig`;
    expect((await rejection(as(jwtLike).rest.repos.get(R))).status).toBe(403);
    const mine = await gh.rest.repos.get(R);
    expect(mine.data).toMatchObject({ full_name: `${owner}/${repo}`, default_branch: "main", private: false });
    expect(vf.failures).toEqual([]);
  });

  it("serves a GHES base URL with GHES URLs in its answers", async () => {
    const ghes = createFakeGitHub({ baseUrl: "http://ghe.test/api/v3" });
    try {
      ghes.seedRepo({ owner, repo, issues: [{ title: "x" }] });
      const vfe = createValidatingFetch({ baseUrl: "http://ghe.test/api/v3" });
      const o = createTestOctokit({ token: ghes.createInstallationToken(), baseUrl: "http://ghe.test/api/v3", fetch: vfe.fetch });
      const { data } = await o.rest.issues.createComment({ ...R, issue_number: 1, body: "on GHES" });
      expect(data.url).toBe(`http://ghe.test/api/v3/repos/${owner}/${repo}/issues/comments/${data.id}`);
      expect(data.html_url).toBe(`http://ghe.test/${owner}/${repo}/issues/1#issuecomment-${data.id}`);
      expect(vfe.requests.map((r) => `${r.operationId} ${r.path}`)).toEqual([`issues/create-comment /repos/${owner}/${repo}/issues/1/comments`]);
      vfe.assertClean();
      expect(fake.comments(1)).toEqual([]); // the github.com fake saw nothing
    } finally {
      ghes.done();
    }
  });
});
