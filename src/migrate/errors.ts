/**
 * Why a migration run stopped, as typed errors with messages a person can act
 * on. Each has a stable `code` for `--json` output and callers that branch on it.
 * Messages never contain a connection string.
 */

import type { AppliedMigration } from "./postgres.js";

export type MigrationErrorCode =
  | "no-migrations-dir"
  | "duplicate-version"
  | "changed"
  | "missing"
  | "failed"
  | "lock-timeout"
  | "aborted"
  | "connection";

export class MigrationError extends Error {
  /** Migrations this run applied (and committed) before it stopped. */
  applied: AppliedMigration[] = [];

  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }

  /** Plain data for JSON output. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

export class DuplicateVersionError extends MigrationError {
  constructor(
    readonly version: number,
    readonly files: string[],
  ) {
    super("duplicate-version", `two migrations have version ${String(version).padStart(4, "0")}: ${files.join(" and ")}; renumber one of them`);
    this.name = "DuplicateVersionError";
  }

  override toJSON() {
    return { ...super.toJSON(), version: this.version, files: this.files };
  }
}

/** An applied migration whose file no longer has the checksum recorded when it ran. */
export class ChangedMigrationError extends MigrationError {
  constructor(readonly files: string[]) {
    const list = files.join(", ");
    super(
      "changed",
      files.length === 1
        ? `migration ${list} was changed after it was applied; restore it and add a new migration instead of editing it`
        : `migrations ${list} were changed after they were applied; restore them and add new migrations instead of editing them`,
    );
    this.name = "ChangedMigrationError";
  }

  override toJSON() {
    return { ...super.toJSON(), files: this.files };
  }
}

/** A migration the database records as applied, with no file in the directory. */
export class MissingMigrationError extends MigrationError {
  constructor(readonly files: string[]) {
    const list = files.join(", ");
    super(
      "missing",
      files.length === 1
        ? `migration ${list} was applied to this database but its file is missing; restore the file (migrations are never deleted)`
        : `migrations ${list} were applied to this database but their files are missing; restore them (migrations are never deleted)`,
    );
    this.name = "MissingMigrationError";
  }

  override toJSON() {
    return { ...super.toJSON(), files: this.files };
  }
}

/** A migration PostgreSQL rejected; its transaction (with its tracking row) was rolled back. */
export class FailedMigrationError extends MigrationError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly where: {
      /** 1-based line and column of the failing statement (when PostgreSQL gives a position, or the statement could be found). */
      line?: number;
      column?: number;
      /** SQLSTATE, e.g. 42P01 for an undefined table. */
      sqlState?: string;
      detail?: string;
      hint?: string;
    } = {},
    options?: { cause?: unknown },
  ) {
    const at = where.line !== undefined ? ` at line ${where.line}${where.column !== undefined ? `, column ${where.column}` : ""}` : "";
    const extra = [where.detail, where.hint && `hint: ${where.hint}`].filter(Boolean).join("; ");
    super("failed", `migration ${file} failed${at}: ${reason}${extra ? ` (${extra})` : ""}; it was rolled back, and the migrations before it stay applied`, options);
    this.name = "FailedMigrationError";
  }

  get line(): number | undefined {
    return this.where.line;
  }

  override toJSON() {
    return { ...super.toJSON(), file: this.file, reason: this.reason, ...this.where };
  }
}

/** Another run held the migration lock for longer than the run was willing to wait. */
export class LockTimeoutError extends MigrationError {
  constructor(
    readonly lockKey: number,
    readonly waitedMs: number,
  ) {
    super(
      "lock-timeout",
      `another migration run held the lock (pg_advisory_lock(${lockKey})) for ${Math.round(waitedMs / 1000)} s; it may still be applying a long migration. Try again later, or find the session holding it in pg_locks`,
    );
    this.name = "LockTimeoutError";
  }
}

export class MigrationAbortedError extends MigrationError {
  constructor(reason?: unknown) {
    super("aborted", `the migration run was cancelled${reason instanceof Error ? `: ${reason.message}` : ""}`);
    this.name = "MigrationAbortedError";
  }
}
