import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCheckRun, updateCheckRun, type CheckRunAnnotation } from "../../../src/github/operations/index.js";
import { createEnv, R, rejection, type Env } from "./setup.js";

let env: Env;
let sha: string;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  env = createEnv();
  sha = env.fake.pushForeignCommit("stackwright/issue-1", { "src/app.ts": "app\n" });
});
afterEach(() => env.check());

function annotations(n: number): CheckRunAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({ path: `src/file-${i}.ts`, start_line: i + 1, end_line: i + 1, annotation_level: "warning" as const, message: `finding ${i}`, title: "Imports" }));
}

const output = { title: "Verify: 2 errors", summary: "2 errors, 0 warnings", text: "details" };

describe("createCheckRun", () => {
  it.each([
    [0, 1],
    [1, 1],
    [50, 1],
    [51, 2],
    [120, 3],
  ])("%i annotations → %i request(s), all on the run, completed once at the end", async (n, requests) => {
    const result = await createCheckRun(env.gh, R, { name: "Stackwright / verify", headSha: sha, conclusion: "failure", output, annotations: annotations(n), externalId: "job-1", detailsUrl: "https://stackwright.example/jobs/1" });
    expect(result.requests).toBe(requests);
    expect(env.vf.operations()).toEqual(["checks/create", ...Array<string>(requests - 1).fill("checks/update")]);
    const [run] = env.fake.checkRuns();
    expect(run).toMatchObject({ id: result.id, name: "Stackwright / verify", headSha: sha, status: "completed", conclusion: "failure", externalId: "job-1", detailsUrl: "https://stackwright.example/jobs/1", output });
    expect(run!.annotations.map((a) => a.message)).toEqual(annotations(n).map((a) => a.message));
    expect(result.htmlUrl).toContain(`/runs/${result.id}`);
    // every request carries ≤ 50 annotations; only the last one completes the run
    const bodies = env.vf.requests.map((r) => r.body as { status?: string; output?: { annotations?: unknown[]; title?: string } });
    expect(bodies.every((b) => (b.output?.annotations?.length ?? 0) <= 50)).toBe(true);
    expect(bodies.every((b) => b.output?.title === output.title)).toBe(true);
    expect(bodies.map((b) => b.status === "completed")).toEqual(bodies.map((_, i) => i === bodies.length - 1));
  });

  it("takes pre-grouped batches too (re-batched by 50)", async () => {
    const all = annotations(70);
    const result = await createCheckRun(env.gh, R, { name: "v", headSha: sha, conclusion: "neutral", output, annotationBatches: [all.slice(0, 10), all.slice(10)] });
    expect(result.requests).toBe(2);
    expect(env.fake.checkRuns()[0]!.annotations).toHaveLength(70);
  });

  it("creates an in-progress run without a conclusion", async () => {
    await createCheckRun(env.gh, R, { name: "v", headSha: sha, status: "in_progress", output: { title: "Verifying", summary: "…" } });
    expect(env.fake.checkRuns()[0]).toMatchObject({ status: "in_progress", conclusion: null });
  });

  it("fits what GitHub would refuse: long summaries, columns on multi-line annotations", async () => {
    await createCheckRun(env.gh, R, {
      name: "v",
      headSha: sha,
      conclusion: "failure",
      output: { title: "t", summary: "s".repeat(70_000) },
      annotations: [{ path: "a.ts", start_line: 3, end_line: 5, start_column: 1, end_column: 4, annotation_level: "failure", message: "m" }],
    });
    const run = env.fake.checkRuns()[0]!;
    expect(run.output.summary!.length).toBe(65_535);
    expect(run.output.summary!.endsWith("… (truncated)")).toBe(true);
    expect(run.annotations[0]).toEqual({ path: "a.ts", start_line: 3, end_line: 5, annotation_level: "failure", message: "m" });
  });

  it("refuses annotations without an output, before any request", async () => {
    await expect(createCheckRun(env.gh, R, { name: "v", headSha: sha, annotations: annotations(1) })).rejects.toThrow(/annotations need an output/);
    expect(env.vf.requests).toEqual([]);
  });

  it("a 422 for an unknown head sha comes through", async () => {
    env.expectWarning("checks/create", 422); // GitHub's description documents only 201
    expect((await rejection(createCheckRun(env.gh, R, { name: "v", headSha: "0".repeat(40), conclusion: "success" }))).status).toBe(422);
  });
});

describe("updateCheckRun", () => {
  it("completes a run and appends annotations in batches", async () => {
    const { id } = await createCheckRun(env.gh, R, { name: "v", headSha: sha, status: "in_progress", output: { title: "Verifying", summary: "…" } });
    env.vf.reset();
    const result = await updateCheckRun(env.gh, R, id, { conclusion: "failure", output, annotations: annotations(60), actions: [{ label: "Retry", description: "Regenerate and verify", identifier: "retry" }] });
    expect(result.requests).toBe(2);
    const run = env.fake.checkRuns()[0]!;
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output, actions: [{ label: "Retry", description: "Regenerate and verify", identifier: "retry" }] });
    expect(run.annotations).toHaveLength(60);
    const bodies = env.vf.requests.map((r) => r.body as { status?: string });
    expect(bodies.map((b) => b.status)).toEqual(["in_progress", "completed"]);
  });

  it("just moves the status with one request", async () => {
    const { id } = await createCheckRun(env.gh, R, { name: "v", headSha: sha });
    expect((await updateCheckRun(env.gh, R, id, { status: "in_progress" })).requests).toBe(1);
    expect(env.fake.checkRuns()[0]!.status).toBe("in_progress");
  });
});
