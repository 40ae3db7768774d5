import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DeployError, type DeployTarget, type RecordedServiceDeployment, type ServiceDeployInput, type ServiceDeployment } from "../types.js";
import type { ServiceManifest } from "../../spec/manifest.js";
import { installFingerprint, ModulesStore, readMarker, writeMarker } from "./install-cache.js";
import {
  baseEnvironment,
  freePort,
  ownership,
  portFree,
  processIdentity,
  runLogged,
  spawnDetached,
  stopProcessGroup,
  type ProcessIdentity,
  type SpawnedProcess,
} from "./processes.js";
import { redactValues, secretValues, tailFile } from "./redact.js";
import {
  environmentDir,
  listLocalDeployments,
  localRoot,
  logsDir,
  readLocalDeployment,
  readReservation,
  readUpstream,
  removeLocalDeployment,
  reservationPath,
  upstreamPath,
  writeLocalDeployment,
  writeReservation,
  writeUpstream,
  type LocalDeploymentEntry,
  type Upstream,
} from "./registry.js";
import { PING_HEADER } from "./router.js";
import { helperCommand } from "./scripts.js";

/**
 * The local deploy target: runs a generated app's services as child
 * processes on this machine. See README.md in this directory.
 */

export interface LocalTargetOptions {
  /** Host name in the URLs handed out (default STACKWRIGHT_LOCAL_HOST or 127.0.0.1). */
  host?: string;
  /** Address the routers listen on (default STACKWRIGHT_LOCAL_BIND or 127.0.0.1; "0.0.0.0" to reach them from other machines). */
  bindHost?: string;
  /** Ports the stable service URLs are taken from (default STACKWRIGHT_LOCAL_PORTS or 24100-24999, below the ephemeral ranges of Linux (32768+) and macOS (49152+)). */
  portRange?: [number, number];
  /** How long a started service has to answer 200 on its health path (default 60 s). */
  healthTimeoutMs?: number;
  installTimeoutMs?: number;
  buildTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace when stopping a process (default 10 s, the generated backend's own shutdown limit). */
  stopGraceMs?: number;
  /** More variables of our environment to pass to the app's commands (by default only PATH, HOME, locale, npm/proxy settings). */
  inheritEnv?: string[];
  /** Reuse installed node_modules when the dependencies did not change (default true). */
  reuseDependencies?: boolean;
  /** Log files kept per service (default 20). */
  keepLogs?: number;
}

const TARGET = "local";

function parseRange(value: string | undefined): [number, number] | undefined {
  const match = /^(\d+)-(\d+)$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2]);
  return low >= 1024 && high <= 65535 && low <= high ? [low, high] : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a deploy needs from the last one: the registry entry, or (when the registry was lost) what the record says. */
interface Previous {
  entry?: LocalDeploymentEntry;
  process?: ProcessIdentity;
  router?: ProcessIdentity & { port: number };
}

function identityFromIds(ids: Record<string, string>, pidKey: string, idKey: string): ProcessIdentity | undefined {
  const pid = Number(ids[pidKey]);
  const id = ids[idKey];
  return Number.isInteger(pid) && pid > 1 && id ? { pid, id } : undefined;
}

/** The record a local deployment entry corresponds to (what `deploy` returned), e.g. for `stop`. */
export function localDeploymentRecord(entry: LocalDeploymentEntry): RecordedServiceDeployment {
  return { target: TARGET, service: entry.service, url: entry.url, ids: idsOf(entry) };
}

function idsOf(entry: LocalDeploymentEntry): Record<string, string> {
  return {
    app: entry.app,
    environment: entry.environment,
    sha: entry.sha,
    pid: String(entry.process.pid),
    processId: entry.process.id,
    port: String(entry.process.port),
    routerPid: String(entry.router.pid),
    routerId: entry.router.id,
    publicPort: String(entry.router.port),
    logPath: entry.logPath,
    sourceDir: entry.sourceDir,
  };
}

export class LocalTarget implements DeployTarget {
  readonly name = TARGET;
  private readonly host: string;
  private readonly bindHost: string;
  private readonly portRange: [number, number];

  constructor(private readonly options: LocalTargetOptions = {}) {
    this.host = options.host ?? (process.env.STACKWRIGHT_LOCAL_HOST || "127.0.0.1");
    this.bindHost = options.bindHost ?? (process.env.STACKWRIGHT_LOCAL_BIND || "127.0.0.1");
    this.portRange = options.portRange ?? parseRange(process.env.STACKWRIGHT_LOCAL_PORTS) ?? [24100, 24999];
  }

  supports(service: ServiceManifest): boolean {
    return service.commands.start.length > 0 || service.staticDir !== undefined;
  }

  /** Where the routers are reached from this machine. */
  private get probeHost(): string {
    return this.bindHost === "0.0.0.0" || this.bindHost === "::" ? "127.0.0.1" : this.bindHost;
  }

  private url(port: number): string {
    const host = this.host.includes(":") && !this.host.startsWith("[") ? `[${this.host}]` : this.host;
    return `http://${host}:${port}`;
  }

  async deploy(input: ServiceDeployInput): Promise<ServiceDeployment> {
    const started = performance.now();
    const { app, environment, service, sha } = input;
    const say = (line: string) => input.log?.(line);
    const sourceDir = resolve(input.sourceDir);
    const fail = (phase: DeployError["phase"], message: string, logPath?: string, cause?: unknown): never => {
      const excerpt = logPath ? redactValues(tailFile(logPath), secretValues(input.env, service)) : "";
      const detail = excerpt ? `${message}\n\nLast lines of ${logPath}:\n${excerpt}` : message;
      throw new DeployError(TARGET, service.name, phase, redactValues(detail, secretValues(input.env, service)), { cause, ...(logPath ? { logUrl: logPath } : {}) });
    };
    if (!existsSync(sourceDir) || !statSync(sourceDir).isDirectory()) fail("install", `the source directory ${sourceDir} does not exist`);

    const logDir = join(logsDir(app, environment), service.name);
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    const release = acquireLock(app, environment, service.name, fail);
    try {
      const previous = this.previousOf(input);
      const configHash = hashConfig(input, sourceDir);

      // A rerun of the deploy that is live (same commit, directory, manifest and environment) changes nothing.
      const live = previous.entry;
      if (live && live.sha === sha && live.configHash === configHash && live.sourceDir === sourceDir && ownership(live.process) === "running" && ownership(live.router) === "running") {
        if (await this.answers(`http://${this.probeHost}:${live.router.port}${service.healthPath ?? "/"}`, 5_000, input.signal)) {
          say(`${service.name} ${sha.slice(0, 7)} is already live at ${live.url}`);
          return { target: TARGET, service: service.name, url: live.url, ids: idsOf(live), logUrl: live.logPath, durationMs: Math.round(performance.now() - started) };
        }
      }

      const logPath = join(logDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${sha.slice(0, 12)}.log`);
      writeFileSync(logPath, `# ${app} ${environment} ${service.name} at ${sha}, ${new Date().toISOString()}\n`, { mode: 0o600 });
      const env = { ...baseEnvironment(this.options.inheritEnv), ...input.env };

      const fingerprint = await this.install(input, sourceDir, env, logPath, fail);

      if (service.commands.build) {
        say(`building: ${service.commands.build.join(" ")}`);
        await this.runStep("build", service.commands.build, sourceDir, env, logPath, this.options.buildTimeoutMs ?? 600_000, input.signal, fail);
      }

      let argv: string[];
      let processEnv: Record<string, string>;
      const port = await freePort();
      if (service.staticDir !== undefined) {
        const root = resolve(sourceDir, service.staticDir);
        if (!existsSync(join(root, "index.html"))) fail("build", `the build left no ${service.staticDir}/index.html to serve`, logPath);
        argv = [...helperCommand("static-server"), "--root", root, "--port", String(port), "--host", "127.0.0.1"];
        // The static server needs none of the app's settings.
        processEnv = baseEnvironment(this.options.inheritEnv);
      } else {
        argv = [...service.commands.start];
        processEnv = { ...env, [service.port?.env ?? "PORT"]: String(port) };
        // Behind our router (a loopback proxy): let the app read the client's address from X-Forwarded-For.
        if (service.env.some((v) => v.name === "TRUST_PROXY") && input.env.TRUST_PROXY === undefined) processEnv.TRUST_PROXY = "loopback";
      }

      say(`starting on port ${port}: ${service.staticDir !== undefined ? `static files in ${service.staticDir}` : argv.join(" ")}`);
      appendFileSync(logPath, `\n$ ${argv.join(" ")}   (port ${port})\n`);
      let spawned: SpawnedProcess;
      try {
        spawned = await spawnDetached(argv, { cwd: sourceDir, env: processEnv, logPath });
      } catch (error) {
        return fail("start", `could not start \`${argv.join(" ")}\`: ${(error as Error).message}`, logPath, error);
      }

      const healthPath = service.healthPath ?? "/";
      const health = await this.waitHealthy(`http://127.0.0.1:${port}${healthPath}`, spawned, input.signal);
      if (!health.ok) {
        await stopProcessGroup(spawned.identity, 2_000);
        return fail("health", `${health.reason}; the previous deployment was left running`, logPath);
      }
      say(`health check passed (GET ${healthPath} → 200)`);

      // Route the stable URL to the new process, then check it answers there too.
      const router = await this.ensureRouter(app, environment, service.name, previous, logPath, fail);
      const before = readUpstream(app, environment, service.name);
      writeUpstream(app, environment, service.name, { port, host: "127.0.0.1" });
      const url = this.url(router.port);
      if (!(await this.answers(`http://${this.probeHost}:${router.port}${healthPath}`, 10_000, input.signal))) {
        restoreUpstream(app, environment, service.name, before);
        await stopProcessGroup(spawned.identity, 2_000);
        if (router.started && !previous.entry) await stopProcessGroup(router, 2_000);
        return fail("health", `the new process answers on port ${port} but not through ${url}; the previous deployment was left running`, logPath);
      }

      const entry: LocalDeploymentEntry = {
        version: 1,
        app,
        environment,
        service: service.name,
        role: service.role,
        sha,
        url,
        router: { pid: router.pid, id: router.id, port: router.port, host: this.bindHost },
        process: { ...spawned.identity, kind: service.staticDir !== undefined ? "static" : "command", port, argv },
        logPath,
        sourceDir,
        ...(fingerprint ? { installFingerprint: fingerprint } : {}),
        configHash,
        deployedAt: new Date().toISOString(),
      };
      writeLocalDeployment(entry);
      rmSync(reservationPath(app, environment, service.name), { force: true });

      const old = previous.entry?.process ?? previous.process;
      if (old && old.pid !== spawned.identity.pid) {
        const found = await stopProcessGroup(old, this.options.stopGraceMs ?? 10_000);
        if (found !== "gone") say(`stopped the previous process (pid ${old.pid})`);
      }
      pruneLogs(logDir, this.options.keepLogs ?? 20, [logPath]);
      say(`live at ${url}`);
      return { target: TARGET, service: service.name, url, ids: idsOf(entry), logUrl: logPath, durationMs: Math.round(performance.now() - started) };
    } finally {
      release();
    }
  }

  /**
   * Stops a local deployment and its router, and forgets it. A record of an
   * older deployment (one a later deploy replaced) stops only its own process,
   * if anything of it still runs. Idempotent; never signals a process that is
   * not the one recorded (pid reuse, reboot).
   */
  async stop(recorded: RecordedServiceDeployment): Promise<void> {
    const { app, environment } = recorded.ids;
    if (!app || !environment) return;
    const grace = this.options.stopGraceMs ?? 10_000;
    const entry = readLocalDeployment(app, environment, recorded.service);
    const process = identityFromIds(recorded.ids, "pid", "processId");
    const current = !entry || !process || (entry.process.pid === process.pid && entry.process.id === process.id);
    if (process) await stopProcessGroup(process, grace);
    if (!current) return;
    if (entry) {
      await stopProcessGroup(entry.process, grace);
      await stopProcessGroup(entry.router, 2_000);
    } else {
      const router = identityFromIds(recorded.ids, "routerPid", "routerId");
      if (router) await stopProcessGroup(router, 2_000);
    }
    removeLocalDeployment(app, environment, recorded.service);
  }

  private previousOf(input: ServiceDeployInput): Previous {
    const entry = readLocalDeployment(input.app, input.environment, input.service.name);
    if (entry) return { entry };
    const ids = input.previous?.target === TARGET ? input.previous.ids : undefined;
    if (!ids) return {};
    const process = identityFromIds(ids, "pid", "processId");
    const router = identityFromIds(ids, "routerPid", "routerId");
    const port = Number(ids.publicPort);
    return { ...(process ? { process } : {}), ...(router && Number.isInteger(port) ? { router: { ...router, port } } : {}) };
  }

  /** Installs dependencies, or links the stored tree when nothing changed; returns the fingerprint when the result is reusable. */
  private async install(
    input: ServiceDeployInput,
    sourceDir: string,
    env: Record<string, string>,
    logPath: string,
    fail: (phase: DeployError["phase"], message: string, logPath?: string, cause?: unknown) => never,
  ): Promise<string | undefined> {
    const { commands } = input.service;
    const fingerprint = this.options.reuseDependencies === false ? undefined : installFingerprint(sourceDir, commands.install, env);
    const store = new ModulesStore(join(localRoot(), "cache", "node_modules"));
    const modules = join(sourceDir, "node_modules");
    const marked = readMarker(sourceDir);
    if (marked !== undefined) {
      if (fingerprint && marked === fingerprint) {
        appendFileSync(logPath, `\n# dependencies already installed in this checkout (fingerprint ${fingerprint.slice(0, 12)})\n`);
        input.log?.("dependencies already installed in this checkout");
        return fingerprint;
      }
      // Ours, and sharing files with the store: never install over it.
      rmSync(modules, { recursive: true, force: true });
    }
    if (fingerprint && !existsSync(modules)) {
      try {
        const linked = store.restore(fingerprint, sourceDir);
        if (linked) {
          writeMarker(sourceDir, fingerprint);
          const line = `dependencies unchanged: reused the installed node_modules (${linked.files} files ${linked.copied ? "copied" : "linked"}, fingerprint ${fingerprint.slice(0, 12)})`;
          appendFileSync(logPath, `\n# ${line}\n`);
          input.log?.(line);
          return fingerprint;
        }
      } catch (error) {
        appendFileSync(logPath, `\n# could not reuse installed dependencies (${(error as Error).message}); installing\n`);
      }
    }
    input.log?.(`installing: ${commands.install.join(" ")}`);
    await this.runStep("install", commands.install, sourceDir, env, logPath, this.options.installTimeoutMs ?? 600_000, input.signal, fail);
    if (fingerprint) {
      store.save(fingerprint, sourceDir);
      writeMarker(sourceDir, fingerprint);
    }
    return fingerprint;
  }

  private async runStep(
    phase: "install" | "build",
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    logPath: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    fail: (phase: DeployError["phase"], message: string, logPath?: string, cause?: unknown) => never,
  ): Promise<void> {
    appendFileSync(logPath, `\n$ ${argv.join(" ")}\n`);
    const command = `\`${argv.join(" ")}\``;
    let result;
    try {
      result = await runLogged(argv, { cwd, env, logPath, timeoutMs, ...(signal ? { signal } : {}) });
    } catch (error) {
      return fail(phase, `could not run ${command}: ${(error as Error).message}`, logPath, error);
    }
    if (result.aborted) fail(phase, `${command} was cancelled`, logPath);
    if (result.timedOut) fail(phase, `${command} did not finish within ${Math.round(timeoutMs / 1000)} s`, logPath);
    if (result.code !== 0) fail(phase, `${command} exited with ${result.code ?? result.signal}`, logPath);
  }

  /** Polls the health URL until 200, the process exits, or the budget runs out. */
  private async waitHealthy(url: string, spawned: SpawnedProcess, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string }> {
    const budget = this.options.healthTimeoutMs ?? 60_000;
    const deadline = Date.now() + budget;
    let last = "no answer";
    while (Date.now() < deadline) {
      if (signal?.aborted) return { ok: false, reason: "the deploy was cancelled" };
      if (spawned.hasExited()) return { ok: false, reason: `the process exited (${await spawned.exited}) before answering 200 on ${new URL(url).pathname}` };
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
        await res.body?.cancel();
        if (res.status === 200) return { ok: true };
        last = `answered ${res.status}`;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    return { ok: false, reason: `no 200 from GET ${new URL(url).pathname} within ${Math.round(budget / 1000)} s (last: ${last})` };
  }

  private async answers(url: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    do {
      if (signal?.aborted) return false;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
        await res.body?.cancel();
        if (res.status === 200) return true;
      } catch {
        // not yet
      }
      await sleep(100);
    } while (Date.now() < deadline);
    return false;
  }

  private async routerAlive(router: ProcessIdentity & { port: number }): Promise<boolean> {
    if (ownership(router) !== "running") return false;
    try {
      const res = await fetch(`http://${this.probeHost}:${router.port}/`, { headers: { [PING_HEADER]: "ping" }, signal: AbortSignal.timeout(2_000) });
      return res.status === 204 && res.headers.get(PING_HEADER) === String(router.pid);
    } catch {
      return false;
    }
  }

  /** The service's router: the running one, or a new one on the recorded (or reserved) port when it is free, else on another port. */
  private async ensureRouter(
    app: string,
    environment: string,
    service: string,
    previous: Previous,
    logPath: string,
    fail: (phase: DeployError["phase"], message: string, logPath?: string, cause?: unknown) => never,
  ): Promise<ProcessIdentity & { port: number; started: boolean }> {
    const known = previous.entry?.router ?? previous.router;
    if (known && (await this.routerAlive(known))) return { pid: known.pid, id: known.id, port: known.port, started: false };
    if (known && ownership(known) !== "gone") await stopProcessGroup(known, 2_000);

    const preferred = [known?.port, readReservation(app, environment, service)].filter((p): p is number => p !== undefined);
    const routerLog = join(logsDir(app, environment), service, "router.log");
    for (const port of [...new Set(preferred), ...(await this.candidatePorts(20))]) {
      if (!(await portFree(port, this.bindHost))) continue;
      const argv = [...helperCommand("router"), "--port", String(port), "--host", this.bindHost, "--upstream-file", upstreamPath(app, environment, service)];
      const spawned = await spawnDetached(argv, { cwd: environmentDir(app, environment), env: baseEnvironment(), logPath: routerLog });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !spawned.hasExited()) {
        const router = { ...spawned.identity, port };
        if (await this.routerAlive(router)) {
          if (preferred.length && port !== preferred[0]) appendFileSync(logPath, `\n# port ${preferred[0]} was taken: the URL moved to port ${port}\n`);
          return { ...router, started: true };
        }
        await sleep(50);
      }
      await stopProcessGroup(spawned.identity, 1_000);
    }
    return fail("start", `could not start the router for a stable URL (no free port in ${this.portRange.join("-")}; see ${routerLog})`, logPath);
  }

  /** Random ports of the range that no local deployment records or reserves. */
  private async candidatePorts(count: number): Promise<number[]> {
    const taken = usedPorts();
    const [low, high] = this.portRange;
    const out = new Set<number>();
    for (let tries = 0; out.size < count && tries < count * 20; tries++) {
      const port = low + Math.floor(Math.random() * (high - low + 1));
      if (!taken.has(port)) out.add(port);
    }
    return [...out];
  }

  /**
   * The URL a service will have once deployed, fixed now: its live URL, or a
   * port reserved for it. Lets a deploy flow give the backend its frontend's
   * origin (CORS) before the frontend exists.
   */
  async plannedUrl(app: string, environment: string, service: ServiceManifest): Promise<string> {
    return this.reserveUrl(app, environment, service.name);
  }

  async reserveUrl(app: string, environment: string, service: string): Promise<string> {
    const entry = readLocalDeployment(app, environment, service);
    if (entry) return entry.url;
    const reserved = readReservation(app, environment, service);
    if (reserved !== undefined) return this.url(reserved);
    for (const port of await this.candidatePorts(20)) {
      if (!(await portFree(port, this.bindHost))) continue;
      writeReservation(app, environment, service, port);
      return this.url(port);
    }
    throw new Error(`no free port in ${this.portRange.join("-")}`);
  }
}

export function createLocalTarget(options: LocalTargetOptions = {}): LocalTarget {
  return new LocalTarget(options);
}

/** Ports held by local deployments' routers or reserved for services not yet deployed. */
function usedPorts(): Set<number> {
  const ports = new Set(listLocalDeployments().map((e) => e.router.port));
  const root = join(localRoot(), "deployments");
  if (!existsSync(root)) return ports;
  for (const app of readdirSync(root)) {
    for (const env of safeReaddir(join(root, app))) {
      for (const file of safeReaddir(join(root, app, env))) {
        if (!file.endsWith(".port.json")) continue;
        try {
          const port = (JSON.parse(readFileSync(join(root, app, env, file), "utf8")) as { port?: unknown }).port;
          if (typeof port === "number") ports.add(port);
        } catch {
          // ignore
        }
      }
    }
  }
  return ports;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function restoreUpstream(app: string, environment: string, service: string, before: Upstream | undefined): void {
  if (before) writeUpstream(app, environment, service, before);
  else rmSync(upstreamPath(app, environment, service), { force: true });
}

/** What identifies a deploy's content: rerunning with the same hash changes nothing. Kept in the local registry only. */
function hashConfig(input: ServiceDeployInput, sourceDir: string): string {
  const env = Object.entries(input.env).sort(([a], [b]) => a.localeCompare(b));
  return createHash("sha256").update(JSON.stringify({ sha: input.sha, sourceDir, service: input.service, env })).digest("hex").slice(0, 32);
}

/**
 * One deploy of a service at a time on this machine: an exclusive lock file
 * holding the deployer's pid and identity; a lock whose holder is gone is taken over.
 */
function acquireLock(app: string, environment: string, service: string, fail: (phase: DeployError["phase"], message: string) => never): () => void {
  const path = join(environmentDir(app, environment), `${service}.lock`);
  const me = { pid: process.pid, id: processIdentity(process.pid) ?? "" };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: ProcessIdentity | undefined;
      try {
        holder = JSON.parse(readFileSync(path, "utf8")) as ProcessIdentity;
      } catch {
        holder = undefined;
      }
      if (holder && holder.id && ownership(holder) === "running") fail("start", `another deploy of ${app}/${environment}/${service} is running (pid ${holder.pid})`);
      rmSync(path, { force: true });
    }
  }
  return fail("start", `could not lock ${path}`);
}

/** Keeps the `keep` newest deploy logs of a service (and any a deployment still points at). */
function pruneLogs(dir: string, keep: number, protect: string[]): void {
  const mine = safeReaddir(dir)
    .filter((file) => file.endsWith(".log") && file !== "router.log")
    .map((file) => join(dir, file));
  const inUse = new Set([...protect, ...listLocalDeployments().map((e) => e.logPath)]);
  const sorted = mine.map((path) => ({ path, mtime: statSync(path).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { path } of sorted.slice(keep)) if (!inUse.has(path)) rmSync(path, { force: true });
}
