import { randomBytes, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import PgBoss from "pg-boss";
import { startAttempt, type Attempt, type AttemptOutcome } from "./attempt.js";
import { errorMessage, JobAbortedError } from "./errors.js";
import { settleWithin } from "./memory.js";
import { assertSchemaName, ensureJobSchema, withSessionLock } from "./pg-schema.js";
import { assertKind, DEFAULTS, normalizeAnnotation, normalizeRequest, policyFor } from "./policy.js";
import type { CancelOptions, Job, JobHandler, JobQueue, JobQueueOptions, JobState, JsonObject, JsonValue, SubmitRequest, SubmitResult } from "./types.js";

export interface PgJobQueueOptions extends JobQueueOptions {
  /** Where to connect (e.g. DATABASE_URL). Ignored when `pool` is given. */
  connectionString?: string;
  /** A pool to use instead of making one; `stop` leaves it open. */
  pool?: pg.Pool;
  /** Pool size when the queue makes its own pool (default 10). */
  poolMax?: number;
  /** Schema of Stackwright's job table (default "stackwright"). */
  schema?: string;
  /** Schema of pg-boss's tables (default "stackwright_boss"), apart from any other pg-boss user of the database. */
  bossSchema?: string;
  /** How often an idle worker asks for a job (default 1000). A submit on the same instance wakes it at once. */
  pollIntervalMs?: number;
  /** How often a running job's heartbeat is written and its cancel flag read (default 1000). */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this is presumed to have lost its worker and is handed on (default 30 s). */
  staleAfterMs?: number;
  /** pg-boss maintenance (expiry of overdue active jobs, archiving) interval (default 60). */
  maintenanceIntervalSeconds?: number;
  /** Finished jobs (and so their dedupe keys) are deleted after this many days (default 30). */
  retentionDays?: number;
  /** Names this instance in the job table's `worker` column (default host:pid:random). */
  instanceId?: string;
}

/**
 * pg-boss may run a job this many more times than the policy's attempts: runs interrupted by a
 * shutdown are not counted as attempts by us, but pg-boss counts every delivery.
 */
const EXTRA_DELIVERIES = 5;
const RETENTION_SWEEP_MS = 10 * 60_000;

interface BossDb {
  executeSql(text: string, values: unknown[]): Promise<{ rows: any[] }>;
}

interface JobRow {
  id: string;
  kind: string;
  scope: string;
  key: string;
  delivery_id: string | null;
  state: JobState;
  payload: JsonValue;
  data: JsonObject;
  attempts: number;
  max_attempts: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
}

interface Run {
  lease: string;
  attempt: Attempt | null;
  finished: Promise<void>;
}

/**
 * The durable queue: PostgreSQL through pg-boss 10, shared by any number of app instances.
 *
 * - `submit` inserts the job row and the pg-boss job in one transaction: both or neither.
 * - Workers fetch from pg-boss (SKIP LOCKED: one instance per delivery), claim the row with a
 *   fresh lease, heartbeat every `heartbeatMs` (reading the cancel flag), and settle the row
 *   and the pg-boss job together in one transaction.
 * - A job whose worker died (no heartbeat for `staleAfterMs`) is handed back to pg-boss
 *   (`fail` → retry with backoff) by any live instance's sweeper, and so runs again elsewhere;
 *   pg-boss's own expiry (the policy's time limit plus a margin) is the backstop.
 */
export class PgJobQueue implements JobQueue {
  readonly #options: PgJobQueueOptions;
  readonly #schema: string;
  readonly #bossSchema: string;
  readonly #pollIntervalMs: number;
  readonly #heartbeatMs: number;
  readonly #staleAfterMs: number;
  readonly #concurrency: number;
  readonly #instanceId: string;
  readonly #ownsPool: boolean;
  readonly #pool: pg.Pool;
  readonly #boss: PgBoss;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #queues = new Map<string, Promise<void>>();
  #queueCreation: Promise<void> = Promise.resolve();
  readonly #runs = new Map<string, Run>();
  readonly #wake = new Wake();
  #started = false;
  #starting: Promise<void> | null = null;
  #stopping = false;
  #aborting = false;
  #loop: Promise<void> | null = null;
  #sweeper: NodeJS.Timeout | null = null;
  #sweeping = false;
  #lastRetentionSweep = 0;
  #rotation = 0;

  constructor(options: PgJobQueueOptions) {
    this.#options = options;
    this.#schema = options.schema ?? "stackwright";
    this.#bossSchema = options.bossSchema ?? "stackwright_boss";
    assertSchemaName(this.#schema);
    assertSchemaName(this.#bossSchema);
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
    this.#concurrency = options.concurrency ?? DEFAULTS.concurrency;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) throw new RangeError("concurrency must be an integer ≥ 1");
    if (this.#staleAfterMs < 2 * this.#heartbeatMs) throw new RangeError("staleAfterMs must be at least twice heartbeatMs");
    policyFor(options, "default");
    this.#instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    if (options.pool) {
      this.#pool = options.pool;
      this.#ownsPool = false;
    } else {
      if (!options.connectionString) throw new TypeError("PgJobQueue needs a connectionString or a pool");
      this.#pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax ?? 10, application_name: "stackwright-jobs" });
      this.#pool.on("error", (error) => this.#log("warn", `idle PostgreSQL connection failed: ${error.message}`));
      this.#ownsPool = true;
    }
    const pool = this.#pool;
    this.#boss = new PgBoss({
      // pg-boss shares our pool, so its statements and ours can share a transaction.
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: this.#bossSchema,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.#boss.on("error", (error) => this.#log("warn", `pg-boss: ${error.message}`));
  }

  get instanceId(): string {
    return this.#instanceId;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    if (this.#stopping) throw new Error("the job queue is stopping");
    this.#starting ??= (async () => {
      await ensureJobSchema(this.#pool, this.#schema, async () => {
        await this.#boss.start();
      });
      await Promise.all([...this.#handlers.keys()].map((kind) => this.#ensureQueue(kind)));
      this.#started = true;
      this.#loop = this.#workLoop();
      const sweepEvery = Math.min(10_000, Math.max(250, Math.floor(this.#staleAfterMs / 3)));
      this.#sweeper = setInterval(() => void this.#sweep(), sweepEvery);
      this.#sweeper.unref();
    })().finally(() => {
      this.#starting = null;
    });
    await this.#starting;
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.#started || this.#stopping) return;
    this.#stopping = true;
    try {
      this.#wake.notify();
      await this.#loop;
      if (this.#sweeper) clearInterval(this.#sweeper);
      this.#sweeper = null;
      const timeoutMs = options.timeoutMs ?? this.#options.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs;
      await settleWithin(Promise.all([...this.#runs.values()].map((run) => run.finished)), timeoutMs);
      this.#aborting = true;
      const left = [...this.#runs.values()];
      for (const run of left) run.attempt?.abort("shutdown");
      await Promise.all(left.map((run) => run.finished));
      while (this.#sweeping) await delay(20);
      await this.#boss.stop({ graceful: true, wait: true, close: false, timeout: 1000 });
      if (this.#ownsPool) await this.#pool.end();
    } finally {
      this.#started = false;
      this.#aborting = false;
    }
  }

  work<P extends JsonValue>(kind: string, handler: JobHandler<P>): void {
    assertKind(kind);
    if (this.#handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    policyFor(this.#options, kind);
    this.#handlers.set(kind, handler as unknown as JobHandler);
    if (this.#started) void this.#ensureQueue(kind).then(() => this.#wake.notify(), (error: unknown) => this.#log("error", `creating queue ${kind}: ${errorMessage(error)}`));
  }

  async submit<P extends JsonValue>(request: SubmitRequest<P>): Promise<SubmitResult<P>> {
    this.#assertRunning();
    const { kind, scope, key, deliveryId, payload } = normalizeRequest(request);
    const policy = policyFor(this.#options, kind);
    await this.#ensureQueue(kind);
    const s = this.#schema;
    for (let round = 0; round < 5; round++) {
      const inserted = await this.#tx(async (client, db) => {
        const { rows } = await client.query<JobRow>(
          `INSERT INTO ${s}.jobs (id, kind, scope, key, delivery_id, state, payload, max_attempts)
           VALUES ($1, $2, $3, $4, $5, 'queued', $6::jsonb, $7)
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [randomUUID(), kind, scope, key, deliveryId, JSON.stringify(payload), policy.attempts],
        );
        const row = rows[0];
        if (!row) return null;
        const id = await this.#boss.send(kind, { scope }, {
          id: row.id,
          retryLimit: policy.attempts - 1 + EXTRA_DELIVERIES,
          retryDelay: Math.ceil(policy.retryDelayMs / 1000),
          retryBackoff: policy.retryBackoff,
          expireInSeconds: this.#expireInSeconds(policy.timeoutMs),
          db,
        });
        if (id !== row.id) throw new Error(`pg-boss did not accept job ${row.id} (queue "${kind}")`);
        return row;
      });
      if (inserted) {
        if (this.#handlers.has(kind)) this.#wake.notify();
        return { outcome: "queued", job: toJob(inserted) as Job<P> };
      }
      // Something unique was taken: the same delivery or key (duplicate), or the scope (busy).
      const existing = await this.#pool.query<JobRow>(
        `SELECT * FROM ${s}.jobs WHERE key = $1 OR delivery_id = $2
         ORDER BY (delivery_id IS NOT DISTINCT FROM $2) DESC LIMIT 1`,
        [key, deliveryId],
      );
      if (existing.rows[0]) return { outcome: "duplicate", job: toJob(existing.rows[0]) };
      const active = await this.#activeRow(scope);
      if (active) return { outcome: "busy", running: toJob(active) };
      // The scope's job ended between the two statements: try again.
    }
    throw new Error(`submit for scope ${scope} kept conflicting; try again`);
  }

  async cancel(scope: string, options: CancelOptions = {}): Promise<Job | null> {
    this.#assertRunning();
    const s = this.#schema;
    const row = await this.#tx(async (client, db) => {
      const { rows } = await client.query<JobRow>(`SELECT * FROM ${s}.jobs WHERE scope = $1 AND state IN ('queued', 'running') FOR UPDATE`, [scope]);
      const found = rows[0];
      if (!found) return null;
      const updated = await client.query<JobRow>(
        found.state === "queued"
          ? `UPDATE ${s}.jobs SET state = 'cancelled', cancel_requested_at = coalesce(cancel_requested_at, now()), finished_at = now(), lease = NULL
             WHERE id = $1 RETURNING *`
          : `UPDATE ${s}.jobs SET cancel_requested_at = coalesce(cancel_requested_at, now()) WHERE id = $1 RETURNING *`,
        [found.id],
      );
      // pg-boss will not deliver (or retry) it again.
      await this.#boss.cancel(found.kind, found.id, { db });
      return updated.rows[0] ?? found;
    });
    if (!row || row.state !== "running") return row ? toJob(row) : null;
    // Running here: abort at once; elsewhere: that worker reads the flag at its next heartbeat.
    this.#runs.get(row.id)?.attempt?.abort("cancelled");
    if (options.waitMs && options.waitMs > 0) {
      const deadline = Date.now() + options.waitMs;
      while (Date.now() < deadline) {
        const now = await this.get(row.id);
        if (!now || now.state !== "running") return now;
        await delay(Math.min(100, Math.max(1, deadline - Date.now())));
      }
      return this.get(row.id);
    }
    return toJob(row);
  }

  async current(scope: string): Promise<Job | null> {
    const row = await this.#activeRow(scope);
    return row ? toJob(row) : null;
  }

  async latest(scope: string): Promise<Job | null> {
    const { rows } = await this.#pool.query<JobRow>(`SELECT * FROM ${this.#schema}.jobs WHERE scope = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [scope]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async get(id: string): Promise<Job | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.#pool.query<JobRow>(`SELECT * FROM ${this.#schema}.jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async annotate(id: string, data: JsonObject): Promise<Job | null> {
    const patch = normalizeAnnotation(data);
    if (!isUuid(id)) return null;
    const { rows } = await this.#pool.query<JobRow>(`UPDATE ${this.#schema}.jobs SET data = data || $2::jsonb WHERE id = $1 RETURNING *`, [id, JSON.stringify(patch)]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  // ---- internals -------------------------------------------------------------------------

  #assertRunning(): void {
    if (!this.#started || this.#stopping) throw new Error("the job queue is not running: call start() first");
  }

  #log(level: "info" | "warn" | "error", message: string): void {
    const logger = this.#options.logger;
    if (!logger) return;
    if (level === "info") logger.info?.(message);
    else logger[level](message);
  }

  #expireInSeconds(timeoutMs: number): number {
    const graceMs = this.#options.abortGraceMs ?? DEFAULTS.abortGraceMs;
    // Our own time limit fires first; pg-boss's expiry only catches what nothing else did.
    return Math.min(23 * 3600, Math.ceil((timeoutMs + graceMs + this.#staleAfterMs) / 1000) + 60);
  }

  /**
   * Creates the kind's pg-boss queue once. pg-boss 10's create_queue deadlocks when two run at
   * once (each inserts into its queue table, then needs a stronger lock on it for the foreign
   * key), so creation is serialized: one at a time in this instance, under an advisory lock
   * across instances.
   */
  #ensureQueue(kind: string): Promise<void> {
    let ready = this.#queues.get(kind);
    if (!ready) {
      ready = this.#queueCreation.then(async () => {
        if (await this.#boss.getQueue(kind)) return;
        await withSessionLock(this.#pool, `stackwright-jobs-queues:${this.#bossSchema}`, () => this.#boss.createQueue(kind, { name: kind, policy: "standard" }));
      });
      this.#queueCreation = ready.catch(() => undefined);
      ready.catch(() => this.#queues.delete(kind));
      this.#queues.set(kind, ready);
    }
    return ready;
  }

  async #activeRow(scope: string): Promise<JobRow | null> {
    const { rows } = await this.#pool.query<JobRow>(`SELECT * FROM ${this.#schema}.jobs WHERE scope = $1 AND state IN ('queued', 'running')`, [scope]);
    return rows[0] ?? null;
  }

  async #tx<T>(work: (client: pg.PoolClient, db: BossDb) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await work(client, { executeSql: (text, values) => client.query(text, values) });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async #workLoop(): Promise<void> {
    while (!this.#stopping) {
      let fetched = false;
      const kinds = [...this.#handlers.keys()];
      if (kinds.length > 0) this.#rotation = (this.#rotation + 1) % kinds.length;
      for (let i = 0; i < kinds.length && this.#runs.size < this.#concurrency && !this.#stopping; i++) {
        const kind = kinds[(this.#rotation + i) % kinds.length]!;
        try {
          await this.#ensureQueue(kind);
          const [job] = await this.#boss.fetch<unknown>(kind, { batchSize: 1 });
          if (job) {
            fetched = true;
            this.#launch(kind, job.id);
          }
        } catch (error) {
          this.#log("warn", `fetching ${kind} jobs: ${errorMessage(error)}`);
        }
      }
      if (this.#stopping) break;
      // Fetch again at once while there is work and room for it; otherwise wait to be woken.
      if (!fetched || this.#runs.size >= this.#concurrency) await this.#wake.wait(this.#pollIntervalMs);
    }
  }

  #launch(kind: string, id: string): void {
    const run: Run = { lease: randomUUID(), attempt: null, finished: Promise.resolve() };
    this.#runs.set(id, run);
    run.finished = this.#execute(kind, id, run)
      .catch((error: unknown) => this.#log("error", `job ${id} (${kind}): ${errorMessage(error)}`))
      .finally(() => {
        this.#runs.delete(id);
        this.#wake.notify();
      });
  }

  async #execute(kind: string, id: string, run: Run): Promise<void> {
    const s = this.#schema;
    const handler = this.#handlers.get(kind);
    if (!handler) throw new Error(`no handler for job kind "${kind}"`);
    const claimed = await this.#pool
      .query<JobRow>(
        `UPDATE ${s}.jobs
         SET state = 'running', attempts = attempts + 1, started_at = now(), heartbeat_at = now(), lease = $2, worker = $3
         WHERE id = $1 AND state IN ('queued', 'running') AND cancel_requested_at IS NULL
         RETURNING *`,
        [id, run.lease, this.#instanceId],
      )
      .catch(async (error: unknown) => {
        // Hand the delivery back rather than leave it active in pg-boss until its expiry.
        await this.#boss.fail(kind, id, { message: `claim failed: ${errorMessage(error)}` }).catch(() => undefined);
        throw error;
      });
    const row = claimed.rows[0];
    if (!row) {
      // Cancelled (or already settled) before it could start: settle both sides, run nothing.
      await this.#tx(async (client, db) => {
        await client.query(
          `UPDATE ${s}.jobs SET state = 'cancelled', finished_at = now(), lease = NULL
           WHERE id = $1 AND state IN ('queued', 'running') AND cancel_requested_at IS NOT NULL`,
          [id],
        );
        await this.#boss.complete(kind, id, {}, { db });
      });
      return;
    }

    const policy = policyFor(this.#options, kind);
    const attempt = startAttempt(handler, toJob(row), {
      timeoutMs: policy.timeoutMs,
      graceMs: this.#options.abortGraceMs ?? DEFAULTS.abortGraceMs,
      logger: this.#options.logger,
      annotate: async (data) => {
        const patch = normalizeAnnotation(data);
        const { rowCount } = await this.#pool.query(`UPDATE ${s}.jobs SET data = data || $3::jsonb WHERE id = $1 AND lease = $2`, [id, run.lease, JSON.stringify(patch)]);
        if (!rowCount) throw new JobAbortedError("lease-lost");
      },
    });
    run.attempt = attempt;
    if (this.#aborting) attempt.abort("shutdown");

    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      this.#pool
        .query<{ cancel_requested_at: Date | null }>(`UPDATE ${s}.jobs SET heartbeat_at = now() WHERE id = $1 AND lease = $2 RETURNING cancel_requested_at`, [id, run.lease])
        .then(({ rows }) => {
          if (!rows[0]) attempt.abort("lease-lost");
          else if (rows[0].cancel_requested_at) attempt.abort("cancelled");
        })
        .catch((error: unknown) => this.#log("warn", `heartbeat of job ${id}: ${errorMessage(error)}`))
        .finally(() => {
          beating = false;
        });
    }, this.#heartbeatMs);
    heartbeat.unref();
    try {
      const outcome = await attempt.outcome;
      // The heartbeat goes on until the outcome is recorded, so a slow or retried write does not
      // make the job look abandoned (and run again after it succeeded).
      for (let tries = 1; ; tries++) {
        try {
          await this.#settle(kind, row, run.lease, outcome);
          break;
        } catch (error) {
          if (tries >= 5) throw error;
          this.#log("warn", `recording the outcome of job ${id} failed (${errorMessage(error)}); trying again`);
          await delay(250 * 2 ** (tries - 1));
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Records a run's outcome on the row and on the pg-boss job, in one transaction, if the run still holds the lease. */
  async #settle(kind: string, row: JobRow, lease: string, outcome: AttemptOutcome): Promise<void> {
    if (outcome.kind === "lost") {
      this.#log("warn", `job ${row.id} (${kind}): lost its lease; another worker has it now`);
      return;
    }
    const s = this.#schema;
    const id = row.id;
    await this.#tx(async (client, db) => {
      const finish = async (state: "succeeded" | "failed" | "cancelled", error: string | null) => {
        const { rows } = await client.query<JobRow>(
          `UPDATE ${s}.jobs
           SET state = CASE WHEN $3 <> 'succeeded' AND cancel_requested_at IS NOT NULL THEN 'cancelled' ELSE $3 END,
               error = $4, finished_at = now(), lease = NULL
           WHERE id = $1 AND lease = $2 RETURNING *`,
          [id, lease, state, error],
        );
        const done = rows[0];
        if (!done) return;
        if (done.state === "succeeded") await this.#boss.complete(kind, id, {}, { db });
        else if (done.state === "failed") await this.#boss.complete(kind, id, { failed: true, error }, { db });
        else await this.#boss.cancel(kind, id, { db });
      };
      /** Back to the queue: pg-boss delivers it again after its retry delay. */
      const requeue = async (error: string | null, counted: boolean) => {
        const { rows } = await client.query<JobRow>(
          `UPDATE ${s}.jobs
           SET state = CASE WHEN cancel_requested_at IS NOT NULL THEN 'cancelled' ELSE 'queued' END,
               finished_at = CASE WHEN cancel_requested_at IS NOT NULL THEN now() END,
               attempts = attempts - $3::int, error = coalesce($4, error), lease = NULL
           WHERE id = $1 AND lease = $2 RETURNING *`,
          [id, lease, counted ? 0 : 1, error],
        );
        const back = rows[0];
        if (!back) return;
        if (back.state === "cancelled") {
          await this.#boss.cancel(kind, id, { db });
          return;
        }
        await this.#boss.fail(kind, id, { message: error ?? "interrupted" }, { db });
        await this.#failIfUndeliverable(client, db, kind, id);
      };
      switch (outcome.kind) {
        case "succeeded":
          return finish("succeeded", null);
        case "cancelled":
          return finish("cancelled", row.error);
        case "interrupted":
          return requeue(null, false);
        case "failed":
          if (outcome.permanent || row.attempts >= row.max_attempts) return finish("failed", outcome.error);
          return requeue(outcome.error, true);
      }
    });
  }

  /** After pg-boss `fail`: if pg-boss will not deliver the job again (its own limit reached), the job has failed. */
  async #failIfUndeliverable(client: pg.PoolClient, db: BossDb, kind: string, id: string): Promise<void> {
    const boss = await this.#boss.getJobById(kind, id, { db, includeArchive: false });
    if (boss && (boss.state === "retry" || boss.state === "created")) return;
    await client.query(
      `UPDATE ${this.#schema}.jobs SET state = 'failed', finished_at = now(), lease = NULL,
         error = coalesce(error, 'the job could not be delivered again') || ' (no deliveries left)'
       WHERE id = $1 AND state = 'queued'`,
      [id],
    );
  }

  /**
   * Hands on jobs whose worker stopped heartbeating (crashed, killed, cut off): any live
   * instance does it, one row at a time under SKIP LOCKED. Also deletes old finished rows.
   */
  async #sweep(): Promise<void> {
    if (this.#sweeping || this.#stopping) return;
    this.#sweeping = true;
    const s = this.#schema;
    try {
      for (let i = 0; i < 20 && !this.#stopping; i++) {
        const handed = await this.#tx(async (client, db) => {
          const { rows } = await client.query<JobRow & { worker: string | null }>(
            `SELECT * FROM ${s}.jobs
             WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
             ORDER BY heartbeat_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [this.#staleAfterMs / 1000],
          );
          const row = rows[0];
          if (!row) return false;
          const lost = `the worker (${row.worker ?? "unknown"}) stopped responding`;
          if (row.cancel_requested_at || row.attempts >= row.max_attempts) {
            const state = row.cancel_requested_at ? "cancelled" : "failed";
            await client.query(`UPDATE ${s}.jobs SET state = $2, error = $3, finished_at = now(), lease = NULL WHERE id = $1`, [
              row.id,
              state,
              state === "failed" ? `${lost} during the last attempt` : row.error,
            ]);
            await this.#boss.cancel(row.kind, row.id, { db });
          } else {
            await client.query(`UPDATE ${s}.jobs SET state = 'queued', error = $2, lease = NULL WHERE id = $1`, [row.id, lost]);
            await this.#boss.fail(row.kind, row.id, { message: lost }, { db });
            await this.#failIfUndeliverable(client, db, row.kind, row.id);
          }
          this.#log("warn", `job ${row.id} (${row.kind}, ${row.scope}): ${lost}; handed on`);
          return true;
        });
        if (!handed) break;
        this.#wake.notify();
      }
      const retentionDays = this.#options.retentionDays ?? 30;
      if (Date.now() - this.#lastRetentionSweep > RETENTION_SWEEP_MS) {
        this.#lastRetentionSweep = Date.now();
        await this.#pool.query(`DELETE FROM ${s}.jobs WHERE finished_at < now() - make_interval(days => $1)`, [retentionDays]);
      }
    } catch (error) {
      this.#log("warn", `job sweeper: ${errorMessage(error)}`);
    } finally {
      this.#sweeping = false;
    }
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    scope: row.scope,
    key: row.key,
    deliveryId: row.delivery_id,
    state: row.state,
    payload: row.payload,
    data: row.data,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    cancelRequestedAt: row.cancel_requested_at,
    error: row.error,
  };
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A sleep that `notify` cuts short; a notify while nobody sleeps makes the next sleep return at once. */
class Wake {
  #pending = false;
  #resolve: (() => void) | null = null;

  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#resolve = null;
        resolve();
      }
      this.#resolve = done;
    });
  }

  notify(): void {
    if (this.#resolve) this.#resolve();
    else this.#pending = true;
  }
}
