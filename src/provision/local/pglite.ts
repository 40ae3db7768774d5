import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import pg from "pg";
import { defaultCacheDir, PristineDataDir } from "../../util/pglite.js";
import { ENV_VAR_FOR, ProvisionError, resourceName, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../types.js";
import { isLocalName, localName } from "./names.js";
import { PROVIDER_NAME } from "./postgres.js";

/**
 * Embedded PostgreSQL for hosts with no PostgreSQL server: one PGlite data
 * directory per app and environment under the state directory, served over TCP
 * on 127.0.0.1 by a PGLiteSocketServer in a background process of its own (it
 * outlives the `stackwright` command that started it, as the app needs it).
 *
 * Limits (PGlite runs ONE backend session for all clients; see docs/provisioning.md):
 * - no roles, passwords or databases: the startup user, database and password
 *   are ignored, so isolation comes from one PGlite instance per app and
 *   environment, and anyone on this host who can reach the port can connect;
 * - advisory locks never conflict and transactions of different clients run
 *   one after another; LISTEN/NOTIFY between clients and query cancellation do
 *   not work; no SSL;
 * - one process per instance (about 100 MB of memory each).
 *
 * Files in `<root>/<instance>/`: `data/` (PGlite's data directory),
 * `server.json` (pid and port of the running server), `server.lock` (held by
 * the server process, so two `ensure` calls never start two servers on one data
 * directory), `server.log`, `port` (the last port, reused so the app's URL
 * stays the same across restarts), and `server.cjs` (the server's script).
 */

export interface EmbeddedServer {
  instance: string;
  pid: number;
  port: number;
  url: string;
}

interface ServerState {
  pid: number;
  port: number;
  startedAt: string;
}

/** The server process's script (CommonJS, so it runs the same under tsx and from dist/). */
function serverScript(modules: { pglite: string; socket: string }): string {
  return `// Written by Stackwright (src/provision/local/pglite.ts): serves one PGlite data directory over TCP.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const [dataDir, dir, preferredPort, pristine, pristineUsable] = process.argv.slice(2);
const lockFile = path.join(dir, "server.lock");
const stateFile = path.join(dir, "server.json");
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };

// The lock file appears with its content in one step (link), so a reader never sees it empty.
function takeLock() {
  const mine = lockFile + "." + process.pid;
  fs.writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(mine, lockFile);
        return true;
      } catch (e) {
        if (e.code !== "EEXIST") throw e;
      }
      let owner;
      try {
        owner = Number(fs.readFileSync(lockFile, "utf8"));
      } catch (e) {
        if (e.code === "ENOENT") continue;
        throw e;
      }
      if (owner && alive(owner)) return false;
      // A dead server's lock: move it aside, then make sure what moved is that one and not a newer lock.
      const aside = lockFile + ".stale." + process.pid;
      try {
        fs.renameSync(lockFile, aside);
      } catch (e) {
        if (e.code === "ENOENT") continue;
        throw e;
      }
      const moved = Number(fs.readFileSync(aside, "utf8"));
      if (moved !== owner) {
        try { fs.linkSync(aside, lockFile); } catch (e) {}
        fs.rmSync(aside, { force: true });
        return false;
      }
      fs.rmSync(aside, { force: true });
    }
    return false;
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

if (!takeLock()) {
  console.log("another server holds " + lockFile + "; leaving it to that one");
  process.exit(0);
}

(async () => {
  const { PGlite } = require(${JSON.stringify(modules.pglite)});
  const { PGLiteSocketServer } = require(${JSON.stringify(modules.socket)});
  // A new data directory starts from a copy of a pristine one when there is one (initdb is most of a cold start).
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  let db;
  if (fresh && pristine && pristineUsable === "1") {
    try {
      db = await PGlite.create(dataDir, { loadDataDir: new Blob([fs.readFileSync(pristine)]) });
    } catch (e) {
      console.error("the pristine copy " + pristine + " could not be used (" + (e && e.message) + "); running initdb");
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      db = undefined;
    }
  }
  if (!db) {
    db = await PGlite.create(dataDir);
    if (fresh && pristine && pristineUsable !== "1") {
      try {
        const blob = await db.dumpDataDir("gzip");
        fs.mkdirSync(path.dirname(pristine), { recursive: true });
        const temp = pristine + "." + process.pid + ".tmp";
        fs.writeFileSync(temp, Buffer.from(await blob.arrayBuffer()));
        fs.renameSync(temp, pristine);
      } catch (e) {
        console.error("could not save a pristine copy: " + (e && e.message));
      }
    }
  }
  let server;
  for (const port of [Number(preferredPort) || 0, 0]) {
    server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 100 });
    try {
      await server.start();
      break;
    } catch (e) {
      if (e.code !== "EADDRINUSE" || port === 0) throw e;
    }
  }
  const port = Number(server.getServerConn().split(":").pop());
  fs.writeFileSync(path.join(dir, "port"), String(port));
  const temp = stateFile + "." + process.pid;
  fs.writeFileSync(temp, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }), { mode: 0o600 });
  fs.renameSync(temp, stateFile);
  console.log("serving " + dataDir + " on 127.0.0.1:" + port + " (pid " + process.pid + ")");
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log("stopping (" + signal + ")");
    try { await server.stop(); } catch (e) { console.error(e); }
    try { await db.close(); } catch (e) { console.error(e); }
    fs.rmSync(stateFile, { force: true });
    fs.rmSync(lockFile, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  fs.rmSync(lockFile, { force: true });
  process.exit(1);
});
`;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EmbeddedPostgres {
  constructor(
    /** Where instances live (`<state dir>/pglite`). */
    readonly root: string,
    private readonly options: { startTimeoutMs?: number } = {},
  ) {}

  dirOf(instance: string): string {
    if (!isLocalName(instance)) throw new ProvisionError(PROVIDER_NAME, `${instance} is not an embedded database name this provider makes`);
    return join(this.root, instance);
  }

  urlFor(port: number): string {
    // User, password and database are ignored by PGlite; these are what it reports.
    return `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  /** Whether the instance's data directory exists. */
  exists(instance: string): boolean {
    return existsSync(join(this.dirOf(instance), "data", "PG_VERSION"));
  }

  /** The instance's server when it runs and answers; otherwise undefined. */
  async running(instance: string): Promise<EmbeddedServer | undefined> {
    const state = await this.readState(instance);
    if (!state || !isAlive(state.pid)) return undefined;
    const url = this.urlFor(state.port);
    return (await answers(url)) ? { instance, pid: state.pid, port: state.port, url } : undefined;
  }

  /** Starts the instance's server unless it runs already. */
  async start(instance: string): Promise<EmbeddedServer & { started: boolean }> {
    const already = await this.running(instance);
    if (already) return { ...already, started: false };
    const dir = this.dirOf(instance);
    await mkdir(join(dir, "data"), { recursive: true, mode: 0o700 });
    const require = createRequire(import.meta.url);
    const script = join(dir, "server.cjs");
    await writeFile(script, serverScript({ pglite: require.resolve("@electric-sql/pglite"), socket: require.resolve("@electric-sql/pglite-socket") }), { mode: 0o600 });
    const previousPort = Number((await readFile(join(dir, "port"), "utf8").catch(() => "0")).trim()) || 0;
    const log = await open(join(dir, "server.log"), "a", 0o600);
    let exited: { code: number | null } | undefined;
    try {
      const pristine = await pristineCopy();
      const args = [script, join(dir, "data"), dir, String(previousPort), ...(pristine ? [pristine.path, pristine.usable ? "1" : "0"] : [])];
      const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", log.fd, log.fd], cwd: dir });
      child.on("exit", (code) => (exited = { code }));
      child.on("error", () => (exited = { code: null }));
      child.unref();
    } finally {
      await log.close();
    }

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      const server = await this.running(instance);
      if (server) return { ...server, started: true };
      if (exited && exited.code !== 0) {
        throw new ProvisionError(PROVIDER_NAME, `the embedded PostgreSQL for ${instance} did not start (exit code ${exited.code}); see ${join(dir, "server.log")}:\n${await tail(join(dir, "server.log"))}`);
      }
      // Exit code 0: another ensure's server holds the lock; keep waiting for it to answer.
      await sleep(200);
    }
    throw new ProvisionError(PROVIDER_NAME, `the embedded PostgreSQL for ${instance} did not answer within ${Math.round((this.options.startTimeoutMs ?? 120_000) / 1000)} s; see ${join(dir, "server.log")}`);
  }

  /** Stops the instance's server (SIGTERM: PGlite closes its data directory cleanly). True when one was running. */
  async stop(instance: string, timeoutMs = 20_000): Promise<boolean> {
    const state = await this.readState(instance);
    if (!state || !isAlive(state.pid) || !(await this.isServerProcess(instance, state))) {
      await rm(join(this.dirOf(instance), "server.json"), { force: true });
      return false;
    }
    process.kill(state.pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (isAlive(state.pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(state.pid)) process.kill(state.pid, "SIGKILL");
    while (isAlive(state.pid)) await sleep(50);
    await rm(join(this.dirOf(instance), "server.json"), { force: true });
    await rm(join(this.dirOf(instance), "server.lock"), { force: true });
    return true;
  }

  /** Stops the server and deletes the instance's data. */
  async remove(instance: string): Promise<void> {
    await this.stop(instance);
    await rm(this.dirOf(instance), { recursive: true, force: true });
  }

  async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
    const fromRecord = recorded?.provider === PROVIDER_NAME && recorded.kind === "postgres" && recorded.ids.engine === "pglite" ? recorded.ids.instance : undefined;
    const instance = fromRecord && isLocalName(fromRecord) && this.exists(fromRecord) ? fromRecord : localName(request);
    const existed = this.exists(instance);
    const server = await this.start(instance);
    return {
      kind: "postgres",
      provider: PROVIDER_NAME,
      name: resourceName(request),
      ids: { engine: "pglite", instance },
      url: server.url,
      env: { [ENV_VAR_FOR.postgres]: server.url },
      created: !existed,
    };
  }

  async destroy(recorded: RecordedResource): Promise<void> {
    const instance = recorded.ids.instance;
    if (!instance) return;
    await this.remove(instance);
  }

  /**
   * Whether the pid in server.json is still this instance's server, not a
   * process that got the pid after the server died without cleaning up.
   */
  private async isServerProcess(instance: string, state: ServerState): Promise<boolean> {
    try {
      const cmdline = await readFile(`/proc/${state.pid}/cmdline`, "utf8");
      return cmdline.split("\0").includes(join(this.dirOf(instance), "server.cjs"));
    } catch {
      // No /proc (macOS): trust a server that answers on its port.
      return answers(this.urlFor(state.port));
    }
  }

  private async readState(instance: string): Promise<ServerState | undefined> {
    try {
      const state = JSON.parse(await readFile(join(this.dirOf(instance), "server.json"), "utf8")) as Partial<ServerState>;
      return typeof state.pid === "number" && typeof state.port === "number" ? (state as ServerState) : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * The pristine data directory copy that `stackwright verify` also keeps (a
 * gzipped initdb result, keyed by PGlite's version): usable when it exists and
 * this user wrote it; otherwise the server saves one after its own initdb.
 */
async function pristineCopy(): Promise<{ path: string; usable: boolean } | undefined> {
  const path = await new PristineDataDir(defaultCacheDir()).file();
  if (!path) return undefined;
  try {
    const info = await stat(path);
    const mine = typeof process.getuid !== "function" || info.uid === process.getuid();
    return { path, usable: mine && info.size > 0 };
  } catch {
    return { path, usable: false };
  }
}

/** Whether a PostgreSQL server answers a query at this URL. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
