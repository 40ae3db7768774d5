import { randomUUID } from "node:crypto";
import { startAttempt, type Attempt, type AttemptOutcome } from "./attempt.js";
import { JobAbortedError } from "./errors.js";
import { assertKind, DEFAULTS, normalizeAnnotation, normalizeRequest, policyFor, retryDelayMs } from "./policy.js";
import type { CancelOptions, Job, JobHandler, JobQueue, JobQueueOptions, JsonObject, JsonValue, SubmitRequest, SubmitResult } from "./types.js";

export interface MemoryJobQueueOptions extends JobQueueOptions {
  /** Finished jobs remembered for dedupe, status and `get` (default 10,000); queued and running jobs are always kept. */
  maxFinishedJobs?: number;
}

interface Run {
  attempt: Attempt;
  /** Settles once the run's outcome has been applied to the job. */
  finished: Promise<void>;
}

interface Entry {
  job: Job;
  run: Run | null;
  retryTimer: NodeJS.Timeout | null;
}

/**
 * The in-process queue: everything in Maps, nothing survives the process. Jobs run in the order
 * they were submitted, at most `concurrency` at once; a retry waits its backoff delay, holding its
 * scope. Used when no DATABASE_URL is set (one instance, the CLI, tests).
 */
export class MemoryJobQueue implements JobQueue {
  readonly #options: MemoryJobQueueOptions;
  readonly #concurrency: number;
  readonly #maxFinished: number;
  readonly #entries = new Map<string, Entry>();
  readonly #byKey = new Map<string, string>();
  readonly #byDelivery = new Map<string, string>();
  readonly #activeByScope = new Map<string, string>();
  readonly #latestByScope = new Map<string, string>();
  /** Finished job ids, oldest first (a Set keeps insertion order). */
  readonly #finished = new Set<string>();
  /** Queued job ids ready to run, in order. */
  #ready: string[] = [];
  readonly #handlers = new Map<string, JobHandler>();
  readonly #running = new Map<string, Run>();
  #started = false;
  #stopping = false;
  #pumpScheduled = false;

  constructor(options: MemoryJobQueueOptions = {}) {
    this.#options = options;
    this.#concurrency = options.concurrency ?? DEFAULTS.concurrency;
    this.#maxFinished = options.maxFinishedJobs ?? 10_000;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) throw new RangeError("concurrency must be an integer ≥ 1");
    policyFor(options, "default");
  }

  async submit<P extends JsonValue>(request: SubmitRequest<P>): Promise<SubmitResult<P>> {
    this.#assertStarted();
    const { kind, scope, key, deliveryId, payload } = normalizeRequest(request);
    const existingId = (deliveryId !== null ? this.#byDelivery.get(deliveryId) : undefined) ?? this.#byKey.get(key);
    const existing = existingId !== undefined ? this.#entries.get(existingId) : undefined;
    if (existing) return { outcome: "duplicate", job: copy(existing.job) };
    const activeId = this.#activeByScope.get(scope);
    const active = activeId !== undefined ? this.#entries.get(activeId) : undefined;
    if (active) return { outcome: "busy", running: copy(active.job) };

    const job: Job<P> = {
      id: randomUUID(),
      kind,
      scope,
      key,
      deliveryId,
      state: "queued",
      payload,
      data: {},
      attempts: 0,
      maxAttempts: policyFor(this.#options, kind).attempts,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      cancelRequestedAt: null,
      error: null,
    };
    this.#entries.set(job.id, { job, run: null, retryTimer: null });
    this.#byKey.set(key, job.id);
    if (deliveryId !== null) this.#byDelivery.set(deliveryId, job.id);
    this.#activeByScope.set(scope, job.id);
    this.#latestByScope.set(scope, job.id);
    this.#ready.push(job.id);
    this.#schedulePump();
    return { outcome: "queued", job: copy(job) };
  }

  async cancel(scope: string, options: CancelOptions = {}): Promise<Job | null> {
    const id = this.#activeByScope.get(scope);
    const entry = id !== undefined ? this.#entries.get(id) : undefined;
    if (!entry) return null;
    const { job } = entry;
    const now = new Date();
    job.cancelRequestedAt ??= now;
    if (job.state === "queued") {
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      entry.retryTimer = null;
      this.#ready = this.#ready.filter((readyId) => readyId !== job.id);
      this.#end(entry, "cancelled", now);
      return copy(job);
    }
    if (entry.run) {
      entry.run.attempt.abort("cancelled");
      if (options.waitMs && options.waitMs > 0) await settleWithin(entry.run.finished, options.waitMs);
    }
    return copy(job);
  }

  async current(scope: string): Promise<Job | null> {
    return this.#copyOf(this.#activeByScope.get(scope));
  }

  async latest(scope: string): Promise<Job | null> {
    return this.#copyOf(this.#latestByScope.get(scope));
  }

  async get(id: string): Promise<Job | null> {
    return this.#copyOf(id);
  }

  async annotate(id: string, data: JsonObject): Promise<Job | null> {
    const patch = normalizeAnnotation(data);
    const entry = this.#entries.get(id);
    if (!entry) return null;
    entry.job.data = { ...entry.job.data, ...patch };
    return copy(entry.job);
  }

  work<P extends JsonValue>(kind: string, handler: JobHandler<P>): void {
    assertKind(kind);
    if (this.#handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    policyFor(this.#options, kind);
    this.#handlers.set(kind, handler as unknown as JobHandler);
    this.#schedulePump();
  }

  async start(): Promise<void> {
    if (this.#stopping) throw new Error("the job queue is stopping");
    this.#started = true;
    this.#schedulePump();
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.#started || this.#stopping) return;
    this.#stopping = true;
    try {
      const timeoutMs = options.timeoutMs ?? this.#options.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs;
      await settleWithin(Promise.all([...this.#running.values()].map((run) => run.finished)), timeoutMs);
      const left = [...this.#running.values()];
      for (const run of left) run.attempt.abort("shutdown");
      await Promise.all(left.map((run) => run.finished));
      // Retries waiting for their delay become ready at once for the next start().
      for (const entry of this.#entries.values()) {
        if (entry.retryTimer) {
          clearTimeout(entry.retryTimer);
          entry.retryTimer = null;
          this.#ready.push(entry.job.id);
        }
      }
    } finally {
      this.#started = false;
      this.#stopping = false;
    }
  }

  #assertStarted(): void {
    if (!this.#started || this.#stopping) throw new Error("the job queue is not running: call start() first");
  }

  #copyOf(id: string | undefined): Job | null {
    const entry = id !== undefined ? this.#entries.get(id) : undefined;
    return entry ? copy(entry.job) : null;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#started && !this.#stopping && this.#running.size < this.#concurrency) {
      const index = this.#ready.findIndex((id) => this.#handlers.has(this.#entries.get(id)?.job.kind ?? ""));
      if (index < 0) return;
      const [id] = this.#ready.splice(index, 1);
      const entry = id !== undefined ? this.#entries.get(id) : undefined;
      if (entry && entry.job.state === "queued") this.#run(entry);
    }
  }

  #run(entry: Entry): void {
    const { job } = entry;
    const handler = this.#handlers.get(job.kind);
    if (!handler) return;
    const policy = policyFor(this.#options, job.kind);
    job.state = "running";
    job.attempts += 1;
    job.startedAt = new Date();
    const attempt = startAttempt(handler, copy(job), {
      timeoutMs: policy.timeoutMs,
      graceMs: this.#options.abortGraceMs ?? DEFAULTS.abortGraceMs,
      logger: this.#options.logger,
      annotate: async (data) => {
        if (entry.run !== run) throw new JobAbortedError("lease-lost");
        await this.annotate(job.id, data);
      },
    });
    const run: Run = {
      attempt,
      finished: attempt.outcome
        .then((outcome) => this.#apply(entry, run, outcome, policy))
        .catch((error: unknown) => this.#options.logger?.error(`job ${job.id}: ${String(error)}`)),
    };
    entry.run = run;
    this.#running.set(job.id, run);
  }

  #apply(entry: Entry, run: Run, outcome: AttemptOutcome, policy: ReturnType<typeof policyFor>): void {
    const { job } = entry;
    if (entry.run !== run) return;
    entry.run = null;
    this.#running.delete(job.id);
    const now = new Date();
    switch (outcome.kind) {
      case "succeeded":
        job.error = null;
        this.#end(entry, "succeeded", now);
        break;
      case "cancelled":
        this.#end(entry, "cancelled", now);
        break;
      case "interrupted":
      case "lost":
        job.attempts -= 1;
        if (job.cancelRequestedAt) this.#end(entry, "cancelled", now);
        else {
          job.state = "queued";
          this.#ready.unshift(job.id);
        }
        break;
      case "failed":
        job.error = outcome.error;
        if (job.cancelRequestedAt) this.#end(entry, "cancelled", now);
        else if (outcome.permanent || job.attempts >= job.maxAttempts) this.#end(entry, "failed", now);
        else {
          job.state = "queued";
          const delay = retryDelayMs(policy, job.attempts);
          entry.retryTimer = setTimeout(() => {
            entry.retryTimer = null;
            if (job.state !== "queued") return;
            this.#ready.push(job.id);
            this.#schedulePump();
          }, delay);
          entry.retryTimer.unref();
        }
        break;
    }
    this.#schedulePump();
  }

  #end(entry: Entry, state: "succeeded" | "failed" | "cancelled", now: Date): void {
    const { job } = entry;
    job.state = state;
    job.finishedAt = now;
    if (this.#activeByScope.get(job.scope) === job.id) this.#activeByScope.delete(job.scope);
    this.#finished.add(job.id);
    while (this.#finished.size > this.#maxFinished) {
      const oldest = this.#finished.values().next().value as string;
      this.#finished.delete(oldest);
      this.#forget(oldest);
    }
  }

  #forget(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    const { key, deliveryId, scope } = entry.job;
    if (this.#byKey.get(key) === id) this.#byKey.delete(key);
    if (deliveryId !== null && this.#byDelivery.get(deliveryId) === id) this.#byDelivery.delete(deliveryId);
    if (this.#latestByScope.get(scope) === id) this.#latestByScope.delete(scope);
  }
}

function copy<P extends JsonValue>(job: Job<P>): Job<P> {
  return structuredClone(job);
}

/** Waits for `promise` or `ms`, whichever comes first; never rejects. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
