/**
 * GitHub requests per `/generate` (first run), for the blog prompt and for an
 * app more than twice its size, counted at the stand-in GitHub the tests use
 * (every request validated against GitHub's OpenAPI description); and how fast
 * the webhook handler answers, in-process and over HTTP through Probot's real
 * middleware. Prints figures; asserts nothing.
 *
 *   npx tsx bench/github-requests.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware } from "probot";
import { createStackwrightApp } from "../src/app.js";
import { MemoryJobQueue } from "../src/jobs/memory.js";
import { gatedGenerator, startApp } from "../test/support/app-under-test.js";
import { createFakeGitHub, createTestProbot, createValidatingFetch, issueCommentCreated, signedDelivery } from "../test/support/github/index.js";

const PROMPTS = {
  blog: "Create a blog app with Express backend and React frontend",
  large: "A project management tool with projects, tasks, milestones, invoices, clients, contacts, companies, deals, products, orders, events, bookings, recipes, notes",
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function countRequests(name: string, prompt: string): Promise<void> {
  const t = await startApp();
  try {
    await t.say(1, `/generate ${prompt}`);
    const job = await t.settle(1);
    const tree = t.h.fake.readTree("stackwright/issue-1");
    const bytes = Object.values(tree).reduce((n, c) => n + Buffer.byteLength(c), 0);
    const byOperation = new Map<string, number>();
    for (const r of t.h.github.requests) byOperation.set(r.operationId ?? `${r.method} ${r.path}`, (byOperation.get(r.operationId ?? "") ?? 0) + 1);
    console.log(`\n${name}: ${Object.keys(tree).length} files in the branch (${Math.round(bytes / 1024)} KiB), job ${job?.state}`);
    console.log(`  ${t.h.github.requests.length} GitHub requests (contract failures: ${t.h.github.failures.length})`);
    for (const [op, n] of byOperation) console.log(`    ${n} × ${op}`);
  } finally {
    await t.stop();
  }
}

async function handlerLatency(): Promise<void> {
  // In-process: probot.receive() resolves when the handler has returned (parse + enqueue).
  const gate = gatedGenerator();
  const t = await startApp({ generator: gate.generator });
  const inProcess: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const { payload } = t.h.comment(2, `/generate app number ${i}`, "alice");
      const started = performance.now();
      await t.h.receive("issue_comment", payload);
      inProcess.push(performance.now() - started);
    }
  } finally {
    gate.release();
    await t.stop();
  }

  // Over HTTP: signature check, JSON parse, handler, answer.
  const secret = "bench-secret";
  const queue = new MemoryJobQueue();
  const httpGate = gatedGenerator();
  const fake = createFakeGitHub({ appId: 4242 });
  fake.seedRepo({ owner: "octo-org", repo: "demo", files: { "README.md": "# demo\n" }, issues: [{ title: "Blog" }], collaborators: { alice: "write" } });
  const github = createValidatingFetch();
  const probot = createTestProbot({ appId: 4242, secret, fetch: github.fetch });
  const middleware = await createNodeMiddleware(createStackwrightApp({ queue, generator: httpGate.generator }), { probot });
  const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  nock.enableNetConnect("127.0.0.1");
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  const overHttp: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const id = fake.addComment(1, `/generate app ${i}`, "alice");
      const payload = issueCommentCreated({ body: `/generate app ${i}`, user: { login: "alice" }, issueNumber: 1, commentId: id, repo: { owner: "octo-org", name: "demo", defaultBranch: "main" }, installationId: 1 });
      const delivery = await signedDelivery(payload, "issue_comment", secret);
      const started = performance.now();
      const res = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
      await res.arrayBuffer();
      overHttp.push(performance.now() - started);
    }
  } finally {
    httpGate.release();
    await queue.stop({ timeoutMs: 10_000 });
    await new Promise((resolve) => server.close(resolve));
    fake.done();
  }
  console.log(`\nwebhook handler answer (200 deliveries each; the first enqueues, the rest answer "already running"):`);
  console.log(`  in-process probot.receive(): median ${median(inProcess).toFixed(2)} ms, p95 ${p95(inProcess).toFixed(2)} ms`);
  console.log(`  over HTTP (signed, real middleware): median ${median(overHttp).toFixed(2)} ms, p95 ${p95(overHttp).toFixed(2)} ms`);
  console.log(`  target: under 100 ms`);
}

await countRequests("blog prompt", PROMPTS.blog);
await countRequests("larger app", PROMPTS.large);
await handlerLatency();
console.log(`\ntarget: at most 12 requests, the same for both sizes`);
