import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createLocalTarget, listLocalDeployments, localDeploymentRecord } from "../deploy/local/index.js";
import { deployResources } from "../deploy/services.js";
import { redactSecrets } from "../github/render/redact.js";
import { deployApp, type DeploymentRecord } from "../pipeline/deploy-app.js";
import type { PhaseListener } from "../pipeline/phases.js";
import { createProviderRegistry } from "../provision/registry.js";
import { stateDir } from "../util/state-dir.js";
import { STACKWRIGHT_VERSION } from "../version.js";
import { readAppManifest, readRepoConfig } from "./provision-command.js";
import { formatDuration, progressPrinter } from "./progress.js";

/**
 * `stackwright up <dir>`: the deploy pipeline on this machine with embedded
 * defaults. Databases come from the local provider (a PostgreSQL server at
 * STACKWRIGHT_POSTGRES_URL, else embedded PostgreSQL), services run as local
 * processes behind stable URLs. `stackwright down <dir>` stops them.
 */

export interface UpCommandOptions {
  environment?: string;
  json?: boolean;
}

const recordPath = (app: string, environment: string) => stateDir("up", app, `${environment}.json`);

export async function upCommand(dir: string, options: UpCommandOptions): Promise<number> {
  const started = performance.now();
  const appDir = resolve(dir);
  const manifest = await readAppManifest(appDir);
  const config = await readRepoConfig(appDir);
  const environment = options.environment ?? "local";
  const app = manifest.spec.name;
  process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · starting ${app} (${environment}) on this machine\n`);

  // The CLI always runs services here, whatever the repository's cloud targets say.
  const local = { ...config, deploy: { ...config.deploy, backend: "local" as const, frontend: "local" as const } };
  const previous = await readRecord(recordPath(app, environment));
  const record = await deployApp({
    manifest,
    sourceRoot: appDir,
    environment,
    sha: "working-tree",
    previous,
    onPhase: redacted(progressPrinter()),
    ...deployResources(local, { allowLocal: true }),
  });
  await writeRecord(recordPath(app, environment), record);

  const elapsed = formatDuration(performance.now() - started);
  if (options.json) process.stdout.write(`${JSON.stringify({ app, environment, urls: record.urls, resources: record.resources, services: record.services, durationMs: Math.round(performance.now() - started) }, null, 2)}\n`);
  else {
    process.stdout.write(
      [
        "",
        `${manifest.spec.title} is running (${elapsed}):`,
        ...(record.urls.frontend ? [`  App  ${record.urls.frontend}`] : []),
        ...(record.urls.backend ? [`  API  ${record.urls.backend}`] : []),
        "",
        `Stop it with: stackwright down ${dir}`,
        "",
      ].join("\n"),
    );
  }
  return 0;
}

export async function downCommand(dir: string, options: UpCommandOptions): Promise<number> {
  const manifest = await readAppManifest(resolve(dir));
  const app = manifest.spec.name;
  const environment = options.environment ?? "local";
  const target = createLocalTarget();
  const running = listLocalDeployments(app).filter((entry) => entry.environment === environment);
  for (const entry of running) await target.stop(localDeploymentRecord(entry));
  const record = await readRecord(recordPath(app, environment));
  const embedded = record?.resources.filter((r) => r.provider === "local" && r.ids.engine === "pglite").map((r) => r.ids.instance).filter((i): i is string => !!i) ?? [];
  const registry = createProviderRegistry();
  for (const instance of embedded) await registry.local.stopEmbedded(instance);
  const stopped = running.map((e) => e.service);
  if (options.json) process.stdout.write(`${JSON.stringify({ app, environment, stopped, embeddedDatabasesStopped: embedded.length }, null, 2)}\n`);
  else process.stdout.write(stopped.length ? `Stopped ${stopped.join(" and ")} of ${app} (${environment}); its data is kept.\n` : `Nothing of ${app} (${environment}) is running.\n`);
  return 0;
}

function redacted(listener: PhaseListener): PhaseListener {
  return (event) => listener(event.detail ? { ...event, detail: redactSecrets(event.detail) } : event);
}

async function readRecord(path: string): Promise<DeploymentRecord | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as DeploymentRecord;
  } catch {
    return null;
  }
}

async function writeRecord(path: string, record: DeploymentRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
