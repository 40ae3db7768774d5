import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { uptime } from "node:os";

/**
 * Child processes for the local target: spawned detached (own process group,
 * own session) with their output going straight to a log file, so they outlive
 * the CLI that started them; and stopped by process group, only after checking
 * that the recorded pid still is the process we started.
 */

/**
 * Who a process is, beyond its pid: the boot it runs in and its start time.
 * A pid reused after the process ended (or after a reboot) has a different
 * identity, so a stale record never gets an unrelated process killed.
 */
export interface ProcessIdentity {
  pid: number;
  /** "<boot>/<start>": Linux boot_id and start time in clock ticks, or the boot time and `ps` start time elsewhere. */
  id: string;
}

let cachedBoot: string | undefined;

/** Identifies this boot: Linux's boot_id, else the boot time rounded to 10 minutes (for `ps`-based identities). */
export function bootId(): string {
  if (cachedBoot) return cachedBoot;
  try {
    cachedBoot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    cachedBoot = `t${Math.round((Date.now() / 1000 - uptime()) / 600)}`;
  }
  return cachedBoot;
}

/** The `stat` fields after `comm` (which may hold spaces and parentheses): [0] is field 3 (state). */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

const hasProc = (() => {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
})();

/** The identity of a running (not zombie) process, or undefined when there is none with that pid. */
export function processIdentity(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  if (hasProc) {
    const fields = procStat(pid);
    // field 22 (starttime) is fields[19]; a zombie has finished, so it counts as gone.
    if (!fields || fields[0] === "Z" || fields[19] === undefined) return undefined;
    return `${bootId()}/${fields[19]}`;
  }
  try {
    const started = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return started ? `${bootId()}/${started.replace(/\s+/g, " ")}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether any process of the group runs (zombies excluded where /proc shows them). EPERM: it exists but is not ours. */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  if (hasProc) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = procStat(Number(entry));
      // fields[2] is field 5 (pgrp).
      if (fields && fields[2] === String(pgid) && fields[0] !== "Z") return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type Ownership = "running" | "orphans" | "gone";

/**
 * What is left of a process group we started (its leader's pid and identity):
 * - "running": the leader is the process we started;
 * - "orphans": the leader has exited but processes of its group still run in
 *   this boot (a pid stays reserved while its group has members, so they are ours);
 * - "gone": nothing, or the pid now belongs to someone else (reused, or another boot).
 */
export function ownership(recorded: ProcessIdentity): Ownership {
  const current = processIdentity(recorded.pid);
  if (current !== undefined) return current === recorded.id ? "running" : "gone";
  const recordedBoot = recorded.id.slice(0, recorded.id.indexOf("/"));
  if (recordedBoot !== bootId()) return "gone";
  return groupAlive(recorded.pid) ? "orphans" : "gone";
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone (ESRCH) or not ours (EPERM): nothing to do
  }
}

/**
 * Stops a process group we started: SIGTERM to the group, SIGKILL after
 * `graceMs`. Does nothing when the recorded process is no longer ours.
 * Resolves with what it found.
 */
export async function stopProcessGroup(recorded: ProcessIdentity, graceMs = 10_000): Promise<Ownership> {
  const found = ownership(recorded);
  if (found === "gone") return found;
  signalGroup(recorded.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(recorded.pid) && Date.now() < deadline) await delay(50);
  if (groupAlive(recorded.pid)) {
    signalGroup(recorded.pid, "SIGKILL");
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(recorded.pid) && Date.now() < killDeadline) await delay(50);
  }
  return found;
}

/**
 * The environment a generated app's commands run with: only what tools need
 * from ours (PATH, HOME, locale, npm/pip/go settings, proxies, CA bundles),
 * never the rest: the process running Stackwright may hold its own secrets
 * (a GitHub App key, API tokens, its own DATABASE_URL), and generated code
 * must not see them. `extra` names more variables to pass through.
 */
export function baseEnvironment(extra: readonly string[] = []): Record<string, string> {
  const exact = new Set([
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP", "TERM",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "COREPACK_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
    "GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CACHE_DIR",
    "SystemRoot", "ComSpec", "PATHEXT", "APPDATA", "LOCALAPPDATA", "USERPROFILE",
    ...extra,
  ]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (exact.has(name) || name.startsWith("LC_") || /^npm_config_/i.test(name)) env[name] = value;
  }
  return env;
}

export interface SpawnedProcess {
  child: ChildProcess;
  identity: ProcessIdentity;
  /** Resolves with the exit code (or signal name) when the process exits while we still watch it. */
  exited: Promise<number | string>;
  hasExited(): boolean;
}

/**
 * Starts argv detached (its own process group and session), stdin closed,
 * stdout and stderr appended to `logPath`. The parent does not hold it: it
 * keeps running after the CLI exits.
 */
export function spawnDetached(argv: readonly string[], options: { cwd: string; env: Record<string, string>; logPath: string }): Promise<SpawnedProcess> {
  const [command, ...args] = argv;
  if (!command) throw new Error("empty command");
  const fd = openSync(options.logPath, "a", 0o600);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", fd, fd] });
    } catch (error) {
      close();
      reject(error);
      return;
    }
    let exitedWith: number | string | undefined;
    const exited = new Promise<number | string>((done) =>
      child.once("exit", (code, signal) => {
        exitedWith = code ?? signal ?? "unknown";
        done(exitedWith);
      }),
    );
    child.once("error", (error) => {
      close();
      reject(error);
    });
    child.once("spawn", () => {
      close();
      child.unref();
      const pid = child.pid!;
      resolve({ child, identity: { pid, id: processIdentity(pid) ?? `${bootId()}/unknown` }, exited, hasExited: () => exitedWith !== undefined });
    });
  });
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
}

/**
 * Runs argv to completion in its own process group (so a timeout or an abort
 * ends everything it started), output appended to the log file.
 */
export function runLogged(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string>; logPath: string; timeoutMs: number; signal?: AbortSignal },
): Promise<CommandResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error("empty command");
  const fd = openSync(options.logPath, "a", 0o600);
  return new Promise((resolve, reject) => {
    let timedOut = false;
    let aborted = false;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", fd, fd] });
    const killGroup = () => {
      if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      killGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let finished = false;
    const finish = () => {
      if (finished) return false;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      closeSync(fd);
      return true;
    };
    child.once("error", (error) => {
      if (finish()) reject(error);
    });
    child.once("exit", (code, signal) => {
      if (!finish()) return;
      // Whatever the command left running in its group (a stray watcher) ends with it.
      killGroup();
      resolve({ code, signal, timedOut, aborted });
    });
    if (options.signal?.aborted) onAbort();
  });
}

/** A TCP port nobody listens on right now, chosen by the OS. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Whether `port` can be bound on `host` right now. */
export function portFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
