import { join } from "node:path";
import type { DeployTarget, RecordedServiceDeployment, ServiceDeployment } from "../deploy/types.js";
import type { SecretKeeper } from "../deploy/secrets.js";
import type { Provider, ProvisionedResource, RecordedResource, ResourceKind } from "../provision/types.js";
import type { Manifest, ServiceManifest } from "../spec/manifest.js";
import { runPhase, type PhaseListener } from "./phases.js";

/**
 * merge → live, the same for the GitHub App and the CLI: provision the
 * databases, migrate, deploy the backend, deploy the frontend with the
 * backend's URL, connect the backend to the frontend's origin, check both.
 * Nothing here knows GitHub; the caller reports phases and records the result.
 */

/** What a deploy leaves behind to be found again (in a GitHub Deployment's payload): ids and URLs, no secrets. */
export interface DeploymentRecord {
  version: 1;
  app: string;
  environment: string;
  sha: string;
  resources: RecordedResource[];
  services: RecordedServiceDeployment[];
  urls: { backend?: string; frontend?: string };
}

export interface DeployAppInput {
  manifest: Manifest;
  /** The app's files at the commit being deployed. */
  sourceRoot: string;
  environment: string;
  sha: string;
  providerFor(kind: ResourceKind): Provider;
  targetFor(service: ServiceManifest): DeployTarget | null;
  secrets: SecretKeeper;
  /** Applies a service's migrations to a database. */
  migrate(service: ServiceManifest, migrationsDir: string, databaseUrl: string): Promise<{ applied: number }>;
  /** The last successful deploy of this environment, whose resources and services are reused. */
  previous: DeploymentRecord | null;
  onPhase?: PhaseListener;
  signal?: AbortSignal;
  /** Health check of a live URL (injectable for tests). */
  fetch?: typeof fetch;
}

export class MissingSettingError extends Error {
  constructor(readonly service: string, readonly variable: string) {
    super(`${service} needs ${variable}, which Stackwright cannot provide; set it in the deploy target and deploy again.`);
    this.name = "MissingSettingError";
  }
}

/** The databases a manifest's spec asks for. */
export function resourcesFor(manifest: Manifest): ResourceKind[] {
  const { stack } = manifest.spec;
  const kinds: ResourceKind[] = [stack.database === "mongodb" ? "mongodb" : "postgres"];
  if (stack.cache === "redis") kinds.push("redis");
  return kinds;
}

export async function deployApp(input: DeployAppInput): Promise<DeploymentRecord> {
  const { manifest, environment, onPhase } = input;
  const app = manifest.spec.name;
  const backend = manifest.services.find((s) => s.role === "backend");
  const frontend = manifest.services.find((s) => s.role === "frontend");

  const resources = await runPhase(onPhase, "provision", "Provision databases", () => provision(input), (r) => r.map((x) => `${x.kind} (${x.provider}${x.created ? ", new" : ""})`).join(", "));
  const connections = Object.assign({}, ...resources.map((r) => r.env)) as Record<string, string>;

  if (backend?.migrationsDir && connections.DATABASE_URL) {
    await runPhase(onPhase, "migrate", "Run migrations", () => input.migrate(backend, join(input.sourceRoot, backend.dir, backend.migrationsDir!), connections.DATABASE_URL!), (r) =>
      r.applied === 0 ? "up to date" : `${r.applied} applied`,
    );
  }

  const deployed: ServiceDeployment[] = [];
  const previousService = (name: string) => input.previous?.services.find((s) => s.service === name);
  const plannedFrontend = frontend ? await input.targetFor(frontend)?.plannedUrl?.(app, environment, frontend) : undefined;
  const frontendOrigin = () => deployed.find((d) => d.service === frontend?.name)?.url ?? input.previous?.urls.frontend ?? plannedFrontend ?? undefined;

  let backendDeployment: ServiceDeployment | undefined;
  let backendEnv: Record<string, string> = {};
  if (backend) {
    const target = requireTarget(input, backend);
    backendEnv = await serviceEnv(input, backend, { connections, frontendOrigin: frontendOrigin() });
    backendDeployment = await runPhase(onPhase, "deploy-backend", "Deploy the backend", () => deployService(input, target, backend, backendEnv, previousService(backend.name)), (d) => d.url);
    deployed.push(backendDeployment);
  }

  if (frontend) {
    const target = requireTarget(input, frontend);
    const env = await serviceEnv(input, frontend, { connections, backendUrl: backendDeployment?.url });
    deployed.push(await runPhase(onPhase, "deploy-frontend", "Deploy the frontend", () => deployService(input, target, frontend, env, previousService(frontend.name)), (d) => d.url));
  }

  // The backend allows its frontend's origin (CORS); a frontend URL the backend was not started with means one restart.
  const origin = frontendOrigin();
  if (backend && backendDeployment && origin && backendEnv.FRONTEND_ORIGIN !== origin && wants(backend, "frontend-origin")) {
    const target = requireTarget(input, backend);
    const connected = { ...backendEnv, FRONTEND_ORIGIN: origin };
    const redeployed = await runPhase(onPhase, "connect", "Connect the backend to the frontend", () => deployService(input, target, backend, connected, backendDeployment), () => `FRONTEND_ORIGIN=${origin}`);
    deployed.splice(deployed.indexOf(backendDeployment), 1, redeployed);
    backendDeployment = redeployed;
  }

  await runPhase(onPhase, "health", "Check health", () => checkHealth(input, manifest, deployed), () => "all services answer");

  return {
    version: 1,
    app,
    environment,
    sha: input.sha,
    resources: resources.map(({ kind, provider, name, ids }) => ({ kind, provider, name, ids })),
    services: deployed.map(({ target, service, url, ids }) => ({ target, service, url, ids })),
    urls: {
      ...(backendDeployment ? { backend: backendDeployment.url } : {}),
      ...(frontend ? { frontend: deployed.find((d) => d.service === frontend.name)?.url } : {}),
    },
  };
}

async function provision(input: DeployAppInput): Promise<ProvisionedResource[]> {
  const out: ProvisionedResource[] = [];
  for (const kind of resourcesFor(input.manifest)) {
    input.signal?.throwIfAborted();
    const recorded = input.previous?.resources.find((r) => r.kind === kind);
    out.push(await input.providerFor(kind).ensure({ kind, app: input.manifest.spec.name, environment: input.environment }, recorded));
  }
  return out;
}

function requireTarget(input: DeployAppInput, service: ServiceManifest): DeployTarget {
  const target = input.targetFor(service);
  if (!target) throw new Error(`No deploy target is configured for the ${service.name} service.`);
  return target;
}

function deployService(input: DeployAppInput, target: DeployTarget, service: ServiceManifest, env: Record<string, string>, previous: RecordedServiceDeployment | undefined) {
  input.signal?.throwIfAborted();
  return target.deploy({
    app: input.manifest.spec.name,
    environment: input.environment,
    sha: input.sha,
    service,
    sourceDir: join(input.sourceRoot, service.dir),
    env,
    ...(previous ? { previous } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

const wants = (service: ServiceManifest, source: string) => service.env.some((v) => v.source === source);

/** Every variable the manifest lists, filled from where its `source` says; required ones that cannot be filled are an error. */
async function serviceEnv(
  input: DeployAppInput,
  service: ServiceManifest,
  known: { connections: Record<string, string>; frontendOrigin?: string; backendUrl?: string },
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const variable of service.env) {
    let value: string | undefined;
    switch (variable.source) {
      case "postgres-url":
      case "mongodb-url":
      case "redis-url":
        value = known.connections[variable.name];
        break;
      case "generated-secret":
        value = await input.secrets.getOrCreate(input.manifest.spec.name, input.environment, variable.name);
        break;
      case "frontend-origin":
        value = known.frontendOrigin;
        break;
      case "backend-url":
        value = known.backendUrl;
        break;
      case "constant":
        value = variable.name === "NODE_ENV" ? "production" : undefined;
        break;
      case "port":
        continue; // the target picks the port
      case "user":
        value = process.env[variable.name];
        break;
    }
    if (value !== undefined) env[variable.name] = value;
    else if (variable.required && variable.source !== "frontend-origin") throw new MissingSettingError(service.name, variable.name);
  }
  return env;
}

async function checkHealth(input: DeployAppInput, manifest: Manifest, deployed: ServiceDeployment[]): Promise<void> {
  const fetcher = input.fetch ?? fetch;
  for (const d of deployed) {
    const service = manifest.services.find((s) => s.name === d.service)!;
    const url = new URL(service.healthPath ?? "/", d.url).toString();
    const res = await fetcher(url, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`${d.service} answered ${res.status} on ${url}`);
  }
}
