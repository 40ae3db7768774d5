import { MemoryJobQueue, type MemoryJobQueueOptions } from "./memory.js";
import { PgJobQueue, type PgJobQueueOptions } from "./postgres.js";
import type { JobQueue } from "./types.js";

export type * from "./types.js";
export { ACTIVE_STATES } from "./types.js";
export { JobAbortedError, PermanentJobError, type AbortReason } from "./errors.js";
export { DEFAULT_POLICY } from "./policy.js";
export { MemoryJobQueue, type MemoryJobQueueOptions } from "./memory.js";
export { PgJobQueue, type PgJobQueueOptions } from "./postgres.js";

/**
 * The queue the app should use: PostgreSQL (pg-boss) when a database URL is given (the app
 * passes `process.env.DATABASE_URL`), otherwise the in-process queue.
 */
export function createJobQueue(options: { databaseUrl?: string | undefined } & MemoryJobQueueOptions & Omit<PgJobQueueOptions, "connectionString"> = {}): JobQueue {
  const { databaseUrl, ...rest } = options;
  if (databaseUrl) return new PgJobQueue({ ...rest, connectionString: databaseUrl });
  return new MemoryJobQueue(rest);
}
