import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";

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

/**
 * The worker's code (plain CommonJS, evaluated, so it runs the same from
 * sources under a TypeScript loader and from the built package). It starts
 * PGlite from the pristine copy when given one, otherwise starts it cold and
 * sends back a fresh copy before running anything; then it runs one `exec`
 * per message, in order.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const describe = (e) => ({
  message: e && typeof e.message === "string" ? e.message : String(e),
  position: e && e.position !== undefined ? Number(e.position) : undefined,
  detail: e && typeof e.detail === "string" ? e.detail : undefined,
  hint: e && typeof e.hint === "string" ? e.hint : undefined,
});
(async () => {
  const { PGlite } = require(workerData.pglite);
  let db;
  let copied = false;
  if (workerData.pristine) {
    try {
      db = await PGlite.create({ loadDataDir: new Blob([workerData.pristine]) });
      copied = true;
    } catch {
      db = undefined;
    }
  }
  let pristine;
  if (!db) {
    db = await PGlite.create();
    try {
      pristine = await (await db.dumpDataDir("gzip")).arrayBuffer();
    } catch {
      pristine = undefined;
    }
  }
  parentPort.postMessage({ ready: true, copied, pristine }, pristine ? [pristine] : []);
  parentPort.on("message", async ({ id, sql, close }) => {
    if (close) {
      await db.close().catch(() => {});
      parentPort.postMessage({ id });
      return;
    }
    try {
      await db.exec(sql);
      parentPort.postMessage({ id });
    } catch (e) {
      parentPort.postMessage({ id, error: describe(e) });
    }
  });
})().catch((e) => parentPort.postMessage({ failed: describe(e) }));
`;

class DatabaseFailure extends Error {
  constructor(readonly fields: DatabaseError) {
    super(fields.message);
    Object.assign(this, fields);
  }
}

/**
 * A throwaway in-memory PGlite in a worker thread: its start-up (WebAssembly,
 * restoring the data directory) runs beside the other checks instead of
 * blocking the event loop, and terminate() frees its memory for sure.
 */
export async function createWorkerDatabase(pristine: PristineDataDir): Promise<SqlDatabase> {
  const copy = await pristine.load();
  const bytes = copy ? await copy.arrayBuffer() : undefined;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pglite: createRequire(import.meta.url).resolve("@electric-sql/pglite"), pristine: bytes },
    transferList: bytes ? [bytes] : [],
  });
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let dead: Error | undefined;
  const fail = (err: Error) => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (m: { ready?: boolean; copied?: boolean; pristine?: ArrayBuffer; failed?: DatabaseError; id?: number; error?: DatabaseError }) => {
      if (m.ready) {
        if (copy && !m.copied) void pristine.forget();
        if (m.pristine) void pristine.save(new Blob([m.pristine]));
        resolve();
      } else if (m.failed) {
        const err = new Error(`PGlite did not start: ${m.failed.message}`);
        fail(err);
        reject(err);
      } else if (m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) p?.reject(new DatabaseFailure(m.error));
        else p?.resolve();
      }
    });
    worker.on("error", (err) => {
      fail(err);
      reject(err);
    });
    worker.on("exit", (code) => {
      const err = new Error(`the PGlite worker exited (code ${code})`);
      fail(err);
      reject(err);
    });
  });
  const send = (message: { sql?: string; close?: boolean }) =>
    new Promise<void>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  try {
    await ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return {
    exec: (sql) => send({ sql }),
    async close() {
      await send({ close: true }).catch(() => {});
      await worker.terminate();
    },
  };
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
