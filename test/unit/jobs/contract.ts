import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { JobAbortedError, PermanentJobError, type Job, type JobQueue, type JobQueueOptions, type JsonObject } from "../../../src/jobs/index.js";

/**
 * The contract every JobQueue keeps, run against each implementation:
 * test/unit/jobs/memory.test.ts (in-process) and test/e2e/jobs-pgboss.test.ts (PostgreSQL).
 */
export interface QueueHarness {
  /** A new, started queue. For PostgreSQL every call is another instance on the same database. */
  open(options?: JobQueueOptions): Promise<JobQueue>;
  /** After `stop`: a queue that sees the same jobs (the same object started again, or a new instance). */
  reopen(stopped: JobQueue, options?: JobQueueOptions): Promise<JobQueue>;
  /** Reads a job of a stopped queue without running anything. */
  peek(stopped: JobQueue, id: string): Promise<Job | null>;
  /** Stops every queue opened so far (after each test). */
  close(): Promise<void>;
}

/** Fast policy for tests: no retry delay. */
export const FAST: JobQueueOptions = {
  policy: { attempts: 3, retryDelayMs: 0, retryBackoff: false, timeoutMs: 20_000 },
  abortGraceMs: 1_000,
  stopTimeoutMs: 5_000,
};

let counter = 0;
/** Unique names per test, so tests sharing a database never see each other's jobs. */
export function names() {
  const tag = `${randomBytes(3).toString("hex")}${++counter}`;
  return { kind: `k${tag}`, scope: (n = 1) => `octo/repo-${tag}#${n}`, key: (n: number | string = 1) => `key-${tag}-${n}`, delivery: (n: number | string = 1) => `delivery-${tag}-${n}` };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function waitForState(queue: JobQueue, id: string, state: Job["state"], timeoutMs = 10_000): Promise<Job> {
  return waitFor(async () => {
    const job = await queue.get(id);
    return job?.state === state ? job : null;
  }, `job ${id} to be ${state}`, timeoutMs);
}

/** A promise plus its resolve function. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves when the signal aborts. */
export function aborted(signal: AbortSignal): Promise<JobAbortedError> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason as JobAbortedError);
    else signal.addEventListener("abort", () => resolve(signal.reason as JobAbortedError), { once: true });
  });
}

export function jobQueueContract(label: string, makeHarness: () => QueueHarness): void {
  describe(`JobQueue contract: ${label}`, () => {
    const harness = makeHarness();
    afterEach(() => harness.close());

    it("runs a submitted job: queued → running → succeeded", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const seen: Job[] = [];
      queue.work<{ prompt: string }>(n.kind, async (job) => {
        seen.push(job);
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(), payload: { prompt: "a blog", when: new Date(0) } as never });
      expect(result.outcome).toBe("queued");
      if (result.outcome !== "queued") return;
      expect(result.job).toMatchObject({ kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(), state: "queued", attempts: 0, data: {}, error: null, startedAt: null, finishedAt: null });
      expect(result.job.payload).toEqual({ prompt: "a blog", when: "1970-01-01T00:00:00.000Z" });
      const done = await waitForState(queue, result.job.id, "succeeded");
      expect(done).toMatchObject({ attempts: 1, error: null, cancelRequestedAt: null });
      expect(done.startedAt).toBeInstanceOf(Date);
      expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ id: result.job.id, state: "running", attempts: 1, payload: { prompt: "a blog" } });
      expect(await queue.current(n.scope())).toBeNull();
      expect((await queue.latest(n.scope()))?.id).toBe(result.job.id);
      expect(await queue.latest("nobody/nothing#0")).toBeNull();
    });

    it("the same delivery twice makes one job", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const request = { kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(), payload: { n: 1 } };
      const [first, second] = await Promise.all([queue.submit(request), queue.submit(request)]);
      const outcomes = [first.outcome, second.outcome].sort();
      expect(outcomes).toEqual(["duplicate", "queued"]);
      const queued = first.outcome === "queued" ? first.job : second.outcome === "queued" ? second.job : null;
      const duplicate = first.outcome === "duplicate" ? first.job : second.outcome === "duplicate" ? second.job : null;
      expect(duplicate?.id).toBe(queued?.id);
      // The same delivery id with another key (a second command in one event, say) is still that delivery's job.
      const again = await queue.submit({ ...request, key: n.key(2), scope: n.scope(2) });
      expect(again).toMatchObject({ outcome: "duplicate", job: { id: queued?.id } });
    });

    it("a redelivery (same key, new delivery id) is a duplicate, also after the job ended", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      queue.work(n.kind, async () => {});
      const first = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(1), payload: {} });
      if (first.outcome !== "queued") throw new Error(first.outcome);
      const redelivery = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(2), payload: {} });
      expect(redelivery).toMatchObject({ outcome: "duplicate", job: { id: first.job.id } });
      await waitForState(queue, first.job.id, "succeeded");
      const late = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      expect(late).toMatchObject({ outcome: "duplicate", job: { id: first.job.id, state: "succeeded" } });
    });

    it("a second job for a busy scope gets the queued or running job; after it ends a new one is accepted", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const first = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(1), payload: {} });
      if (first.outcome !== "queued") throw new Error(first.outcome);
      // No worker yet: the job waits, and still holds its scope.
      expect(await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(2), payload: {} })).toMatchObject({ outcome: "busy", running: { id: first.job.id, state: "queued" } });
      expect((await queue.current(n.scope()))?.id).toBe(first.job.id);

      const release = deferred();
      const started = deferred();
      queue.work(n.kind, async () => {
        started.resolve();
        await release.promise;
      });
      await started.promise;
      await waitForState(queue, first.job.id, "running");
      const busy = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(3), payload: {} });
      expect(busy).toMatchObject({ outcome: "busy", running: { id: first.job.id, state: "running", attempts: 1 } });
      // Other scopes are not held up.
      const other = await queue.submit({ kind: n.kind, scope: n.scope(2), key: n.key(4), payload: {} });
      expect(other.outcome).toBe("queued");

      release.resolve();
      await waitForState(queue, first.job.id, "succeeded");
      const next = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(5), payload: {} });
      expect(next.outcome).toBe("queued");
      if (next.outcome === "queued") await waitForState(queue, next.job.id, "succeeded");
    });

    it("cancel of a running job aborts the handler's signal promptly; the job ends cancelled", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const started = deferred();
      const sawAbort = deferred<JobAbortedError>();
      queue.work(n.kind, async (_job, { signal }) => {
        started.resolve();
        sawAbort.resolve(await aborted(signal));
        signal.throwIfAborted();
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      await started.promise;
      await waitForState(queue, result.job.id, "running");
      const asked = Date.now();
      const cancelled = await queue.cancel(n.scope());
      expect(cancelled?.id).toBe(result.job.id);
      expect(cancelled?.cancelRequestedAt).toBeInstanceOf(Date);
      const reason = await sawAbort.promise;
      const abortMs = Date.now() - asked;
      expect(reason).toBeInstanceOf(JobAbortedError);
      expect(reason.reason).toBe("cancelled");
      expect(abortMs).toBeLessThan(2_000);
      const done = await waitForState(queue, result.job.id, "cancelled");
      expect(done.finishedAt).toBeInstanceOf(Date);
      expect(await queue.current(n.scope())).toBeNull();
      expect(await queue.cancel(n.scope())).toBeNull();
      expect((await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(2), payload: {} })).outcome).toBe("queued");
      expect(await queue.cancel(n.scope(), { waitMs: 5_000 })).toMatchObject({ key: n.key(2), state: "cancelled" });
    });

    it("cancel with waitMs returns the job once its handler has stopped", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const started = deferred();
      queue.work(n.kind, async (_job, { signal }) => {
        started.resolve();
        await aborted(signal);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw signal.reason;
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      await started.promise;
      const cancelled = await queue.cancel(n.scope(), { waitMs: 5_000 });
      expect(cancelled).toMatchObject({ id: result.outcome === "queued" ? result.job.id : "", state: "cancelled" });
    });

    it("a cancelled queued job never starts", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      expect(await queue.cancel(n.scope())).toBeNull();
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const cancelled = await queue.cancel(n.scope());
      expect(cancelled).toMatchObject({ id: result.job.id, state: "cancelled" });
      expect(cancelled?.finishedAt).toBeInstanceOf(Date);
      let ran = 0;
      queue.work(n.kind, async () => {
        ran++;
      });
      // A later job of the same kind runs, so the worker is live and has had its chance.
      const later = await queue.submit({ kind: n.kind, scope: n.scope(2), key: n.key(2), payload: {} });
      if (later.outcome === "queued") await waitForState(queue, later.job.id, "succeeded");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran).toBe(1);
      expect((await queue.get(result.job.id))?.state).toBe("cancelled");
      expect(await queue.current(n.scope())).toBeNull();
    });

    it("a failing handler is retried and can still succeed", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const attemptsSeen: number[] = [];
      queue.work(n.kind, async (job) => {
        attemptsSeen.push(job.attempts);
        if (job.attempts < 3) throw new Error(`flaky ${job.attempts}`);
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const done = await waitForState(queue, result.job.id, "succeeded");
      expect(done).toMatchObject({ attempts: 3, maxAttempts: 3, error: null });
      expect(attemptsSeen).toEqual([1, 2, 3]);
    });

    it("a handler that keeps failing ends failed with the last error after its attempts", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      let calls = 0;
      queue.work(n.kind, async (job) => {
        calls++;
        // While a retry waits, the scope stays busy.
        throw new Error(`boom ${job.attempts}`);
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const done = await waitForState(queue, result.job.id, "failed");
      expect(done).toMatchObject({ attempts: 3, error: "boom 3" });
      expect(done.finishedAt).toBeInstanceOf(Date);
      expect(calls).toBe(3);
      expect(await queue.current(n.scope())).toBeNull();
    });

    it("a PermanentJobError fails the job without retries", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      let calls = 0;
      queue.work(n.kind, async () => {
        calls++;
        throw new PermanentJobError("the prompt is empty");
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const done = await waitForState(queue, result.job.id, "failed");
      expect(done).toMatchObject({ attempts: 1, error: "the prompt is empty" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(calls).toBe(1);
    });

    it("a run past its time limit is aborted (reason timeout) and counts as a failed attempt", async () => {
      const n = names();
      const queue = await harness.open({ ...FAST, policies: { [n.kind]: { attempts: 1, timeoutMs: 300 } } });
      const reasons: string[] = [];
      queue.work(n.kind, async (_job, { signal }) => {
        reasons.push((await aborted(signal)).reason);
        signal.throwIfAborted();
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const done = await waitForState(queue, result.job.id, "failed");
      expect(done.error).toMatch(/time limit/);
      expect(done.maxAttempts).toBe(1);
      expect(reasons).toEqual(["timeout"]);
    });

    it("annotations from the handler and from annotate() are visible through current()", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const release = deferred();
      queue.work(n.kind, async (_job, { annotate }) => {
        await annotate({ phase: "generate", commentUrl: "https://github.com/octo/repo/issues/12#issuecomment-1" });
        await annotate({ phase: "verify" });
        await release.promise;
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      const running = await waitFor(async () => {
        const job = await queue.current(n.scope());
        return job?.data.phase === "verify" ? job : null;
      }, "phase verify");
      expect(running.data).toEqual({ phase: "verify", commentUrl: "https://github.com/octo/repo/issues/12#issuecomment-1" });
      const annotated = await queue.annotate(result.job.id, { checkRunId: 7, nested: { a: [1, null] } } satisfies JsonObject);
      expect(annotated?.data).toMatchObject({ phase: "verify", checkRunId: 7, nested: { a: [1, null] } });
      // The busy answer carries the annotations: a second /generate can link to the progress comment.
      const busy = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(2), payload: {} });
      expect(busy).toMatchObject({ outcome: "busy", running: { data: { commentUrl: "https://github.com/octo/repo/issues/12#issuecomment-1" } } });
      release.resolve();
      const done = await waitForState(queue, result.job.id, "succeeded");
      expect(done.data).toMatchObject({ phase: "verify", checkRunId: 7 });
      expect(await queue.annotate("00000000-0000-4000-8000-000000000000", { a: 1 })).toBeNull();
      await expect(queue.annotate(result.job.id, { big: "x".repeat(20_000) })).rejects.toThrow(/larger than/);
    });

    it("runs at most `concurrency` jobs at once", async () => {
      const queue = await harness.open({ ...FAST, concurrency: 2 });
      const n = names();
      let running = 0;
      let most = 0;
      queue.work(n.kind, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running--;
      });
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const result = await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(i), payload: { i } });
        if (result.outcome === "queued") ids.push(result.job.id);
      }
      for (const id of ids) await waitForState(queue, id, "succeeded");
      expect(ids).toHaveLength(5);
      expect(most).toBe(2);
    });

    it("stop() waits for running handlers", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const started = deferred();
      queue.work(n.kind, async () => {
        started.resolve();
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      await started.promise;
      await queue.stop({ timeoutMs: 5_000 });
      await expect(queue.submit({ kind: n.kind, scope: n.scope(2), key: n.key(2), payload: {} })).rejects.toThrow(/not running/);
      expect(await harness.peek(queue, result.job.id)).toMatchObject({ state: "succeeded", attempts: 1 });
    });

    it("stop() past its timeout aborts handlers (reason shutdown) and the job runs again later, that run not counted", async () => {
      const queue = await harness.open(FAST);
      const n = names();
      const started = deferred();
      const reasons: string[] = [];
      const seen: number[] = [];
      let first = true;
      const handler = async (job: Job, { signal }: { signal: AbortSignal }) => {
        seen.push(job.attempts);
        if (!first) return;
        first = false;
        started.resolve();
        reasons.push((await aborted(signal)).reason);
        signal.throwIfAborted();
      };
      queue.work(n.kind, handler);
      const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
      if (result.outcome !== "queued") throw new Error(result.outcome);
      await started.promise;
      await waitForState(queue, result.job.id, "running");
      await queue.stop({ timeoutMs: 100 });
      expect(reasons).toEqual(["shutdown"]);
      expect(await harness.peek(queue, result.job.id)).toMatchObject({ state: "queued", attempts: 0 });
      const next = await harness.reopen(queue, FAST);
      if (next !== queue) next.work(n.kind, handler);
      const done = await waitForState(next, result.job.id, "succeeded");
      expect(done.attempts).toBe(1);
      expect(seen).toEqual([1, 1]);
    });

    it("rejects malformed requests", async () => {
      const queue = await harness.open(FAST);
      await expect(queue.submit({ kind: "no spaces", scope: "s", key: "k", payload: {} })).rejects.toThrow(/kind/);
      await expect(queue.submit({ kind: "generate", scope: "", key: "k", payload: {} })).rejects.toThrow(/scope/);
      await expect(queue.submit({ kind: "generate", scope: "s", key: "", payload: {} })).rejects.toThrow(/key/);
      await expect(queue.submit({ kind: "generate", scope: "s", key: "k", payload: "x".repeat(300_000) })).rejects.toThrow(/larger than/);
      expect(() => queue.work("generate!", async () => {})).toThrow(/kind/);
    });
  });
}
