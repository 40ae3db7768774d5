import { afterEach, describe, expect, it } from "vitest";
import { AnthropicGenerator } from "../../../src/generate/anthropic/index.js";
import { MemoryUsageStore } from "../../../src/generate/budget/index.js";
import type { GeneratedFile } from "../../../src/parse/types.js";
import { verifyFiles, type VerifyOptions } from "../../../src/verify/index.js";
import { startApp, type AppUnderTest } from "../../support/app-under-test.js";
import { datingCoachAssumed, datingCoachFiles, datingCoachInferred, datingCoachSpec, fileBlocks } from "./fixtures/dating-coach.js";
import { FakeAnthropic, textReply, toolReply } from "./support.js";

/**
 * The real Probot app and the stand-in GitHub (as in test/unit/app), with the
 * model generator talking to the stand-in Messages API: the same flow, a
 * model's custom code in the PR.
 */

let t: AppUnderTest | undefined;
let api: FakeAnthropic;

afterEach(async () => {
  if (t) {
    t.h.assertNoFailures();
    expect(t.h.github.warnings).toEqual([]);
    expect(t.h.fake.unhandled).toEqual([]);
    await t.stop();
    t = undefined;
  }
  api.done();
});

const quickVerify = (files: readonly GeneratedFile[], options: VerifyOptions = {}) => verifyFiles(files, { ...options, skip: [...(options.skip ?? []), "migrations"] });
const botComments = (issue: number) => t!.h.fake.comments(issue).filter((c) => c.viaApp);
const specReply = () => toolReply("submit_app_spec", { spec: datingCoachSpec, inferred: datingCoachInferred, assumed: datingCoachAssumed });

function modelGenerator(store = new MemoryUsageStore(), limits = {}) {
  return () => new AnthropicGenerator({ apiKey: "sk-ant-api03-flow-test-key-000000", store, limits, retry: { sleep: async () => {} }, verify: quickVerify });
}

describe("/generate with the model generator", () => {
  it("commits the templates plus the model's custom code, verified, and opens the PR", async () => {
    api = new FakeAnthropic().reply(specReply(), textReply(fileBlocks({ ...datingCoachFiles, "backend/package.json": "{}\n" })));
    t = await startApp({ generator: modelGenerator() });
    await t.say(1, "/generate Create a dating coach app with AI chat using Claude, search over the advice and Stripe subscriptions");
    const job = await t.settle(1);
    expect(job?.state).toBe("succeeded");
    expect(api.requests).toHaveLength(2);

    const tree = t.h.fake.readTree("stackwright/issue-1");
    for (const [path, content] of Object.entries(datingCoachFiles)) expect(tree[path], path).toBe(content);
    expect(JSON.parse(tree["backend/package.json"]!).dependencies.stripe).toBe("23.1.0");
    expect(JSON.parse(tree["stackwright.json"]!).generator.mode).toBe("model");
    expect(t.h.github.count("git/create-commit")).toBe(1);

    const [check] = t.h.fake.checkRuns();
    expect(check).toMatchObject({ name: "Stackwright / verify", conclusion: "success" });
    const [pr] = t.h.fake.pulls();
    expect(pr!.body).toContain("with a model, on top of Stackwright's templates");
    expect(pr!.body).toContain("FastAPI backend templates are not available yet");
    // The path the model had no right to write is in the PR's notes, and was not written.
    expect(pr!.body).toMatch(/Not written: `backend\/package\.json`: .*outside the writable paths/);
    expect(JSON.parse(tree["backend/package.json"]!).name).toBe("dating-coach-backend");
    const progress = botComments(1).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toContain(`/pull/${pr!.number}`);
  });

  it("follows up on the PR: the model sees the earlier request as data and the same PR is updated", async () => {
    const blog = { ...datingCoachSpec, features: [], custom: undefined };
    api = new FakeAnthropic().reply(toolReply("submit_app_spec", { spec: blog, inferred: [], assumed: [] }), specReply(), textReply(fileBlocks(datingCoachFiles)));
    t = await startApp({ generator: modelGenerator() });
    await t.say(1, "/generate a dating advice library");
    await t.settle(1);
    expect(api.requests).toHaveLength(1); // no feature, no custom section: no code request
    const [pr] = t.h.fake.pulls();

    await t.say(pr!.number, "/generate add an AI coach, search and Stripe subscriptions");
    const job = await t.settle(1);
    expect(job?.state).toBe("succeeded");
    expect(api.requests).toHaveLength(3);
    const ask = api.requests[1]!.body.messages[0].content as string;
    expect(ask).toContain("Earlier requests for this app, oldest first (already built):\n1. a dating advice library");
    expect(ask).toContain("This request (change the app accordingly):\nadd an AI coach, search and Stripe subscriptions");
    expect(t.h.fake.pulls()).toHaveLength(1);
    expect(t.h.fake.readTree("stackwright/issue-1")["backend/src/custom/ai-chat.js"]).toBe(datingCoachFiles["backend/src/custom/ai-chat.js"]);
  });

  it("stops before committing when the job's token budget runs out, and says why", async () => {
    api = new FakeAnthropic().reply(toolReply("submit_app_spec", { spec: datingCoachSpec, inferred: [], assumed: [] }, { usage: { input_tokens: 14_000 } }));
    t = await startApp({ generator: modelGenerator(new MemoryUsageStore(), { maxTokensPerJob: 15_000 }) });
    await t.say(1, "/generate a dating coach app");
    const job = await t.settle(1);
    expect(job?.state).toBe("failed");
    expect(t.h.github.count("git/create-commit")).toBe(0);
    expect(t.h.fake.pulls()).toEqual([]);
    const progress = botComments(1).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toContain("Stopped before committing: this run would go over its model token budget (limits.maxTokensPerJob is 15,000");
    expect(progress.body).not.toContain("sk-ant-api03-flow-test-key");
  });

  it("fails the run with a clear comment when the model API stays overloaded", async () => {
    api = new FakeAnthropic();
    for (let i = 0; i < 4; i++) api.reply({ status: 529, body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, headers: { "content-type": "application/json", "retry-after": "1" } });
    t = await startApp({ generator: modelGenerator() });
    await t.say(1, "/generate a blog");
    const job = await t.settle(1);
    expect(job?.state).toBe("failed");
    expect(t.h.github.count("git/create-commit")).toBe(0);
    const progress = botComments(1).find((c) => c.body.includes("stackwright:progress"))!;
    expect(progress.body).toMatch(/The model API was unavailable for the app spec: 529 overloaded_error: Overloaded, on 4 attempts/);
  });
});
