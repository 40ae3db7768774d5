import type { GeneratedFile } from "../../parse/types.js";
import type { VerifyContext } from "../context.js";
import { asDatabaseError, createWorkerDatabase, defaultCacheDir, PristineDataDir, ThrowawayDatabases, type DatabaseError, type SqlDatabase } from "../../util/pglite.js";
import { splitSql } from "../../util/sql.js";
import { baseName, dirOf, offsetOfCodePoint, plural } from "../../util/text.js";
import type { Check, CheckOutcome } from "../types.js";

type Findings = CheckOutcome["findings"];

/** `NNNN_<description>.sql`, the contract's migration file name. */
const MIGRATION_NAME = /^(\d{4})_[^/]+\.sql$/;

export interface MigrationSet {
  service: string;
  dir: string;
  /** Why the set is not applied (e.g. a MongoDB service). */
  skip?: string;
  /** Correctly named migrations, in the order they apply. */
  files: GeneratedFile[];
  /** `.sql` files in the directory that do not follow `NNNN_<description>.sql`. */
  misnamed: GeneratedFile[];
  /** Found in the tree but not named by any service's migrationsDir. */
  undeclared?: boolean;
}

/**
 * The migration directories to verify: every service's migrationsDir from
 * stackwright.json, plus any `migrations/` directory holding `NNNN_*.sql` files
 * that no service names (with a manifest, that omission is itself reported).
 */
export function migrationSets(ctx: VerifyContext): MigrationSet[] {
  const sets: MigrationSet[] = [];
  const declared = new Set<string>();
  for (const service of ctx.services) {
    if (service.migrationsDir === undefined) continue;
    declared.add(service.migrationsDir);
    sets.push({
      service: service.name,
      dir: service.migrationsDir,
      ...(service.database === "mongodb" ? { skip: "MongoDB service (its migrations are not SQL)" } : {}),
      ...filesIn(ctx, service.migrationsDir),
    });
  }
  const found = new Set<string>();
  for (const f of ctx.files) {
    const dir = dirOf(f.path);
    if (/(?:^|\/)migrations$/.test(dir) && MIGRATION_NAME.test(baseName(f.path)) && !declared.has(dir)) found.add(dir);
  }
  for (const dir of [...found].sort()) {
    const service = ctx.serviceOf(dir);
    sets.push({ service: service?.name ?? dir, dir, ...filesIn(ctx, dir), undeclared: ctx.manifest.kind === "parsed" && ctx.services.some((s) => s.fromManifest) });
  }
  return sets;
}

function filesIn(ctx: VerifyContext, dir: string): Pick<MigrationSet, "files" | "misnamed"> {
  const sql = ctx.files.filter((f) => dirOf(f.path) === dir && f.path.endsWith(".sql"));
  const files = sql.filter((f) => MIGRATION_NAME.test(baseName(f.path))).sort((a, b) => (baseName(a.path) < baseName(b.path) ? -1 : 1));
  return { files, misnamed: sql.filter((f) => !MIGRATION_NAME.test(baseName(f.path))) };
}

/** Numbers run 0001, 0002, … with no gap and no duplicate. */
export function checkNumbering(set: MigrationSet): Findings {
  const findings: Findings = [];
  for (const f of set.misnamed) {
    findings.push({ severity: "error", file: f.path, line: 1, message: `${baseName(f.path)} is not named NNNN_<description>.sql, so no migration runner applies it` });
  }
  let expected = 1;
  let previous: GeneratedFile | undefined;
  for (const f of set.files) {
    const n = Number(MIGRATION_NAME.exec(baseName(f.path))![1]);
    const label = String(expected).padStart(4, "0");
    if (previous && n === expected - 1) {
      findings.push({ severity: "error", file: f.path, line: 1, message: `migration number ${baseName(f.path).slice(0, 4)} is used twice (also ${baseName(previous.path)})` });
    } else if (n !== expected) {
      const missing = n - 1 > expected ? `migrations ${label} to ${String(n - 1).padStart(4, "0")} are missing` : `migration ${label} is missing`;
      const message =
        expected === 1
          ? `migrations must start at 0001, but the first is ${baseName(f.path)}`
          : `${missing}: ${baseName(f.path)} follows ${baseName(previous!.path)}`;
      findings.push({ severity: "error", file: f.path, line: 1, message });
    }
    expected = n + 1;
    previous = f;
  }
  return findings;
}

type Started = { databases: ThrowawayDatabases; sets: MigrationSet[] };
const started = new WeakMap<VerifyContext, Started>();

function prepare(ctx: VerifyContext): Started {
  let s = started.get(ctx);
  if (!s) {
    const pristine = new PristineDataDir(ctx.options.cacheDir ?? defaultCacheDir());
    s = { databases: new ThrowawayDatabases(() => createWorkerDatabase(pristine)), sets: migrationSets(ctx) };
    started.set(ctx, s);
  }
  return s;
}

/**
 * Each service's SQL migrations apply, in order, to a throwaway PostgreSQL
 * (PGlite), each file in its own transaction as the contract's runner does;
 * a failure names the file and the line of the failing statement, and stops
 * that service's run. Numbering is contiguous from 0001.
 */
export const migrationsCheck: Check<VerifyContext> & { warmUp(ctx: VerifyContext): void } = {
  id: "migrations",
  title: "Migrations apply (PostgreSQL)",
  warmUp(ctx) {
    const { databases, sets } = prepare(ctx);
    if (sets.some((s) => !s.skip && s.files.length > 0)) databases.warmUp();
  },
  async run(ctx): Promise<CheckOutcome> {
    const { databases, sets } = prepare(ctx);
    try {
      return await applyAll(ctx, databases, sets);
    } finally {
      await databases.close();
    }
  },
};

async function applyAll(ctx: VerifyContext, databases: ThrowawayDatabases, sets: MigrationSet[]): Promise<CheckOutcome> {
  if (sets.length === 0) return { findings: [], skipped: "no migrations" };
  const findings: Findings = [];
  const notes: string[] = [];
  let applied = 0;
  for (const set of sets) {
    if (set.skip) {
      notes.push(`${set.dir} skipped: ${set.skip}`);
      continue;
    }
    if (set.undeclared) {
      const first = set.files[0]!;
      findings.push({ severity: "warning", file: first.path, line: 1, message: `${set.dir} holds SQL migrations but no service in stackwright.json names it as migrationsDir` });
    }
    findings.push(...checkNumbering(set));
    if (set.files.length === 0) {
      if (!ctx.hasDir(set.dir)) findings.push({ severity: "warning", file: "stackwright.json", line: 1, message: `service "${set.service}": migrationsDir ${set.dir} has no files` });
      else findings.push({ severity: "warning", file: set.misnamed[0]?.path ?? set.dir, line: 1, message: `${set.dir} holds no NNNN_<description>.sql migrations` });
      continue;
    }
    let db: SqlDatabase;
    try {
      db = await databases.fresh();
    } catch (err) {
      // The machine, not the app: say so and verify the rest, rather than send anyone chasing a non-bug.
      const reason = err instanceof Error ? err.message : String(err);
      return { findings, skipped: `PostgreSQL (PGlite) did not start: ${reason}` };
    }
    for (const file of set.files) {
      const failure = await applyOne(db, file);
      if (!failure) {
        applied++;
        continue;
      }
      const lines = ctx.lines(file);
      const { line, column } = lines.at(failure.offset);
      const extra = [failure.error.detail, failure.error.hint && `hint: ${failure.error.hint}`].filter(Boolean).join("; ");
      findings.push({ severity: "error", file: file.path, line, column, message: `migration fails: ${failure.error.message}${extra ? ` (${extra})` : ""}` });
      break; // later migrations build on this one
    }
  }
  const total = sets.reduce((n, s) => n + (s.skip ? 0 : s.files.length), 0);
  if (total === 0 && notes.length > 0) return { findings, skipped: notes.join("; ") };
  return { findings, detail: [`${applied}/${plural(total, "migration")} applied`, ...notes].join("; ") };
}

/** Applies one file in a transaction; on failure, where in the file it failed. */
async function applyOne(db: SqlDatabase, file: GeneratedFile): Promise<{ error: DatabaseError; offset: number } | undefined> {
  try {
    await db.exec("BEGIN");
    await db.exec(file.content);
    await db.exec("COMMIT");
    return undefined;
  } catch (err) {
    await db.exec("ROLLBACK").catch(() => {});
    const error = asDatabaseError(err);
    if (error.position !== undefined) return { error, offset: offsetOfCodePoint(file.content, error.position) };
    return { error, offset: await locateFailure(db, file.content) };
  }
}

/**
 * Errors such as a missing referenced table carry no position: replay the file
 * statement by statement (rolled back afterwards) to find which one fails.
 */
async function locateFailure(db: SqlDatabase, sql: string): Promise<number> {
  let offset = 0;
  try {
    await db.exec("BEGIN");
    for (const statement of splitSql(sql)) {
      try {
        await db.exec(statement.text);
      } catch (err) {
        const { position } = asDatabaseError(err);
        offset = statement.start + (position === undefined ? 0 : offsetOfCodePoint(statement.text, position));
        break;
      }
    }
  } finally {
    await db.exec("ROLLBACK").catch(() => {});
  }
  return offset;
}
