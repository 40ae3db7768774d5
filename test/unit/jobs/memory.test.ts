import { describe, expect, it } from "vitest";
import { createJobQueue, MemoryJobQueue, PgJobQueue, type JobQueue } from "../../../src/jobs/index.js";
import { FAST, jobQueueContract, names, waitForState, type QueueHarness } from "./contract.js";

function memoryHarness(): QueueHarness {
  let open: JobQueue[] = [];
  return {
    async open(options) {
      const queue = new MemoryJobQueue(options);
      await queue.start();
      open.push(queue);
      return queue;
    },
    async reopen(stopped) {
      // In-process jobs live as long as the object: starting it again resumes them.
      await stopped.start();
      return stopped;
    },
    peek: (stopped, id) => stopped.get(id),
    async close() {
      const closing = open;
      open = [];
      await Promise.all(closing.map((queue) => queue.stop({ timeoutMs: 1_000 })));
    },
  };
}

jobQueueContract("in-process", memoryHarness);

describe("MemoryJobQueue", () => {
  it("remembers a bounded number of finished jobs for dedupe", async () => {
    const queue = new MemoryJobQueue({ ...FAST, maxFinishedJobs: 3 });
    await queue.start();
    const n = names();
    queue.work(n.kind, async () => {});
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const result = await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(i), deliveryId: n.delivery(i), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      ids.push(result.job.id);
      await waitForState(queue, result.job.id, "succeeded");
    }
    // The two oldest are forgotten (key, delivery and record); the three newest are still duplicates.
    expect(await queue.get(ids[0]!)).toBeNull();
    expect(await queue.latest(n.scope(1))).toBeNull();
    expect((await queue.submit({ kind: n.kind, scope: n.scope(1), key: n.key(1), deliveryId: n.delivery(1), payload: {} })).outcome).toBe("queued");
    expect((await queue.submit({ kind: n.kind, scope: n.scope(5), key: n.key(5), payload: {} })).outcome).toBe("duplicate");
    expect((await queue.submit({ kind: n.kind, scope: n.scope(9), key: n.key(9), deliveryId: n.delivery(4), payload: {} })).outcome).toBe("duplicate");
    await queue.stop();
  });

  it("keeps queued and running jobs however many have finished", async () => {
    const queue = new MemoryJobQueue({ ...FAST, maxFinishedJobs: 1 });
    await queue.start();
    const n = names();
    const waiting = await queue.submit({ kind: `${n.kind}x`, scope: n.scope(0), key: n.key(0), payload: {} });
    queue.work(n.kind, async () => {});
    for (let i = 1; i <= 3; i++) {
      const result = await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(i), payload: {} });
      if (result.outcome === "queued") await waitForState(queue, result.job.id, "succeeded");
    }
    expect(waiting.outcome).toBe("queued");
    expect((await queue.current(n.scope(0)))?.state).toBe("queued");
    await queue.stop();
  });

  it("waits out the retry delay with backoff before running again", async () => {
    const queue = new MemoryJobQueue({ ...FAST, policy: { attempts: 3, retryDelayMs: 100, retryBackoff: true } });
    await queue.start();
    const n = names();
    const starts: number[] = [];
    queue.work(n.kind, async (job) => {
      starts.push(Date.now());
      if (job.attempts < 3) throw new Error("again");
    });
    const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
    if (result.outcome !== "queued") throw new Error(result.outcome);
    await waitForState(queue, result.job.id, "succeeded");
    const [a, b, c] = starts as [number, number, number];
    // First retry: 100·(1..2) ms; second: 200·(1..2) ms.
    expect(b - a).toBeGreaterThanOrEqual(95);
    expect(b - a).toBeLessThan(400);
    expect(c - b).toBeGreaterThanOrEqual(195);
    expect(c - b).toBeLessThan(600);
    await queue.stop();
  });

  it("cancel during a retry delay ends the job at once", async () => {
    const queue = new MemoryJobQueue({ ...FAST, policy: { attempts: 3, retryDelayMs: 60_000, retryBackoff: false } });
    await queue.start();
    const n = names();
    let calls = 0;
    queue.work(n.kind, async () => {
      calls++;
      throw new Error("first try fails");
    });
    const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
    if (result.outcome !== "queued") throw new Error(result.outcome);
    await waitForState(queue, result.job.id, "queued").then(async () => {
      // Wait until the first run has failed and the retry is waiting.
      for (let i = 0; i < 100 && calls === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(await queue.cancel(n.scope())).toMatchObject({ state: "cancelled", error: "first try fails", attempts: 1 });
    expect(calls).toBe(1);
    await queue.stop();
  });

  it("a handler that ignores its aborted signal is given up on after the grace period", async () => {
    const warnings: string[] = [];
    const queue = new MemoryJobQueue({ ...FAST, abortGraceMs: 100, logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } });
    await queue.start();
    const n = names();
    const never = new Promise<void>(() => {});
    queue.work(n.kind, () => never);
    const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
    if (result.outcome !== "queued") throw new Error(result.outcome);
    await waitForState(queue, result.job.id, "running");
    await queue.cancel(n.scope());
    await waitForState(queue, result.job.id, "cancelled", 2_000);
    expect(warnings.join("\n")).toMatch(/did not return within 100 ms/);
    await queue.stop();
  });

  it("needs start() before submit", async () => {
    const queue = new MemoryJobQueue();
    await expect(queue.submit({ kind: "generate", scope: "s", key: "k", payload: {} })).rejects.toThrow(/start/);
  });
});

describe("createJobQueue", () => {
  it("picks PostgreSQL when a database URL is given, the in-process queue otherwise", async () => {
    expect(createJobQueue({})).toBeInstanceOf(MemoryJobQueue);
    expect(createJobQueue({ databaseUrl: "" })).toBeInstanceOf(MemoryJobQueue);
    // Constructing does not connect; nothing listens on this port.
    expect(createJobQueue({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" })).toBeInstanceOf(PgJobQueue);
  });
});
