import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addReaction, createComment, findCommentByMarker, updateComment, upsertComment } from "../../../src/github/operations/index.js";
import { createEnv, R, type Env } from "./setup.js";

const MARKER = "<!-- stackwright:progress issue-1 -->";
let env: Env;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  env = createEnv();
});
afterEach(() => env.check());

describe("addReaction", () => {
  it("is idempotent: 201 the first time, 200 after, one reaction", async () => {
    const id = env.fake.addComment(1, "/generate a blog", "alice");
    expect((await addReaction(env.gh, R, id, "eyes")).created).toBe(true);
    expect((await addReaction(env.gh, R, id, "eyes")).created).toBe(false);
    expect(env.fake.reactions(id)).toEqual([expect.objectContaining({ content: "eyes", user: "stackwright[bot]" })]);
    expect(env.vf.count("reactions/create-for-issue-comment")).toBe(2);
  });
});

describe("createComment / updateComment", () => {
  it("creates and edits, one request each", async () => {
    const c = await createComment(env.gh, R, 1, "first");
    expect(c).toMatchObject({ body: "first", author: "stackwright[bot]", htmlUrl: expect.stringContaining(`#issuecomment-${c.id}`) });
    const u = await updateComment(env.gh, R, c.id, "second");
    expect(u).toMatchObject({ id: c.id, body: "second" });
    expect(env.vf.operations()).toEqual(["issues/create-comment", "issues/update-comment"]);
  });
});

describe("findCommentByMarker", () => {
  it("returns the LAST bot comment carrying the marker, ignoring people who quote it", async () => {
    const first = await createComment(env.gh, R, 1, `old progress\n${MARKER}`);
    const second = await createComment(env.gh, R, 1, `new progress\n${MARKER}`);
    env.fake.addComment(1, `> quoting\n${MARKER}`, "mallory");
    env.fake.addComment(1, "unrelated", "alice");
    const found = await findCommentByMarker(env.gh, R, 1, MARKER);
    expect(found?.id).toBe(second.id);
    expect(found?.id).not.toBe(first.id);
    expect(await findCommentByMarker(env.gh, R, 1, "<!-- other -->")).toBeNull();
    expect(await findCommentByMarker(env.gh, R, 1, MARKER, { author: "someone-else[bot]" })).toBeNull();
    expect(env.vf.count("issues/list-comments")).toBe(3); // one page each
  });

  it("pages with per_page 100 and walks back from the last page", async () => {
    for (let i = 0; i < 230; i++) env.fake.addComment(1, `chatter ${i}`, "alice");
    const early = await createComment(env.gh, R, 1, `progress\n${MARKER}`); // comment #231: on page 3
    for (let i = 0; i < 10; i++) env.fake.addComment(1, `more ${i}`, "alice");
    env.vf.reset();
    expect((await findCommentByMarker(env.gh, R, 1, MARKER))?.id).toBe(early.id);
    const pages = env.vf.requests.map((r) => new URLSearchParams(r.query));
    expect(pages.map((q) => [q.get("per_page"), q.get("page")])).toEqual([
      ["100", "1"],
      ["100", "3"],
    ]);
  });

  it("reads every page when there is no match (ceil(n / 100) requests)", async () => {
    for (let i = 0; i < 250; i++) env.fake.addComment(1, `chatter ${i}`, "alice");
    expect(await findCommentByMarker(env.gh, R, 1, MARKER)).toBeNull();
    expect(env.vf.count("issues/list-comments")).toBe(3);
  });
});

describe("upsertComment", () => {
  it("creates the comment when there is none (find + create: 2 requests), appending the marker", async () => {
    const r = await upsertComment(env.gh, R, 1, MARKER, "⏳ Reading config");
    expect(r).toMatchObject({ action: "created", requests: 2, body: `⏳ Reading config\n\n${MARKER}` });
    expect(env.vf.operations()).toEqual(["issues/list-comments", "issues/create-comment"]);
  });

  it("finds the comment by marker and updates it (2 requests), or leaves an identical one alone (1)", async () => {
    const created = await upsertComment(env.gh, R, 1, MARKER, `step 1\n${MARKER}`);
    env.vf.reset();
    const updated = await upsertComment(env.gh, R, 1, MARKER, `step 2\n${MARKER}`);
    expect(updated).toMatchObject({ id: created.id, action: "updated", requests: 2 });
    const same = await upsertComment(env.gh, R, 1, MARKER, `step 2\n${MARKER}`);
    expect(same).toMatchObject({ id: created.id, action: "unchanged", requests: 1 });
    expect(env.fake.comments(1).filter((c) => c.body.includes(MARKER))).toHaveLength(1);
    expect(env.fake.comments(1)[0]).toMatchObject({ body: `step 2\n${MARKER}`, edits: 1 });
  });

  it("updates by known id with one request", async () => {
    const created = await upsertComment(env.gh, R, 1, MARKER, "step 1");
    env.vf.reset();
    const r = await upsertComment(env.gh, R, 1, MARKER, "step 2", created.id);
    expect(r).toMatchObject({ id: created.id, action: "updated", requests: 1 });
    expect(env.vf.operations()).toEqual(["issues/update-comment"]);
  });

  it("recreates a comment someone deleted (known id → 404 → create)", async () => {
    const created = await upsertComment(env.gh, R, 1, MARKER, "step 1");
    await env.gh.rest.issues.deleteComment({ ...R, comment_id: created.id });
    env.vf.reset();
    env.expectWarning("issues/update-comment", 404); // GitHub sends 404; its description lists only 200 and 422
    const r = await upsertComment(env.gh, R, 1, MARKER, "step 2", created.id);
    expect(r).toMatchObject({ action: "created", requests: 2 });
    expect(r.id).not.toBe(created.id);
    expect(env.fake.comments(1).map((c) => c.body)).toEqual([`step 2\n\n${MARKER}`]);
  });

  it("never edits a person's comment that contains the marker", async () => {
    const human = env.fake.addComment(1, `copy-paste ${MARKER}`, "alice");
    const r = await upsertComment(env.gh, R, 1, MARKER, "progress");
    expect(r.action).toBe("created");
    expect(env.fake.comments(1).find((c) => c.id === human)?.edits).toBe(0);
  });
});
