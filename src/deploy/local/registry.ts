import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "../../util/state-dir.js";
import type { ProcessIdentity } from "./processes.js";

/**
 * The local target's registry: one JSON file per deployed service under
 * `<state>/local/deployments/<app>/<environment>/<service>.json`, so
 * `stackwright down` (and the next deploy) can find what runs. One file per
 * service rather than per app/env: each deploy replaces its own file whole
 * (write to a temporary file, then rename), with no read-modify-write of a
 * shared file that two deploys could interleave. Nothing secret is stored:
 * pids, ports, paths, hashes.
 */

export interface LocalProcessRecord extends ProcessIdentity {
  /** "static": Stackwright's static file server; "command": the service's start command. */
  kind: "static" | "command";
  /** The port the process listens on (behind the router). */
  port: number;
  /** What was started (argv only; the environment is never recorded). */
  argv: string[];
}

export interface LocalDeploymentEntry {
  version: 1;
  app: string;
  environment: string;
  service: string;
  role: "backend" | "frontend";
  sha: string;
  /** The stable URL (the router's port). */
  url: string;
  /** The router: a small proxy on a port that stays the same across deploys, forwarding to the current process. */
  router: ProcessIdentity & { port: number; host: string };
  process: LocalProcessRecord;
  logPath: string;
  sourceDir: string;
  /** Fingerprint of the installed dependencies (see install-cache.ts), when they can be reused. */
  installFingerprint?: string;
  /** Hash of what was deployed (commit, directory, manifest entry, environment), to recognise a rerun of the same deploy. */
  configHash: string;
  deployedAt: string;
}

/** App, environment and service names become path segments: keep them to safe characters. */
function segment(kind: string, value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(value) || value.includes("..")) throw new Error(`invalid ${kind} name for a local deployment: ${JSON.stringify(value)}`);
  return value;
}

export function localRoot(): string {
  return stateDir("local");
}

export function environmentDir(app: string, environment: string): string {
  return join(localRoot(), "deployments", segment("app", app), segment("environment", environment));
}

export function entryPath(app: string, environment: string, service: string): string {
  return join(environmentDir(app, environment), `${segment("service", service)}.json`);
}

/** The file the router reads its upstream port from. */
export function upstreamPath(app: string, environment: string, service: string): string {
  return join(environmentDir(app, environment), `${segment("service", service)}.upstream.json`);
}

export function reservationPath(app: string, environment: string, service: string): string {
  return join(environmentDir(app, environment), `${segment("service", service)}.port.json`);
}

export function logsDir(app: string, environment: string): string {
  return join(environmentDir(app, environment), "logs");
}

/** Writes a file so readers see the old or the new content, never half of it. Mode 0600. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function isEntry(value: unknown): value is LocalDeploymentEntry {
  const v = value as Partial<LocalDeploymentEntry> | undefined;
  return !!v && v.version === 1 && typeof v.app === "string" && typeof v.service === "string" && typeof v.process?.pid === "number" && typeof v.router?.port === "number";
}

/** The registry entry of one service, or undefined when it is not deployed locally. */
export function readLocalDeployment(app: string, environment: string, service: string): LocalDeploymentEntry | undefined {
  const entry = readJson<unknown>(entryPath(app, environment, service));
  return isEntry(entry) ? entry : undefined;
}

export function writeLocalDeployment(entry: LocalDeploymentEntry): void {
  writeFileAtomic(entryPath(entry.app, entry.environment, entry.service), `${JSON.stringify(entry, null, 2)}\n`);
}

export function removeLocalDeployment(app: string, environment: string, service: string): void {
  rmSync(entryPath(app, environment, service), { force: true });
  rmSync(upstreamPath(app, environment, service), { force: true });
  rmSync(reservationPath(app, environment, service), { force: true });
}

/** Every service deployed locally (of one app, or all), sorted by app, environment, service. */
export function listLocalDeployments(app?: string): LocalDeploymentEntry[] {
  const root = join(localRoot(), "deployments");
  if (!existsSync(root)) return [];
  const apps = app === undefined ? readdirSync(root) : [segment("app", app)];
  const out: LocalDeploymentEntry[] = [];
  for (const a of apps.sort()) {
    const appDir = join(root, a);
    if (!existsSync(appDir)) continue;
    for (const env of readdirSync(appDir).sort()) {
      let files: string[];
      try {
        files = readdirSync(join(appDir, env));
      } catch {
        continue;
      }
      for (const file of files.sort()) {
        if (!file.endsWith(".json") || file.endsWith(".upstream.json") || file.endsWith(".port.json") || file.startsWith(".")) continue;
        const entry = readJson<unknown>(join(appDir, env, file));
        if (isEntry(entry)) out.push(entry);
      }
    }
  }
  return out;
}

/** The router's upstream: where requests go now. */
export interface Upstream {
  port: number;
  host: string;
}

export function writeUpstream(app: string, environment: string, service: string, upstream: Upstream): void {
  writeFileAtomic(upstreamPath(app, environment, service), `${JSON.stringify(upstream)}\n`);
}

export function readUpstream(app: string, environment: string, service: string): Upstream | undefined {
  return readJson<Upstream>(upstreamPath(app, environment, service));
}

export function readReservation(app: string, environment: string, service: string): number | undefined {
  const value = readJson<{ port?: unknown }>(reservationPath(app, environment, service));
  return typeof value?.port === "number" ? value.port : undefined;
}

export function writeReservation(app: string, environment: string, service: string, port: number): void {
  writeFileAtomic(reservationPath(app, environment, service), `${JSON.stringify({ port })}\n`);
}
