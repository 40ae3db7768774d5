import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStackwrightApp } from "../../src/app.js";
import { OfflineGenerator } from "../../src/generate/offline.js";
import { PgJobQueue } from "../../src/jobs/postgres.js";
import { gatedGenerator, waitForScope } from "../support/app-under-test.js";
import { createFakeGitHub, createTestProbot, createValidatingFetch, issueCommentCreated, type FakeGitHub } from "../support/github/index.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";

/**
 * The durable path on the real PostgreSQL server: instance A takes the
 * webhook, enqueues the job and starts it, then shuts down mid-run; instance B,
 * started afterwards on the same database, finishes the job: one PR, one
 * progress comment (A's, edited by B).
 */

let db: ScratchDatabase;
let fake: FakeGitHub;
const queues: PgJobQueue[] = [];
const SCOPE = "octo-org/demo#1";

function queue(instanceId: string): PgJobQueue {
  const q = new PgJobQueue({ connectionString: db.url, instanceId, pollIntervalMs: 200, heartbeatMs: 200, staleAfterMs: 2_000, stopTimeoutMs: 500, abortGraceMs: 2_000 });
  queues.push(q);
  return q;
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this test");
  db = await createScratchDatabase("sw_app_restart");
  fake = createFakeGitHub({ appId: 4242 });
  fake.seedRepo({ owner: "octo-org", repo: "demo", files: { "README.md": "# demo\n" }, issues: [{ title: "Blog" }], collaborators: { alice: "write" } });
});

afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop({ timeoutMs: 1_000 }).catch(() => undefined)));
  fake.done();
  await db?.drop();
});

describe("pg-boss job queue across app instances", () => {
  it("finishes on instance B a /generate that instance A accepted and was shut down during", async () => {
    const github = createValidatingFetch();
    const gate = gatedGenerator();
    const queueA = queue("instance-a");
    const probotA = createTestProbot({ appId: 4242, fetch: github.fetch });
    await probotA.load(createStackwrightApp({ queue: queueA, generator: gate.generator, progressIntervalMs: 60_000 }));

    const commentId = fake.addComment(1, "/generate a blog", "alice");
    const payload = issueCommentCreated({ body: "/generate a blog", user: { login: "alice" }, issueNumber: 1, commentId, repo: { owner: "octo-org", name: "demo", defaultBranch: "main" }, installationId: 1 });
    await probotA.receive({ id: "delivery-restart", name: "issue_comment", payload } as never);
    await gate.started; // A acknowledged the command and is generating
    expect(fake.comments(1).filter((c) => c.viaApp)).toHaveLength(1);

    await queueA.stop({ timeoutMs: 100 }); // A goes away mid-run; the job goes back to the queue
    const rows = (await queryDatabase(db.url, "select state, attempts from stackwright.jobs where scope = $1", [SCOPE])).rows;
    expect(rows).toEqual([{ state: "queued", attempts: 0 }]);

    const queueB = queue("instance-b");
    const probotB = createTestProbot({ appId: 4242, fetch: github.fetch });
    await probotB.load(createStackwrightApp({ queue: queueB, generator: () => new OfflineGenerator(), progressIntervalMs: 60_000 }));
    const finished = await waitForScope(queueB, SCOPE, 60_000);

    expect(finished?.state).toBe("succeeded");
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.readTree("stackwright/issue-1")["stackwright.json"]).toBeDefined();
    const progress = fake.comments(1).filter((c) => c.viaApp);
    expect(progress).toHaveLength(1); // B edited A's comment instead of writing a second one
    expect(progress[0]!.body).toContain("/pull/");
    github.assertNoFailures();

    // A redelivery of the same webhook to B makes no second job.
    await probotB.receive({ id: "delivery-restart", name: "issue_comment", payload } as never);
    expect((await queueB.latest(SCOPE))?.id).toBe(finished?.id);
  });
});

