import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStackwrightApp } from "../../../src/app.js";
import { MemoryJobQueue } from "../../../src/jobs/memory.js";
import { createFakeGitHub, createTestProbot, createValidatingFetch, issueCommentCreated, signedDelivery } from "../../support/github/index.js";
import { gatedGenerator, waitForScope } from "../../support/app-under-test.js";

/**
 * A signed delivery through Probot's real webhook middleware over HTTP: a valid
 * signature is accepted and answered at once (the job runs after the answer);
 * a bad or missing signature is rejected before any handler runs.
 */

const SECRET = "webhook-secret-for-tests";
const queue = new MemoryJobQueue();
const gate = gatedGenerator();
let server: Server;
let url: string;
const fake = createFakeGitHub({ appId: 4242 });
const github = createValidatingFetch();

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  fake.seedRepo({ owner: "octo-org", repo: "demo", files: { "README.md": "# demo\n" }, issues: [{ title: "Blog" }], collaborators: { alice: "write" } });
  const probot = createTestProbot({ appId: 4242, secret: SECRET, fetch: github.fetch });
  const middleware = await createNodeMiddleware(createStackwrightApp({ queue, generator: gate.generator, progressIntervalMs: 60_000 }), { probot });
  server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  gate.release();
  await queue.stop({ timeoutMs: 10_000 });
  await new Promise((resolve) => server.close(resolve));
  fake.done();
  nock.enableNetConnect();
});

function generateComment(): unknown {
  const id = fake.addComment(1, "/generate a blog", "alice");
  return issueCommentCreated({ body: "/generate a blog", user: { login: "alice" }, issueNumber: 1, commentId: id, repo: { owner: "octo-org", name: "demo", defaultBranch: "main" }, installationId: 1 });
}

describe("webhook deliveries over HTTP", () => {
  it("accepts a validly signed delivery and answers before the job runs", async () => {
    const delivery = await signedDelivery(generateComment(), "issue_comment", SECRET);
    const started = performance.now();
    const res = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(1_000);
    // The job is queued or already running, held at its first step: the answer did not wait for it.
    await gate.started;
    const job = await queue.current("octo-org/demo#1");
    expect(job?.state).toBe("running");
    expect(fake.pulls()).toEqual([]);
    gate.release();
    expect((await waitForScope(queue, "octo-org/demo#1"))?.state).toBe("succeeded");
    expect(fake.pulls()).toHaveLength(1);
    github.assertNoFailures();
  });

  it("rejects a delivery with a wrong signature", async () => {
    const delivery = await signedDelivery(generateComment(), "issue_comment", "not-the-secret");
    const res = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(400);
    expect(await queue.latest(`octo-org/demo#1`)).toMatchObject({ state: "succeeded" }); // no new job
  });

  it("rejects a delivery without a signature", async () => {
    const delivery = await signedDelivery(generateComment(), "issue_comment", SECRET);
    const headers: Record<string, string> = { ...delivery.headers };
    delete headers["x-hub-signature-256"];
    const requestsBefore = github.requests.length;
    const res = await fetch(url, { method: "POST", headers, body: delivery.body });
    expect(res.status).toBe(400);
    expect(github.requests.length).toBe(requestsBefore);
  });
});
