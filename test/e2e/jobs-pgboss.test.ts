import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgJobQueue, type JobQueue, type JobQueueOptions, type PgJobQueueOptions } from "../../src/jobs/index.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";
import { aborted, deferred, FAST, jobQueueContract, names, waitFor, waitForState, type QueueHarness } from "../unit/jobs/contract.js";

/**
 * The pg-boss queue on the real PostgreSQL server: the shared contract, then what only a shared
 * database can show: a job survives its worker's crash and is finished by another process; two
 * instances never run one job twice nor two jobs of one scope at once; cancel crosses instances;
 * the schema is created safely by instances starting together. Prints submit latency.
 */

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const jobsModule = pathToFileURL(fileURLToPath(new URL("../../src/jobs/index.ts", import.meta.url))).href;

/** Quick timings for tests: poll 100 ms, heartbeat 100 ms, a worker is presumed dead after 1 s of silence. */
const TIMING: Partial<PgJobQueueOptions> = { pollIntervalMs: 100, heartbeatMs: 100, staleAfterMs: 1_000, poolMax: 4 };

let database: Promise<ScratchDatabase> | null = null;
function scratch(): Promise<ScratchDatabase> {
  database ??= (async () => {
    if (!(await postgresAvailable())) {
      throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) to run this test");
    }
    return createScratchDatabase("sw_jobs");
  })();
  return database;
}

afterAll(async () => {
  if (database) await (await database).drop();
});

async function openQueue(options: JobQueueOptions & Partial<PgJobQueueOptions> = FAST): Promise<PgJobQueue> {
  const db = await scratch();
  const queue = new PgJobQueue({ ...TIMING, ...options, connectionString: db.url });
  await queue.start();
  return queue;
}

function pgHarness(): QueueHarness {
  let open: JobQueue[] = [];
  const track = <Q extends JobQueue>(queue: Q) => {
    open.push(queue);
    return queue;
  };
  return {
    open: async (options) => track(await openQueue(options)),
    // Another instance on the same database: what a restarted app sees.
    reopen: async (_stopped, options) => track(await openQueue(options)),
    async peek(_stopped, id) {
      const reader = await openQueue(FAST);
      try {
        return await reader.get(id);
      } finally {
        await reader.stop();
      }
    },
    async close() {
      const closing = open;
      open = [];
      await Promise.all(closing.map((queue) => queue.stop({ timeoutMs: 2_000 })));
    },
  };
}

jobQueueContract("PostgreSQL (pg-boss 10)", pgHarness);

// ---- a worker in a child process ----------------------------------------------------------

interface ChildEvent {
  event: string;
  id?: string;
  attempts?: number;
  outcome?: string;
  pid?: number;
}

interface Child {
  process: ChildProcess;
  events: ChildEvent[];
  output(): string;
  waitFor(match: (event: ChildEvent) => boolean, what: string, timeoutMs?: number): Promise<ChildEvent>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The app's worker side in its own Node process (tsx runs the TypeScript sources). */
const CHILD_SOURCE = `
const { PgJobQueue } = await import(process.env.JOBS_MODULE);
const config = JSON.parse(process.env.JOBS_CONFIG);
const say = (line) => process.stdout.write(JSON.stringify(line) + "\\n");
const queue = new PgJobQueue({ ...config.options, connectionString: config.url, logger: { warn: (m) => say({ event: "warn", message: m }), error: (m) => say({ event: "error", message: m }) } });
if (config.work) {
  queue.work(config.kind, async (job, { annotate }) => {
    say({ event: "started", id: job.id, attempts: job.attempts, pid: process.pid });
    if (config.work === "hang") await new Promise(() => {});
    await annotate({ finishedBy: process.pid });
    say({ event: "finished", id: job.id, pid: process.pid });
  });
}
await queue.start();
say({ event: "ready", pid: process.pid });
if (config.submit) {
  const result = await queue.submit(config.submit);
  say({ event: "submitted", outcome: result.outcome, id: result.outcome === "queued" ? result.job.id : undefined });
}
process.on("SIGTERM", () => queue.stop({ timeoutMs: 1000 }).then(() => process.exit(0)));
setInterval(() => {}, 1 << 30);
`;

function startChild(config: { url: string; kind: string; work?: "hang" | "finish"; submit?: unknown; options: unknown }): Child {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD_SOURCE], {
    cwd: repoRoot,
    env: { ...process.env, JOBS_MODULE: jobsModule, JOBS_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: ChildEvent[] = [];
  let output = "";
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk;
    partial += chunk;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as ChildEvent);
      } catch {
        // not ours
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    process: child,
    events,
    output: () => output,
    async waitFor(match, what, timeoutMs = 20_000) {
      return waitFor(async () => events.find(match) ?? (child.exitCode !== null ? Promise.reject(new Error(`child exited (${child.exitCode}) before ${what}:\n${output}`)) : null), what, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\nchild output:\n${output}`);
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

describe("PgJobQueue across instances (real PostgreSQL)", () => {
  const children: Child[] = [];
  const queues: PgJobQueue[] = [];
  const track = (queue: PgJobQueue) => (queues.push(queue), queue);
  let url = "";

  beforeAll(async () => {
    url = (await scratch()).url;
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill("SIGKILL")));
    await Promise.all(queues.map((queue) => queue.stop({ timeoutMs: 1_000 })));
  });

  it("a job whose worker process is killed mid-run is finished by another process", async () => {
    const n = names();
    const options = { ...FAST, ...TIMING };
    // Instance A: takes the webhook (submits) and works the job, then dies without a word.
    const a = startChild({ url, kind: n.kind, work: "hang", options, submit: { kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(), payload: { prompt: "a shop" } } });
    children.push(a);
    const submitted = await a.waitFor((e) => e.event === "submitted", "A to submit");
    expect(submitted.outcome).toBe("queued");
    const id = submitted.id!;
    await a.waitFor((e) => e.event === "started" && e.id === id, "A to start the job");
    await a.kill("SIGKILL");
    const killedAt = Date.now();

    // The job still holds its scope: a redelivery is a duplicate, another /generate is busy.
    const reader = track(await openQueue({ ...FAST, ...TIMING }));
    expect(await reader.submit({ kind: n.kind, scope: n.scope(), key: n.key(), deliveryId: n.delivery(2), payload: {} })).toMatchObject({ outcome: "duplicate", job: { id } });
    expect(await reader.submit({ kind: n.kind, scope: n.scope(), key: n.key(2), payload: {} })).toMatchObject({ outcome: "busy", running: { id, state: "running" } });

    // Instance B: a separate process started after the crash.
    const b = startChild({ url, kind: n.kind, work: "finish", options });
    children.push(b);
    await b.waitFor((e) => e.event === "finished" && e.id === id, "B to finish the job");
    const done = await waitForState(reader, id, "succeeded");
    const recoveredMs = Date.now() - killedAt;
    console.log(`crash recovery: job ${id} finished by another process ${recoveredMs} ms after its worker was killed (staleAfterMs ${TIMING.staleAfterMs})`);
    expect(done).toMatchObject({ attempts: 2, payload: { prompt: "a shop" }, data: { finishedBy: b.process.pid } });
    expect(done.error).toBeNull();
    expect(b.events.filter((e) => e.event === "started" && e.id === id)).toHaveLength(1);
    await b.kill("SIGTERM");
  });

  it("a job submitted by an instance that then stops is run by the next instance", async () => {
    const n = names();
    const a = track(await openQueue());
    const submitted = await a.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: { n: 1 } });
    if (submitted.outcome !== "queued") throw new Error(submitted.outcome);
    await a.stop();
    const b = track(await openQueue());
    b.work(n.kind, async () => {});
    await waitForState(b, submitted.job.id, "succeeded");
  });

  it("two instances working together never run a job twice nor two jobs of one scope at once", async () => {
    const n = names();
    type Span = { instance: string; id: string; scope: string; start: number; end: number };
    const spans: Span[] = [];
    const instances = [track(await openQueue({ ...FAST, concurrency: 3 })), track(await openQueue({ ...FAST, concurrency: 3 }))];
    instances.forEach((queue, index) => {
      queue.work(n.kind, async (job) => {
        const start = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60));
        spans.push({ instance: `i${index}`, id: job.id, scope: job.scope, start, end: performance.now() });
      });
    });
    const queued = new Set<string>();
    let busy = 0;
    let duplicates = 0;
    const deadline = Date.now() + 3_000;
    let seq = 0;
    // Both instances take "webhooks" for 4 scopes as fast as they can; every key is sent twice, once to each.
    await Promise.all(
      instances.map(async (queue, index) => {
        while (Date.now() < deadline) {
          const i = seq++;
          const scope = n.scope(i % 4);
          for (const target of index === 0 ? [queue, instances[1]!] : [instances[0]!, queue]) {
            const result = await target.submit({ kind: n.kind, scope, key: n.key(`${index}-${i}`), payload: { i } });
            if (result.outcome === "queued") queued.add(result.job.id);
            else if (result.outcome === "busy") {
              busy++;
              expect(result.running.scope).toBe(scope);
            } else duplicates++;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    await waitFor(async () => spans.length >= queued.size && spans.length > 0, "all accepted jobs to run", 20_000);
    for (const id of queued) await waitForState(instances[0]!, id, "succeeded");
    await new Promise((resolve) => setTimeout(resolve, 300));

    const runs = new Map<string, number>();
    for (const span of spans) runs.set(span.id, (runs.get(span.id) ?? 0) + 1);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(queued.size);
    for (let s = 0; s < 4; s++) {
      const ordered = spans.filter((span) => span.scope === n.scope(s)).sort((x, y) => x.start - y.start);
      for (let i = 1; i < ordered.length; i++) expect(ordered[i]!.start).toBeGreaterThanOrEqual(ordered[i - 1]!.end - 1);
    }
    const byInstance = new Set(spans.map((span) => span.instance));
    console.log(`two instances: ${queued.size} jobs ran once each (i0 ${spans.filter((s) => s.instance === "i0").length}, i1 ${spans.filter((s) => s.instance === "i1").length}); ${busy} busy and ${duplicates} duplicate answers`);
    expect(byInstance.size).toBe(2);
    expect(duplicates).toBeGreaterThan(0);
    expect(busy).toBeGreaterThan(0);
  });

  it("cancel on one instance aborts the handler running on another within about a second", async () => {
    const n = names();
    const worker = track(await openQueue());
    const other = track(await openQueue());
    const started = deferred();
    const sawAbort = deferred<string>();
    worker.work(n.kind, async (_job, { signal }) => {
      started.resolve();
      sawAbort.resolve((await aborted(signal)).reason);
      signal.throwIfAborted();
    });
    const result = await other.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
    if (result.outcome !== "queued") throw new Error(result.outcome);
    await started.promise;
    const asked = Date.now();
    const cancelled = await other.cancel(n.scope());
    expect(cancelled).toMatchObject({ id: result.job.id, state: "running" });
    expect(cancelled?.cancelRequestedAt).toBeInstanceOf(Date);
    expect(await sawAbort.promise).toBe("cancelled");
    const abortMs = Date.now() - asked;
    const done = await waitForState(other, result.job.id, "cancelled");
    console.log(`cross-instance cancel: handler aborted ${abortMs} ms after cancel (heartbeat ${TIMING.heartbeatMs} ms); job cancelled ${Date.now() - asked} ms after`);
    expect(abortMs).toBeLessThan(2_000);
    expect(done.finishedAt).toBeInstanceOf(Date);
    // pg-boss will not deliver it again.
    const boss = await queryDatabase(url, `SELECT state FROM stackwright_boss.job WHERE id = $1`, [result.job.id]);
    expect(boss.rows[0]?.state).toBe("cancelled");
  });

  it("instances starting at once on an empty database create the schema once, safely", async () => {
    const db = await createScratchDatabase("sw_jobs_race");
    try {
      const started = await Promise.all([1, 2, 3].map(async () => {
        const queue = new PgJobQueue({ ...FAST, ...TIMING, connectionString: db.url });
        await queue.start();
        return queue;
      }));
      const migrations = await queryDatabase(db.url, "SELECT version FROM stackwright.jobs_migrations");
      expect(migrations.rows).toEqual([{ version: 1 }]);
      const n = names();
      const results = await Promise.all(started.map((queue) => queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} })));
      expect(results.map((r) => r.outcome).sort()).toEqual(["duplicate", "duplicate", "queued"]);
      await Promise.all(started.map((queue) => queue.stop()));
    } finally {
      await db.drop();
    }
  });

  it("a run that lost its lease (presumed dead) stops, writes nothing, and the job runs again", async () => {
    const n = names();
    const queue = track(await openQueue());
    const started = deferred();
    const reasons: string[] = [];
    let annotateError: unknown;
    let calls = 0;
    queue.work(n.kind, async (_job, { signal, annotate }) => {
      calls++;
      if (calls > 1) return;
      started.resolve();
      reasons.push((await aborted(signal)).reason);
      annotateError = await annotate({ zombie: true }).catch((error: unknown) => error);
      throw signal.reason;
    });
    const result = await queue.submit({ kind: n.kind, scope: n.scope(), key: n.key(), payload: {} });
    if (result.outcome !== "queued") throw new Error(result.outcome);
    await started.promise;
    // What a sweeper on another instance does to a worker it believes dead: the lease moves on.
    await queryDatabase(url, `UPDATE stackwright.jobs SET lease = gen_random_uuid() WHERE id = $1`, [result.job.id]);
    const done = await waitForState(queue, result.job.id, "succeeded");
    expect(reasons).toEqual(["lease-lost"]);
    expect((annotateError as { reason?: string }).reason).toBe("lease-lost");
    expect(done).toMatchObject({ attempts: 2, data: {} });
    expect(calls).toBe(2);
  });

  it("pg-boss maintenance runs on our shared pool without errors", async () => {
    const problems: string[] = [];
    const logger = { warn: (m: string) => problems.push(m), error: (m: string) => problems.push(m) };
    const queue = track(await openQueue({ ...FAST, maintenanceIntervalSeconds: 1, logger }));
    await queryDatabase(url, "UPDATE stackwright_boss.version SET maintained_on = NULL");
    await waitFor(async () => (await queryDatabase(url, "SELECT maintained_on FROM stackwright_boss.version")).rows[0]?.maintained_on, "a maintenance run", 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(problems).toEqual([]);
    await queue.stop();
  });

  it("measures submit latency (printed, not asserted)", async () => {
    const queue = track(await openQueue());
    const n = names();
    // Warm up: the first submit of a kind creates its pg-boss queue.
    await queue.submit({ kind: n.kind, scope: n.scope(0), key: n.key("warm"), payload: {} });
    const timings: number[] = [];
    const duplicateTimings: number[] = [];
    const busyTimings: number[] = [];
    for (let i = 1; i <= 200; i++) {
      const payload = { prompt: "Create a blog app with Express backend and React frontend", issue: i, comment: { id: 1000 + i, user: "octocat" } };
      let started = performance.now();
      const result = await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(i), deliveryId: n.delivery(i), payload });
      timings.push(performance.now() - started);
      expect(result.outcome).toBe("queued");
      if (i % 4 === 0) {
        started = performance.now();
        await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(i), deliveryId: n.delivery(i), payload });
        duplicateTimings.push(performance.now() - started);
        started = performance.now();
        await queue.submit({ kind: n.kind, scope: n.scope(i), key: n.key(`${i}b`), payload });
        busyTimings.push(performance.now() - started);
      }
    }
    console.log(`submit on real PostgreSQL: queued ${summary(timings)}; duplicate ${summary(duplicateTimings)}; busy ${summary(busyTimings)}`);
  });
});

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `n=${values.length} p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

