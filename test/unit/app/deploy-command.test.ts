import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DeployTarget, ServiceDeployInput } from "../../../src/deploy/types.js";
import type { DeployServices } from "../../../src/github/flows/deploy.js";
import { deployScope } from "../../../src/github/jobs.js";
import { DEPLOY_CHECK_NAME } from "../../../src/github/render/deploy-report.js";
import type { Provider } from "../../../src/provision/types.js";
import { startApp, waitForScope, type AppUnderTest } from "../../support/app-under-test.js";

/**
 * The deploy flow's ordering and bookkeeping, with GitHub played by the
 * stand-in and the deploy target and database provider replaced by recording
 * doubles (the real local target runs in test/e2e/merge-to-deploy.test.ts):
 * deploys asked for while one runs are deployed after it, the latest last;
 * `/deploy rollback` redeploys the previous successful commit; a read-only
 * user cannot deploy; Re-run on the deploy check run deploys the same commit.
 */

let server: Server;
let liveUrl = "";
const deployed: string[] = [];
let gate: Promise<void> = Promise.resolve();
let release = () => {};

const recordingTarget: DeployTarget = {
  name: "recording",
  supports: () => true,
  async deploy(input: ServiceDeployInput) {
    if (input.service.role === "backend") {
      deployed.push(input.sha);
      await gate;
    }
    return { target: "recording", service: input.service.name, url: `${liveUrl}/${input.service.name}`, ids: { sha: input.sha }, durationMs: 1 };
  },
  // A stable URL known up front, so the backend gets its CORS origin without a second deploy.
  plannedUrl: async (_app, _environment, service) => `${liveUrl}/${service.name}`,
  async stop() {},
};

const database: Provider = {
  name: "recording",
  kinds: ["postgres"],
  async ensure(request) {
    return { kind: "postgres", provider: "recording", name: `${request.app}-${request.environment}`, ids: { db: "1" }, url: "postgres://app:secret@db.test/app", env: { DATABASE_URL: "postgres://app:secret@db.test/app" }, created: false };
  },
  async destroy() {},
};

const services: DeployServices = {
  forConfig: () => ({
    providerFor: () => database,
    targetFor: () => recordingTarget,
    migrate: async () => ({ applied: 0 }),
    secrets: { getOrCreate: async () => "x".repeat(64) },
  }),
};

let t: AppUnderTest;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  liveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(async () => {
  t.h.assertNoFailures();
  expect(t.h.fake.unhandled).toEqual([]);
  await t.stop();
  deployed.length = 0;
});

async function generatedAndMerged(): Promise<{ prNumber: number; mergeSha: string }> {
  t = await startApp({ deployServices: services });
  nock.enableNetConnect("127.0.0.1");
  await t.say(1, "/generate a blog");
  await t.settle(1);
  const [pr] = t.h.fake.pulls();
  const { sha, payload } = t.h.merge(pr!.number, { by: "alice" });
  await t.h.receive("pull_request", payload);
  return { prNumber: pr!.number, mergeSha: sha };
}

const scope = deployScope({ owner: "octo-org", repo: "demo" });

describe("deploy ordering and commands", () => {
  it("deploys a request made during a deploy right after it, and the latest wins", async () => {
    gate = new Promise((resolve) => (release = resolve));
    const { mergeSha } = await generatedAndMerged();
    await waitUntil(() => deployed.length === 1);
    const second = t.h.fake.pushForeignCommit("main", { "NOTES.md": "second\n" }, { login: "ada", name: "Ada" });
    await t.say(1, "/deploy", "ada");
    const third = t.h.fake.pushForeignCommit("main", { "NOTES.md": "third\n" }, { login: "ada", name: "Ada" });
    await t.say(1, "/deploy", "ada");
    release();
    await waitForScope(t.queue, scope);

    expect(second).not.toBe(third);
    expect(deployed).toEqual([mergeSha, third]); // the later request replaced the earlier one
    const deployments = t.h.fake.deployments();
    expect(deployments.map((d) => d.sha)).toEqual([mergeSha, third]);
    expect(deployments.every((d) => d.statuses.at(-1)?.state === "success")).toBe(true);
    expect(deployments.at(-1)!.statuses.at(-1)!.environmentUrl).toBe(`${liveUrl}/frontend`);
  });

  it("rolls back to the previous successful deployment", async () => {
    gate = Promise.resolve();
    const { mergeSha } = await generatedAndMerged();
    await waitForScope(t.queue, scope);
    const next = t.h.fake.pushForeignCommit("main", { "NOTES.md": "next\n" }, { login: "ada", name: "Ada" });
    await t.say(1, "/deploy", "ada");
    await waitForScope(t.queue, scope);
    await t.say(1, "/deploy rollback", "ada");
    await waitForScope(t.queue, scope);
    expect(deployed).toEqual([mergeSha, next, mergeSha]);
    const last = t.h.fake.deployments().at(-1)!;
    expect(last.sha).toBe(mergeSha);
    expect(last.description).toMatch(/rollback/);
  });

  it("refuses /deploy from a read-only user, with one reply", async () => {
    gate = Promise.resolve();
    await generatedAndMerged();
    await waitForScope(t.queue, scope);
    const before = t.h.fake.deployments().length;
    await t.say(1, "/deploy", "rita");
    await waitForScope(t.queue, scope);
    expect(t.h.fake.deployments()).toHaveLength(before);
    expect(t.h.fake.comments(1).filter((c) => c.viaApp).at(-1)!.body).toMatch(/write or admin access/);
  });

  it("deploys the same commit again on Re-run of its deploy check run, and ignores other apps' runs", async () => {
    gate = Promise.resolve();
    const { mergeSha } = await generatedAndMerged();
    await waitForScope(t.queue, scope);
    const check = t.h.fake.checkRuns().find((c) => c.name === DEPLOY_CHECK_NAME)!;
    await t.h.receive("check_run", t.h.rerequest(check.id, { by: "alice" }));
    await waitForScope(t.queue, scope);
    expect(deployed).toEqual([mergeSha, mergeSha]);
    expect(t.h.fake.deployments()).toHaveLength(2);

    const otherApps = structuredClone(t.h.rerequest(check.id, { by: "alice" }));
    otherApps.check_run.app!.id = 2;
    await t.h.receive("check_run", otherApps);
    await waitForScope(t.queue, scope);
    expect(t.h.fake.deployments()).toHaveLength(2);
  });

  it("does not deploy a PR closed without merging", async () => {
    t = await startApp({ deployServices: services });
    await t.say(1, "/generate a blog");
    await t.settle(1);
    const [pr] = t.h.fake.pulls();
    await t.h.receive("pull_request", t.h.close(pr!.number, { by: "alice" }));
    expect(await t.queue.latest(scope)).toBeNull();
    expect(t.h.fake.deployments()).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
