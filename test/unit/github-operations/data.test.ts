import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getBranchHead, getCommitInfo, getRefSha, listTreeFiles, readFileAt, readFileBytesAt, readFileOnDefaultBranch } from "../../../src/github/data/index.js";
import { createEnv, R, type Env } from "./setup.js";

const CONFIG = "stack: express\ndeploy:\n  backend: railway\n";
let env: Env;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  env = createEnv({ seed: { defaultBranch: "trunk", files: { "README.md": "# demo\n", ".github/stackwright.yml": CONFIG, "docs/ü n i.md": "ünïcödé ✓\n" } } });
});
afterEach(() => env.check());

describe("readFileOnDefaultBranch / readFileAt", () => {
  it("reads and decodes a file on the default branch with one request (ref=<default branch>)", async () => {
    expect(await readFileOnDefaultBranch(env.gh, R, ".github/stackwright.yml", "trunk")).toBe(CONFIG);
    expect(env.vf.requests).toHaveLength(1);
    expect(env.vf.requests[0]).toMatchObject({ operationId: "repos/get-content", query: "ref=trunk" });
  });

  it("returns null for a missing file, a missing ref and a directory", async () => {
    expect(await readFileOnDefaultBranch(env.gh, R, ".github/missing.yml", "trunk")).toBeNull();
    expect(await readFileAt(env.gh, R, ".github/stackwright.yml", "no-such-branch")).toBeNull();
    expect(await readFileAt(env.gh, R, ".github", "trunk")).toBeNull();
  });

  it("decodes UTF-8 and reads at another ref", async () => {
    expect(await readFileAt(env.gh, R, "docs/ü n i.md", "trunk")).toBe("ünïcödé ✓\n");
    env.fake.pushForeignCommit("feature", { ".github/stackwright.yml": "stack: fastapi\n" });
    expect(await readFileAt(env.gh, R, ".github/stackwright.yml", "feature")).toBe("stack: fastapi\n");
    expect(await readFileAt(env.gh, R, ".github/stackwright.yml", "trunk")).toBe(CONFIG);
  });

  it("reads a file over 1 MB (contents API leaves content empty) through the blob API", async () => {
    const real = await env.gh.rest.repos.getContent({ ...R, path: ".github/stackwright.yml", ref: "trunk" });
    env.fake.failNext("repos/get-content", [{ status: 200, body: { ...(real.data as object), content: "", encoding: "none" } }]);
    env.vf.reset();
    expect((await readFileBytesAt(env.gh, R, ".github/stackwright.yml", "trunk"))?.toString("utf8")).toBe(CONFIG);
    expect(env.vf.operations()).toEqual(["repos/get-content", "git/get-blob"]);
  });
});

describe("branches", () => {
  it("getBranchHead: commit and tree sha in one request; null for a missing branch", async () => {
    const head = await getBranchHead(env.gh, R, "trunk");
    const commit = env.fake.commit(env.fake.branchSha("trunk")!)!;
    expect(head).toEqual({ sha: commit.sha, treeSha: commit.tree });
    expect(await getBranchHead(env.gh, R, "stackwright/issue-1")).toBeNull();
    expect(env.vf.operations()).toEqual(["repos/get-branch", "repos/get-branch"]);
  });

  it("getBranchHead and getRefSha handle slashes in branch names", async () => {
    const sha = env.fake.pushForeignCommit("stackwright/issue-1", { "x.txt": "x\n" });
    expect((await getBranchHead(env.gh, R, "stackwright/issue-1"))?.sha).toBe(sha);
    expect(await getRefSha(env.gh, R, "stackwright/issue-1")).toBe(sha);
    expect(await getRefSha(env.gh, R, "refs/heads/stackwright/issue-1")).toBe(sha);
    expect(await getRefSha(env.gh, R, "stackwright/issue-2")).toBeNull();
  });

  it("getCommitInfo: message, author, parents", async () => {
    const sha = env.fake.pushForeignCommit("feature", { "x.txt": "x\n" }, { name: "Octo Human", email: "human@example.com" });
    const info = await getCommitInfo(env.gh, R, sha);
    expect(info).toMatchObject({ sha, message: "Edit x.txt", authorName: "Octo Human", authorEmail: "human@example.com", parents: [env.fake.branchSha("trunk")] });
    expect(info.treeSha).toBe(env.fake.commit(sha)!.tree);
  });

  it("listTreeFiles: every file path, one request", async () => {
    const head = (await getBranchHead(env.gh, R, "trunk"))!;
    const listing = await listTreeFiles(env.gh, R, head.treeSha);
    expect([...listing.files.keys()].sort()).toEqual([".github/stackwright.yml", "README.md", "docs/ü n i.md"]);
    expect(listing.truncated).toBe(false);
  });
});
