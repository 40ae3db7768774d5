/**
 * The durable job layer's one interface (see README.md next to this file).
 *
 * A webhook handler calls `submit` and answers GitHub; a worker registered with `work` runs
 * the slow part later, possibly in another process. Two implementations keep this contract:
 * `MemoryJobQueue` (in-process, the default) and `PgJobQueue` (PostgreSQL + pg-boss, when
 * DATABASE_URL is set). Both pass the same contract suite (test/unit/jobs/contract.ts).
 *
 * Rules every implementation keeps:
 * - `submit` is idempotent: the same delivery id or the same key never makes a second job
 *   (`duplicate`, with the job that exists).
 * - One job at a time per scope: while a job for the scope is queued or running (including
 *   while it waits to be retried, and while a requested cancel is still stopping it),
 *   another submit gets `busy` with that job.
 * - A handler that throws is retried (`attempts` in the policy, with backoff); a
 *   `PermanentJobError` fails the job at once. The last error message is on the job.
 * - `cancel` of a queued job makes it `cancelled` at once: it never starts. `cancel` of a
 *   running job aborts the handler's `signal` (within about a second, from any instance) and
 *   the job becomes `cancelled` when the handler returns; until then `cancelRequestedAt` is set
 *   and the scope stays busy, so two handlers never touch the same scope at once.
 * - `stop` waits for running handlers (up to a timeout), then aborts them with the reason
 *   "shutdown" and puts their jobs back to run again; that run does not count as an attempt.
 */

/** Any JSON value. Payloads and annotations are stored as JSON (Dates become strings). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** States in which a job holds its scope. */
export const ACTIVE_STATES: readonly JobState[] = ["queued", "running"];

export interface Job<P extends JsonValue = JsonValue> {
  id: string;
  kind: string;
  scope: string;
  key: string;
  deliveryId: string | null;
  state: JobState;
  payload: P;
  /** Annotations: small JSON facts merged in by `annotate` (progress comment URL, phase, ...). */
  data: JsonObject;
  /** Runs started so far (a run interrupted by `stop` is not counted). */
  attempts: number;
  /** Runs allowed in all, the first included. */
  maxAttempts: number;
  createdAt: Date;
  /** When the latest run started. */
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Set by `cancel`; a running job keeps its scope until its handler has returned. */
  cancelRequestedAt: Date | null;
  /** The latest failure's message (kept while a retry waits; cleared on success). */
  error: string | null;
}

export interface SubmitRequest<P extends JsonValue = JsonValue> {
  /** Which handler runs it: letters, digits, `-` and `_`, starting with a letter (e.g. "generate", "deploy"). */
  kind: string;
  /** What the job works on; one queued-or-running job per scope (e.g. "octo/repo#12"). */
  scope: string;
  /** Idempotency key, e.g. "generate:octo/repo#12:comment:123". Unique across all kinds. */
  key: string;
  /** X-GitHub-Delivery: one delivery makes at most one job. */
  deliveryId?: string | null;
  payload: P;
}

export type SubmitResult<P extends JsonValue = JsonValue> =
  | { outcome: "queued"; job: Job<P> }
  /** The job that already exists for this delivery id or key (in any state). */
  | { outcome: "duplicate"; job: Job }
  /** The scope's queued or running job. */
  | { outcome: "busy"; running: Job };

export interface JobContext {
  /** Aborted on cancel, on the run's time limit, on `stop` (after its timeout) and when the run lost its lease. `signal.reason` is a `JobAbortedError`. */
  signal: AbortSignal;
  /** Merges facts into the job's `data`; throws `JobAbortedError` ("lease-lost") if this run no longer owns the job. */
  annotate(data: JsonObject): Promise<void>;
}

export type JobHandler<P extends JsonValue = JsonValue> = (job: Job<P>, context: JobContext) => Promise<void>;

export interface CancelOptions {
  /** Wait up to this long for a running handler to stop, and return the job as it is then (default 0: return at once). */
  waitMs?: number;
}

export interface JobQueue {
  /** Idempotent enqueue; fast (one transaction on PostgreSQL). */
  submit<P extends JsonValue>(request: SubmitRequest<P>): Promise<SubmitResult<P>>;
  /** Cancels the scope's queued or running job; null when there is none. */
  cancel(scope: string, options?: CancelOptions): Promise<Job | null>;
  /** The scope's queued or running job, or null. */
  current(scope: string): Promise<Job | null>;
  /** The scope's newest job in any state (for "/generate status" after a job ended), or null. */
  latest(scope: string): Promise<Job | null>;
  get(id: string): Promise<Job | null>;
  /** Shallow-merges `data` into the job's annotations (a key set to null stays, as null). Returns the updated job, or null if there is no such job. */
  annotate(id: string, data: JsonObject): Promise<Job | null>;
  /** Registers the handler for a kind (before or after `start`). One handler per kind. */
  work<P extends JsonValue>(kind: string, handler: JobHandler<P>): void;
  /** Prepares storage and starts running jobs of the registered kinds. Call before `submit`. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for running handlers up to `timeoutMs` (default from the options), then aborts them and puts their jobs back. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** How a kind's jobs are retried and bounded. */
export interface JobPolicy {
  /** Runs allowed in all, the first included (default 3: two retries). */
  attempts: number;
  /** Base delay before a retry (default 5000). PostgreSQL rounds it up to whole seconds. */
  retryDelayMs: number;
  /** Exponential backoff with jitter, like pg-boss: the n-th retry waits delay·2^(n-1)·(1..2) (default true). */
  retryBackoff: boolean;
  /** A run's time limit: its signal is aborted with reason "timeout" and the run counts as failed (default 30 min). */
  timeoutMs: number;
}

export interface JobLogger {
  info?(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options both implementations accept. */
export interface JobQueueOptions {
  /** Jobs run at once by this instance, all kinds together (default 2). */
  concurrency?: number;
  /** Policy for every kind, overridden per kind by `policies`. */
  policy?: Partial<JobPolicy>;
  policies?: Record<string, Partial<JobPolicy>>;
  /** Default for `stop({ timeoutMs })` (default 30 s). */
  stopTimeoutMs?: number;
  /** How long an aborted handler gets to return before its run is given up on (default 5 s). */
  abortGraceMs?: number;
  logger?: JobLogger;
}
