import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";

/** The slice of PGlite the migrations check uses (an interface, so it stays swappable). */
export interface SqlDatabase {
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** What PostgreSQL says about a failed statement (PGlite passes its fields through). */
export interface DatabaseError {
  message: string;
  /** 1-based character position in the query string. */
  position?: number;
  detail?: string;
  hint?: string;
}

export function asDatabaseError(err: unknown): DatabaseError {
  const e = (err ?? {}) as { message?: unknown; position?: unknown; detail?: unknown; hint?: unknown };
  const position = Number(e.position);
  return {
    message: typeof e.message === "string" ? e.message : String(err),
    ...(Number.isInteger(position) && position > 0 ? { position } : {}),
    ...(typeof e.detail === "string" && e.detail ? { detail: e.detail } : {}),
    ...(typeof e.hint === "string" && e.hint ? { hint: e.hint } : {}),
  };
}

export function defaultCacheDir(): string {
  return join(tmpdir(), "stackwright");
}

let pgliteVersion: string | undefined | null;

/** The installed PGlite's version, to key cached data directories by (null when it cannot be read). */
async function installedPgliteVersion(): Promise<string | null> {
  if (pgliteVersion !== undefined) return pgliteVersion;
  try {
    let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8").catch(() => "{}")) as { name?: string; version?: string };
      if (pkg.name === "@electric-sql/pglite" && pkg.version) return (pgliteVersion = pkg.version);
    }
  } catch {
    // fall through
  }
  return (pgliteVersion = null);
}

/**
 * A pristine PostgreSQL data directory (right after initdb), gzipped, so later
 * databases skip initdb: that takes most of PGlite's start-up (several seconds
 * on a busy machine, against about one from a copy). Kept in memory for the
 * process and, unless disabled, on disk for the next process.
 */
export class PristineDataDir {
  /** Copies already read or made in this process, by cache file (or "memory:<version>"). */
  private static memory = new Map<string, Blob>();

  constructor(private readonly cacheDir: string | false) {}

  /** The cache file, or undefined when there is no disk cache. */
  async file(): Promise<string | undefined> {
    const version = await installedPgliteVersion();
    if (this.cacheDir === false || version === null) return undefined;
    return join(this.cacheDir, `pglite-${version}-pristine-datadir.tar.gz`);
  }

  private async key(): Promise<string> {
    return (await this.file()) ?? `memory:${(await installedPgliteVersion()) ?? "unknown"}`;
  }

  async load(): Promise<Blob | undefined> {
    const key = await this.key();
    const cached = PristineDataDir.memory.get(key);
    if (cached) return cached;
    const file = await this.file();
    if (!file) return undefined;
    try {
      const info = await stat(file);
      // Only a file this user wrote: another user's file in a shared tmp dir is not trusted.
      if (typeof process.getuid === "function" && info.uid !== process.getuid()) return undefined;
      const blob = new Blob([await readFile(file)]);
      PristineDataDir.memory.set(key, blob);
      return blob;
    } catch {
      return undefined;
    }
  }

  async save(blob: Blob): Promise<void> {
    PristineDataDir.memory.set(await this.key(), blob);
    const file = await this.file();
    if (!file) return;
    try {
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, Buffer.from(await blob.arrayBuffer()));
      await rename(temp, file); // atomic: a concurrent reader sees the old file or the new one
    } catch {
      // A cache that cannot be written only costs time.
    }
  }

  /** Drops a copy that PGlite could not start from. */
  async forget(): Promise<void> {
    PristineDataDir.memory.delete(await this.key());
    const file = await this.file();
    if (file) await rm(file, { force: true }).catch(() => {});
  }
}

/** A new in-memory PGlite, from the pristine copy when there is one (making the copy otherwise). */
export async function createPGlite(pristine: PristineDataDir): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const copy = await pristine.load();
  if (copy) {
    try {
      return await PGlite.create({ loadDataDir: copy });
    } catch {
      await pristine.forget();
    }
  }
  const db = await PGlite.create();
  try {
    await pristine.save(await db.dumpDataDir("gzip"));
  } catch {
    // No copy this time; the database itself is fine.
  }
  return db;
}

/**
 * Throwaway in-memory PostgreSQL databases for one verify run. The first is
 * started as soon as the run knows it needs one (`warmUp`), so start-up
 * overlaps the other checks; another is started only when a second service
 * needs a clean database.
 */
export class ThrowawayDatabases {
  private next: Promise<SqlDatabase> | undefined;
  private current: SqlDatabase | undefined;

  constructor(private readonly create: () => Promise<SqlDatabase>) {}

  /** Starts the first database in the background. */
  warmUp(): void {
    if (this.next || this.current) return;
    this.next = this.create();
    // A rejection is reported when fresh() awaits it; never as an unhandled one.
    this.next.catch(() => {});
  }

  /** A database nobody has used: the warmed-up one, or a new one after closing the previous. */
  async fresh(): Promise<SqlDatabase> {
    if (this.current) {
      const old = this.current;
      this.current = undefined;
      await old.close().catch(() => {});
    }
    const pending = this.next ?? this.create();
    this.next = undefined;
    this.current = await pending;
    return this.current;
  }

  async close(): Promise<void> {
    const pending = this.next;
    this.next = undefined;
    if (pending) await pending.then((db) => db.close()).catch(() => {});
    if (this.current) await this.current.close().catch(() => {});
    this.current = undefined;
  }
}
