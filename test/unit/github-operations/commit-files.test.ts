import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getBranchHead } from "../../../src/github/data/index.js";
import { BranchMovedError, commitFiles, installRetries, type CommitFilesInput, type FileToCommit } from "../../../src/github/operations/index.js";
import { serverError } from "../../support/github/fake-github.js";
import { createEnv, R, rejection, type Env } from "./setup.js";

const BRANCH = "stackwright/issue-1";
let env: Env;
let clock: number;
beforeAll(() => nock.disableNetConnect());
afterEach(() => env.check());

/** A fake whose clock moves 1 s per reading, so two commits of the same tree differ in sha. */
function setup(options: Parameters<typeof createEnv>[0] = {}): Env {
  clock = Date.parse("2030-01-01T00:00:00Z");
  env = createEnv({ now: () => new Date((clock += 1000)), ...options });
  return env;
}

function appFiles(n: number): FileToCommit[] {
  return Array.from({ length: n }, (_, i) => ({ path: `src/generated/file-${String(i).padStart(3, "0")}.ts`, content: `export const value${i} = ${i};\n` }));
}

async function onMain(files: FileToCommit[], extra: Partial<CommitFilesInput> = {}): Promise<CommitFilesInput> {
  const head = (await getBranchHead(env.gh, R, "main"))!;
  env.vf.reset();
  return { branch: BRANCH, files, baseTreeSha: head.treeSha, parentSha: head.sha, message: "Generate app for #1", mode: "create-branch", ...extra };
}

describe("commitFiles: create-branch", () => {
  it("puts every file in ONE commit on top of the base: tree, commit, ref (3 requests)", async () => {
    setup();
    const mainSha = env.fake.branchSha("main")!;
    const input = await onMain([
      { path: "package.json", content: '{ "name": "blog" }\n' },
      { path: "src/index.ts", content: "console.log('hi');\n" },
      { path: "src/keep.ts", content: "export const keep = 2;\n" },
      { path: "bin/start.sh", content: "#!/bin/sh\nnode src/index.js\n", mode: "100755" },
    ]);
    const result = await commitFiles(env.gh, R, input);

    expect(result).toMatchObject({ created: true, changed: true, blobs: 0, requests: 3 });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/create-ref"]);
    expect(env.vf.requests[0]!.body).toMatchObject({ base_tree: input.baseTreeSha });
    expect(env.vf.requests[2]!.body).toEqual({ ref: `refs/heads/${BRANCH}`, sha: result.commitSha });
    expect(env.fake.branchSha(BRANCH)).toBe(result.commitSha);
    expect(env.fake.readTree(BRANCH)).toEqual({
      "README.md": "# demo\n",
      "bin/start.sh": "#!/bin/sh\nnode src/index.js\n",
      "package.json": '{ "name": "blog" }\n',
      "src/index.ts": "console.log('hi');\n",
      "src/keep.ts": "export const keep = 2;\n",
      "src/old.ts": "old\n",
    });
    const commit = env.fake.commit(result.commitSha)!;
    expect(commit.parents).toEqual([mainSha]);
    expect(commit.message).toBe("Generate app for #1");
    expect(commit.tree).toBe(result.treeSha);
    expect(env.fake.history(BRANCH).map((c) => c.sha)).toEqual([result.commitSha, mainSha]);
    expect(env.fake.branchSha("main")).toBe(mainSha); // main untouched
    const tree = await env.gh.rest.git.getTree({ ...R, tree_sha: result.treeSha, recursive: "1" });
    expect(tree.data.tree.find((e) => e.path === "bin/start.sh")?.mode).toBe("100755");
  });

  it("is idempotent when the ref already points at the same commit (fixed author date: same sha)", async () => {
    setup();
    const input = await onMain(appFiles(5), { author: { name: "Stackwright", email: "bot@stackwright.dev", date: "2030-01-01T00:00:00Z" } });
    const first = await commitFiles(env.gh, R, input);
    env.vf.reset();
    const again = await commitFiles(env.gh, R, input);
    expect(again).toMatchObject({ commitSha: first.commitSha, created: false, requests: 4 });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/create-ref", "git/get-ref"]);
    expect(env.vf.requests[2]!.status).toBe(422);
    expect(env.fake.history(BRANCH)).toHaveLength(2);
    expect(env.fake.commit(first.commitSha)!.author).toMatchObject({ name: "Stackwright", email: "bot@stackwright.dev" });
  });

  it("is idempotent when an earlier attempt's commit (same tree, same parent, other sha) is there", async () => {
    setup();
    const input = await onMain(appFiles(5));
    const first = await commitFiles(env.gh, R, input);
    env.vf.reset();
    const again = await commitFiles(env.gh, R, input);
    expect(again).toMatchObject({ commitSha: first.commitSha, created: false, requests: 5 });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/create-ref", "git/get-ref", "git/get-commit"]);
    expect(env.fake.branchSha(BRANCH)).toBe(first.commitSha);
  });

  it("moves an existing ref that still points at the parent (fast-forward)", async () => {
    setup();
    const input = await onMain(appFiles(3));
    await env.gh.rest.git.createRef({ ...R, ref: `refs/heads/${BRANCH}`, sha: input.parentSha });
    env.vf.reset();
    const result = await commitFiles(env.gh, R, input);
    expect(result).toMatchObject({ created: false, requests: 5 });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/create-ref", "git/get-ref", "git/update-ref"]);
    expect(env.vf.requests[4]!.body).toEqual({ sha: result.commitSha, force: false });
    expect(env.fake.branchSha(BRANCH)).toBe(result.commitSha);
  });

  it("refuses to touch a branch that already has someone else's commit", async () => {
    setup();
    const input = await onMain(appFiles(3));
    const theirs = env.fake.pushForeignCommit(BRANCH, { "notes.md": "mine\n" });
    const err = await rejection(commitFiles(env.gh, R, input));
    expect(err).toBeInstanceOf(BranchMovedError);
    expect(err).toMatchObject({ branch: BRANCH, expectedSha: input.parentSha, actualSha: theirs });
    expect(err.message).toBe(`Someone else pushed to ${BRANCH}: it points at ${theirs.slice(0, 7)}, not at ${input.parentSha.slice(0, 7)} that Stackwright built on. Stopping so their work isn't overwritten.`);
    expect(env.fake.branchSha(BRANCH)).toBe(theirs);
  });

  it("survives a create-ref that GitHub applied but answered 502 (with installRetries)", async () => {
    setup();
    installRetries(env.gh, { sleep: async () => {} });
    const input = await onMain(appFiles(3));
    env.fake.failNext("git/create-ref", [{ ...serverError(502), apply: true }]);
    env.expectWarning("git/create-ref", 502);
    const result = await commitFiles(env.gh, R, input);
    expect(result.created).toBe(false); // the retry found it already there
    expect(env.fake.branchSha(BRANCH)).toBe(result.commitSha);
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/create-ref", "git/create-ref", "git/get-ref"]);
  });
});

describe("commitFiles: update-branch", () => {
  async function firstGeneration(): Promise<string> {
    const input = await onMain([{ path: "src/index.ts", content: "v1\n" }, { path: "src/extra.ts", content: "extra\n" }]);
    return (await commitFiles(env.gh, R, input)).commitSha;
  }

  async function onBranch(files: FileToCommit[], extra: Partial<CommitFilesInput> = {}): Promise<CommitFilesInput> {
    const head = (await getBranchHead(env.gh, R, BRANCH))!;
    env.vf.reset();
    return { branch: BRANCH, files, baseTreeSha: head.treeSha, parentSha: head.sha, message: "Regenerate", mode: "update-branch", ...extra };
  }

  it("adds a commit on the branch, with deletions: tree, commit, PATCH ref force:false (3 requests)", async () => {
    setup();
    const v1 = await firstGeneration();
    const input = await onBranch([{ path: "src/index.ts", content: "v2\n" }], { deletePaths: ["src/extra.ts", "src/old.ts"] });
    const result = await commitFiles(env.gh, R, input);
    expect(result).toMatchObject({ created: false, changed: true, requests: 3 });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/update-ref"]);
    expect(env.vf.requests[2]!.body).toEqual({ sha: result.commitSha, force: false });
    expect(env.vf.requests[0]!.body).toMatchObject({
      tree: expect.arrayContaining([
        { path: "src/extra.ts", mode: "100644", type: "blob", sha: null },
        { path: "src/old.ts", mode: "100644", type: "blob", sha: null },
      ]),
    });
    expect(env.fake.readTree(BRANCH)).toEqual({ "README.md": "# demo\n", "src/index.ts": "v2\n", "src/keep.ts": "export const keep = 1;\n" });
    expect(env.fake.commit(result.commitSha)!.parents).toEqual([v1]);
  });

  it("stops with BranchMovedError after a foreign push, leaving their commit in place (5 requests)", async () => {
    setup();
    await firstGeneration();
    const input = await onBranch([{ path: "src/index.ts", content: "v2\n" }]);
    const theirs = env.fake.pushForeignCommit(BRANCH, { "src/index.ts": "hand-edited\n" }, { login: "alice" });
    const err = await rejection(commitFiles(env.gh, R, input));
    expect(err).toBeInstanceOf(BranchMovedError);
    expect(err).toMatchObject({ expectedSha: input.parentSha, actualSha: theirs });
    expect(env.vf.operations()).toEqual(["git/create-tree", "git/create-commit", "git/update-ref", "git/get-ref", "git/get-commit"]);
    expect(env.vf.requests[2]!.status).toBe(422);
    expect(env.fake.branchSha(BRANCH)).toBe(theirs);
    expect(env.fake.readTree(BRANCH)["src/index.ts"]).toBe("hand-edited\n");
  });

  it("accepts its own earlier attempt already on the branch (crash after PATCH, job retried)", async () => {
    setup();
    await firstGeneration();
    const input = await onBranch([{ path: "src/index.ts", content: "v2\n" }]);
    const first = await commitFiles(env.gh, R, input);
    const again = await commitFiles(env.gh, R, input); // same stale parentSha
    expect(again).toMatchObject({ commitSha: first.commitSha, changed: true });
    expect(env.fake.history(BRANCH)).toHaveLength(3);
  });

  it("stops with BranchMovedError (actualSha null) when the branch was deleted", async () => {
    setup();
    await firstGeneration();
    const input = await onBranch([{ path: "src/index.ts", content: "v2\n" }]);
    await env.gh.rest.git.deleteRef({ ...R, ref: `heads/${BRANCH}` });
    const err = await rejection(commitFiles(env.gh, R, input));
    expect(err).toBeInstanceOf(BranchMovedError);
    expect(err).toMatchObject({ actualSha: null });
    expect(err.message).toBe(`The branch ${BRANCH} was deleted while Stackwright was working on it; stopping without recreating it.`);
    expect(env.fake.branchSha(BRANCH)).toBeUndefined();
  });

  it("commits nothing when the regenerated files are identical (1 request)", async () => {
    setup();
    const v1 = await firstGeneration();
    const input = await onBranch([{ path: "src/index.ts", content: "v1\n" }]);
    const result = await commitFiles(env.gh, R, input);
    expect(result).toMatchObject({ commitSha: v1, changed: false, requests: 1 });
    expect(env.vf.operations()).toEqual(["git/create-tree"]);
    expect(env.fake.branchSha(BRANCH)).toBe(v1);
  });
});

describe("commitFiles: request count", () => {
  it("is the same for 10 and for 200 text files (3)", async () => {
    setup();
    const ten = await commitFiles(env.gh, R, await onMain(appFiles(10), { branch: "ten" }));
    const twoHundred = await commitFiles(env.gh, R, await onMain(appFiles(200), { branch: "two-hundred" }));
    expect(ten.requests).toBe(3);
    expect(twoHundred.requests).toBe(3);
    expect(env.vf.requests).toHaveLength(3);
    expect(Object.keys(env.fake.readTree("two-hundred"))).toHaveLength(203);
  });

  it("uploads exactly one blob for one base64 (binary) file", async () => {
    setup();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
    const input = await onMain([...appFiles(20), { path: "public/icon.png", content: png.toString("base64"), encoding: "base64" }]);
    const result = await commitFiles(env.gh, R, input);
    expect(result).toMatchObject({ blobs: 1, requests: 4 });
    expect(env.vf.operations()).toEqual(["git/create-blob", "git/create-tree", "git/create-commit", "git/create-ref"]);
    expect(env.vf.requests[0]!.body).toEqual({ content: png.toString("base64"), encoding: "base64" });
    const tree = await env.gh.rest.git.getTree({ ...R, tree_sha: result.treeSha, recursive: "1" });
    const blob = await env.gh.rest.git.getBlob({ ...R, file_sha: tree.data.tree.find((e) => e.path === "public/icon.png")!.sha! });
    expect(Buffer.from(blob.data.content, "base64")).toEqual(png);
  });

  it("moves the largest text files to blobs when the inline tree would exceed the limit", async () => {
    setup();
    const big = (n: number, kb: number): FileToCommit => ({ path: `assets/big-${n}.txt`, content: "x".repeat(kb * 1024) });
    const input = await onMain([...appFiles(10), big(1, 30), big(2, 20), big(3, 10)], { maxInlineTreeBytes: 40 * 1024 });
    const result = await commitFiles(env.gh, R, input);
    // 60 KB inline > 40 KB: the 30 KB file goes to a blob (30 KB left inline)
    expect(result).toMatchObject({ blobs: 1, requests: 4 });
    expect(env.vf.requests[0]!.body).toMatchObject({ encoding: "utf-8", content: "x".repeat(30 * 1024) });
    const treeBody = JSON.stringify(env.vf.requests[1]!.body);
    expect(Buffer.byteLength(treeBody)).toBeLessThanOrEqual(40 * 1024);
    expect(env.fake.readTree(BRANCH)["assets/big-1.txt"]).toBe("x".repeat(30 * 1024));
  });

  it("rejects bad paths before sending anything", async () => {
    setup();
    const input = await onMain([{ path: "/abs.ts", content: "" }, { path: "a/../b.ts", content: "" }, { path: "dup.ts", content: "" }], { deletePaths: ["dup.ts", ".git/config"] });
    const err = await rejection(commitFiles(env.gh, R, input));
    expect(err.message).toBe(
      'commitFiles: file path "/abs.ts" is not a valid repository path; file path "a/../b.ts" is not a valid repository path; deleted path "dup.ts" appears twice; deleted path ".git/config" is not a valid repository path',
    );
    expect(env.vf.requests).toEqual([]);
  });
});
