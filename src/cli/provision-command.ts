import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { CONFIG_PATH, parseRepoConfig, type RepoConfig } from "../config/index.js";
import { redactSecrets } from "../github/render/redact.js";
import { resourcesFor } from "../pipeline/deploy-app.js";
import { runPhase, type PhaseListener } from "../pipeline/phases.js";
import {
  createProviderRegistry,
  maskUrl,
  publicResource,
  recordOf,
  type ProviderRegistry,
  type ProvisionedResource,
  type RecordedResource,
  type ResourceKind,
} from "../provision/index.js";
import { MANIFEST_FILE, ManifestSchema, type Manifest } from "../spec/manifest.js";
import { stateDir } from "../util/state-dir.js";
import { STACKWRIGHT_VERSION } from "../version.js";
import { UsageError } from "./generate-command.js";
import { formatDuration, progressPrinter } from "./progress.js";

/**
 * `stackwright provision <dir>`: the databases the app in <dir> needs, for one
 * environment, from the providers its config chooses. Connection strings are
 * secrets: human output masks their passwords, `--json` names the variables
 * but never holds a value, and `--dotenv` writes them to a 0600 file.
 */

export interface ProvisionCommandOptions {
  environment?: string;
  json?: boolean;
  dotenv?: string;
  destroy?: boolean;
  force?: boolean;
}

export const KIND_LABEL: Record<ResourceKind, string> = { postgres: "PostgreSQL", mongodb: "MongoDB", redis: "Redis" };

/** Values that are not secrets and are shown as they are. */
const PLAIN_VARIABLES = new Set(["REDIS_KEY_PREFIX"]);

export async function provisionCommand(dir: string, options: ProvisionCommandOptions): Promise<number> {
  const started = performance.now();
  const appDir = resolve(dir);
  const manifest = await readAppManifest(appDir);
  const config = await readRepoConfig(appDir);
  const environment = options.environment ?? config.deploy.environment;
  const app = manifest.spec.name;
  const onPhase = redactedProgress();
  const warnings: string[] = [];
  const registry = createProviderRegistry({
    deploy: config.deploy,
    onFallback: ({ kind, from, error }) => {
      const line = `${KIND_LABEL[kind]}: ${from} failed (${redactSecrets(error instanceof Error ? error.message : String(error))}); using the manual URL instead`;
      warnings.push(line);
      process.stderr.write(`  ! ${line}\n`);
    },
  });
  const records = new RecordFile(stateDir("provisioned", app, `${environment}.json`));
  const recorded = await records.read();

  if (options.destroy) return destroy({ app, environment, recorded, records, registry, options, onPhase });

  process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · provisioning ${app} (${environment})\n`);
  const resources: ProvisionedResource[] = [];
  let failed: unknown;
  for (const kind of resourcesFor(manifest)) {
    const provider = registry.providerFor(kind);
    const previous = recorded.find((r) => r.kind === kind);
    try {
      const resource = await runPhase(
        onPhase,
        `provision-${kind}`,
        `${KIND_LABEL[kind]}: ${provider.name}`,
        () => provider.ensure({ kind, app, environment }, previous),
        (r) => `${r.created ? "created" : "found"} ${describeIds(r)}`,
      );
      resources.push(resource);
    } catch (error) {
      failed = error;
      break;
    }
  }
  // What was made is recorded even when a later kind failed, so the next run finds it.
  await records.write(mergeRecords(recorded, resources.map(recordOf)));

  if (failed) {
    const message = redactSecrets(failed instanceof Error ? failed.message : String(failed));
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, app, environment, resources: resources.map(publicResource), error: message }, null, 2)}\n`);
    else process.stderr.write(`\nstackwright: ${message}\n`);
    return 1;
  }

  let envFile: string | undefined;
  if (options.dotenv) {
    envFile = resolve(options.dotenv);
    await writeEnvFile(envFile, Object.assign({}, ...resources.map((r) => r.env)) as Record<string, string>);
  }
  const durationMs = performance.now() - started;
  if (options.json) {
    const summary = { ok: true, app, environment, resources: resources.map(publicResource), recordsFile: records.path, ...(envFile ? { envFile } : {}), warnings, durationMs: Math.round(durationMs) };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(humanSummary({ dir, app, environment, resources, recordsFile: records.path, envFile, durationMs }));
  }
  return 0;
}

async function destroy(context: {
  app: string;
  environment: string;
  recorded: RecordedResource[];
  records: RecordFile;
  registry: ProviderRegistry;
  options: ProvisionCommandOptions;
  onPhase: PhaseListener;
}): Promise<number> {
  const { app, environment, recorded, records, registry, options, onPhase } = context;
  if (environment === "production" && !options.force) {
    throw new UsageError(`Refusing to destroy ${app}'s production databases. Pass --force if you really mean it, or name a preview environment with --environment.`);
  }
  process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · destroying ${app} (${environment})\n`);
  const destroyed: RecordedResource[] = [];
  let remaining = [...recorded];
  for (const resource of recorded) {
    await runPhase(onPhase, `destroy-${resource.kind}`, `${KIND_LABEL[resource.kind]}: ${resource.provider}`, () => registry.providerOf(resource).destroy(resource), () => `removed ${describeIds(resource)}`);
    destroyed.push(resource);
    remaining = remaining.filter((r) => r !== resource);
    await records.write(remaining);
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, app, environment, destroyed }, null, 2)}\n`);
  else process.stdout.write(destroyed.length ? `\nRemoved ${destroyed.length} resource${destroyed.length === 1 ? "" : "s"} of ${app} (${environment}).\n` : `\nNothing is recorded for ${app} (${environment}): nothing to remove.\n`);
  return 0;
}

/** Ids worth showing: names, never secrets. */
function describeIds(resource: RecordedResource): string {
  const { ids } = resource;
  if (ids.engine === "pglite") return `embedded ${ids.instance}`;
  if (ids.engine === "postgresql") return `database ${ids.database}, role ${ids.role}`;
  if (ids.mode === "acl") return `user ${ids.user}, keys ${ids.prefix}*`;
  if (ids.mode === "database") return `database ${ids.database}, keys ${ids.prefix}*`;
  if (ids.secret) return `the URL in ${ids.secret}`;
  return Object.entries(ids)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || resource.name;
}

function humanSummary(s: { dir: string; app: string; environment: string; resources: ProvisionedResource[]; recordsFile: string; envFile: string | undefined; durationMs: number }): string {
  const lines = ["", `${s.app} (${s.environment}): ${s.resources.length} resource${s.resources.length === 1 ? "" : "s"} ready (${formatDuration(s.durationMs)})`];
  for (const r of s.resources) {
    lines.push(`  ${KIND_LABEL[r.kind]} · ${r.provider} · ${r.created ? "created" : "found"}`);
    for (const [name, value] of Object.entries(r.env)) lines.push(`    ${name}=${showValue(name, value)}`);
  }
  lines.push(`Recorded (ids only, no secrets): ${s.recordsFile}`);
  if (s.envFile) lines.push(`Connection strings written to ${s.envFile} (readable by you only)`);
  const envFile = s.envFile ? relativeOrAbsolute(s.envFile) : join(s.dir, ".env");
  lines.push("", "Next:");
  if (!s.envFile) lines.push(`  stackwright provision ${s.dir} --dotenv ${envFile}   # writes the connection strings to a 0600 file`);
  lines.push(`  stackwright migrate ${s.dir} --dotenv ${envFile}`, "");
  return lines.join("\n");
}

function showValue(name: string, value: string): string {
  if (PLAIN_VARIABLES.has(name)) return value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return maskUrl(value);
  return "****";
}

const relativeOrAbsolute = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel || ".";
};

/** The progress printer, with any credential in a failure's message masked (error texts come from drivers and servers). */
export function redactedProgress(): PhaseListener {
  const print = progressPrinter();
  return (event) => print(event.detail ? { ...event, detail: redactSecrets(event.detail) } : event);
}

/** Reads and validates `<dir>/stackwright.json`. */
export async function readAppManifest(appDir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(appDir, MANIFEST_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`${appDir} has no ${MANIFEST_FILE}: point at an app Stackwright generated (stackwright generate "<prompt>" --out <dir>)`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${join(appDir, MANIFEST_FILE)} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${join(appDir, MANIFEST_FILE)} is not a valid manifest: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}

/** `<dir>/.github/stackwright.yml` when the app has one; otherwise the defaults. */
export async function readRepoConfig(appDir: string): Promise<RepoConfig> {
  const text = await readFile(join(appDir, CONFIG_PATH), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  const result = parseRepoConfig(text);
  if (result.ok) return result.config;
  const problems = result.errors.map((e) => `  ${e.path || "(file)"}${e.line ? ` (line ${e.line})` : ""}: ${e.message} ${e.fix}`);
  throw new UsageError(`${join(appDir, CONFIG_PATH)} is not valid:\n${problems.join("\n")}`);
}

/**
 * What the CLI provisioned for an app and environment, ids only (the same as a
 * deployment's payload holds), so the next run finds it by its recorded ids.
 */
export class RecordFile {
  constructor(readonly path: string) {}

  async read(): Promise<RecordedResource[]> {
    try {
      const data = JSON.parse(await readFile(this.path, "utf8")) as { resources?: RecordedResource[] };
      return Array.isArray(data.resources) ? data.resources : [];
    } catch {
      return [];
    }
  }

  async write(resources: RecordedResource[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ resources }, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
  }
}

/** Newer records replace older ones of the same kind. */
function mergeRecords(previous: RecordedResource[], fresh: RecordedResource[]): RecordedResource[] {
  const kinds = new Set(fresh.map((r) => r.kind));
  return [...previous.filter((r) => !kinds.has(r.kind)), ...fresh];
}

/**
 * Writes (or updates) a dotenv file readable by its owner only: the given
 * variables replace lines of the same name, other lines are kept.
 */
export async function writeEnvFile(path: string, env: Record<string, string>): Promise<void> {
  const existing = await readFile(path, "utf8").catch(() => "");
  const names = new Set(Object.keys(env));
  const kept = existing.split("\n").filter((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    return !(name && names.has(name));
  });
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  const lines = [...kept, ...Object.entries(env).map(([name, value]) => `${name}=${dotenvValue(value)}`)];
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${lines.join("\n")}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

function dotenvValue(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./~?&!-]*$/.test(value) ? value : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Reads a dotenv file (KEY=value, optionally quoted; comments and blank lines ignored). */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`${path} does not exist`);
    throw error;
  }
  const env: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    if (/^"(?:[^"\\]|\\.)*"$/.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (/^'[^']*'$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    env[match[1]!] = value;
  }
  return env;
}
