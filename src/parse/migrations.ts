/**
 * Database migrations among generated files, in the order they apply:
 * `*.sql` under a `migrations` directory (Stackwright's `NNNN_name.sql`,
 * golang-migrate's `N_name.up.sql`/`.down.sql`, Prisma's
 * `migrations/<timestamp>_name/migration.sql`), and Alembic revisions
 * (`alembic/versions/*.py`, `migrations/versions/*.py`) in revision-chain
 * order.
 */
import type { GeneratedFile } from "./types.js";

export type MigrationKind = "sql" | "alembic";

export interface Migration {
  path: string;
  kind: MigrationKind;
  /** File name without extension and direction (`0001_init`), or the Prisma migration's directory name. */
  name: string;
  /** The leading number of the name (`0001`), or the Alembic revision id; null when there is none. */
  version: string | null;
  /** golang-migrate style `.up.sql` / `.down.sql`; null for forward-only files. */
  direction: "up" | "down" | null;
  /** Alembic `down_revision` (null for the first revision and for SQL files). */
  downRevision: string | null;
}

const SQL_MIGRATION = /(?:^|\/)migrations\/(?:.*\/)?[^/]+\.sql$/i;
const ALEMBIC_REVISION = /(?:^|\/)(?:alembic|migrations)\/versions\/(?!__init__\.py$)[^/]+\.py$/;

export function isMigrationPath(path: string): boolean {
  return SQL_MIGRATION.test(path) || ALEMBIC_REVISION.test(path);
}

/** The migrations among the files, in application order (SQL first, then Alembic), plus problems found. */
export function findMigrations(files: readonly GeneratedFile[]): { migrations: Migration[]; warnings: string[] } {
  const warnings: string[] = [];
  const sql: Migration[] = [];
  const alembic: Migration[] = [];
  for (const file of files) {
    if (SQL_MIGRATION.test(file.path)) sql.push(sqlMigration(file.path));
    else if (ALEMBIC_REVISION.test(file.path)) alembic.push(alembicMigration(file));
  }
  sql.sort(compareSqlMigrations);
  return { migrations: [...sql, ...orderAlembic(alembic, warnings)], warnings };
}

function sqlMigration(path: string): Migration {
  const segments = path.split("/");
  const file = segments[segments.length - 1]!;
  let stem = file.replace(/\.sql$/i, "");
  let direction: Migration["direction"] = null;
  const dir = /\.(up|down)$/i.exec(stem);
  if (dir) {
    direction = dir[1]!.toLowerCase() as "up" | "down";
    stem = stem.slice(0, -dir[0].length);
  }
  // Prisma: migrations/<20240101120000_init>/migration.sql — the directory names it.
  if (stem === "migration" && segments.length >= 2) stem = segments[segments.length - 2]!;
  return { path, kind: "sql", name: stem, version: /^\d+/.exec(stem)?.[0] ?? null, direction, downRevision: null };
}

function compareSqlMigrations(a: Migration, b: Migration): number {
  const byGroup = naturalCompare(orderingDir(a.path), orderingDir(b.path));
  if (byGroup !== 0) return byGroup;
  const byName = naturalCompare(a.name, b.name);
  if (byName !== 0) return byName;
  // up before down for the same step
  const rank = (m: Migration) => (m.direction === "down" ? 1 : 0);
  return rank(a) - rank(b) || naturalCompare(a.path, b.path);
}

/** The directory whose entries are ordered: the file's own, or for Prisma's `<name>/migration.sql` its parent. */
function orderingDir(path: string): string {
  const dir = path.slice(0, Math.max(0, path.lastIndexOf("/")));
  return /(?:^|\/)migration\.sql$/i.test(path) ? dir.slice(0, Math.max(0, dir.lastIndexOf("/"))) : dir;
}

function alembicMigration(file: GeneratedFile): Migration {
  const stem = file.path.slice(file.path.lastIndexOf("/") + 1).replace(/\.py$/, "");
  const revision = /^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']/m.exec(file.content)?.[1] ?? null;
  const down = /^down_revision\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)/m.exec(file.content);
  return {
    path: file.path,
    kind: "alembic",
    name: stem,
    version: revision,
    direction: null,
    downRevision: down?.[1] ?? null,
  };
}

/**
 * Follows the down_revision chain from the base revision. Revisions the chain
 * does not reach (branches, merges, missing ids) follow in file-name order,
 * with a warning.
 */
function orderAlembic(revisions: Migration[], warnings: string[]): Migration[] {
  if (revisions.length === 0) return [];
  const sorted = [...revisions].sort((a, b) => naturalCompare(a.path, b.path));
  const byDown = new Map<string | null, Migration[]>();
  for (const r of sorted) {
    const list = byDown.get(r.downRevision) ?? [];
    list.push(r);
    byDown.set(r.downRevision, list);
  }
  const ordered: Migration[] = [];
  const placed = new Set<Migration>();
  let next = byDown.get(null) ?? [];
  while (next.length === 1 && !placed.has(next[0]!)) {
    const r = next[0]!;
    ordered.push(r);
    placed.add(r);
    next = r.version === null ? [] : (byDown.get(r.version) ?? []);
  }
  const rest = sorted.filter((r) => !placed.has(r));
  if (rest.length > 0) {
    warnings.push(
      `Alembic revisions not on one linear chain from the base revision: ${rest.map((r) => r.path).join(", ")}; ordered by file name.`,
    );
  }
  return [...ordered, ...rest];
}

/** Compares strings with digit runs as numbers ("2_x" < "10_x"). */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}
