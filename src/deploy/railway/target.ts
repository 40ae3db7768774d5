import { createHmac } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import { redactValues, secretValues } from "../local/redact.js";
import { DeployError, type DeployTarget, type RecordedServiceDeployment, type ServiceDeployInput, type ServiceDeployment } from "../types.js";
import type { ServiceManifest } from "../../spec/manifest.js";
import { type Clock, formatDuration, systemClock } from "../../provision/http/clock.js";
import { ProviderApiError } from "../../provision/http/errors.js";
import type { HttpSettings } from "../../provision/http/retry.js";
import { RAILWAY_ENDPOINT, RailwayClient, type RailwayTokenKind } from "../../provision/railway/client.js";
import { fromEnv, RAILWAY_ENV } from "../../provision/railway/env.js";
import { DEPLOYMENT_FAILED, type IdName, type ProjectNode, type ServiceDomain, type ServiceInstanceUpdateInput } from "../../provision/railway/operations.js";
import { projectName } from "../../provision/railway/provider.js";
import { resourceName } from "../../provision/types.js";
import { createDeployTarball, type DeployTarball } from "./tarball.js";
import { RailwayUploadError, uploadTarball, type UploadResponse } from "./upload.js";

/**
 * The Railway deploy target, for backends. See README.md in this directory
 * for the request sequence, the request counts, what is recorded and what is
 * unverified.
 */

export const RAILWAY_TARGET = "railway";

/**
 * How a deployment is awaited. Every check is one request of the free plan's
 * 100 per hour (reference §1.2), so the first check waits for a build to have
 * started, and the wait grows from 20 s to 30 s once the deployment is slow.
 */
export interface RailwayPollBudget {
  /** Before the first check (default 20 s). */
  initialDelayMs: number;
  /** Between checks while the deployment is young (default 20 s). */
  intervalMs: number;
  /** Between checks once `slowAfterMs` has passed (default 30 s). */
  slowIntervalMs: number;
  /** Default 2 min. */
  slowAfterMs: number;
  /** Status checks in all (default 30). */
  maxChecks: number;
  /** No check is started past this since the upload (default 15 min). */
  deadlineMs: number;
}

export const RAILWAY_DEPLOY_POLL: RailwayPollBudget = {
  initialDelayMs: 20_000,
  intervalMs: 20_000,
  slowIntervalMs: 30_000,
  slowAfterMs: 120_000,
  maxChecks: 30,
  deadlineMs: 15 * 60_000,
};

export interface RailwayTargetOptions {
  /** Default: RAILWAY_TOKEN (workspace/account token), else RAILWAY_PROJECT_TOKEN, read from `env` at deploy time. */
  token?: string;
  tokenKind?: RailwayTokenKind;
  /** Default: RAILWAY_WORKSPACE_ID. */
  workspaceId?: string;
  /** One project for every app instead of `sw-<app>` (default: RAILWAY_PROJECT_ID). */
  projectId?: string;
  /** The Railway environment services go in (default: RAILWAY_ENVIRONMENT_NAME, else "production"). */
  environmentName?: string;
  /** Where the defaults above are read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** GraphQL endpoint (default https://backboard.railway.com/graphql/v2); the upload goes to its origin. */
  endpoint?: string;
  /** Timeout, retries and clock of the GraphQL calls (429 honours Retry-After through the clock). */
  http?: HttpSettings;
  /** For retries and polls; tests pass a fake one (default: http.clock, else the system clock). */
  clock?: Clock;
  /** A client to share with the Railway database provider, so both count against one request budget. */
  client?: RailwayClient;
  poll?: Partial<RailwayPollBudget>;
  /** Railway's health check timeout in seconds when the manifest has a healthPath (default 120; Railway's own default is 300). */
  healthcheckTimeoutSec?: number;
  /** Per-request timeout of the upload (default 120 s). */
  uploadTimeoutMs?: number;
  /** Log lines quoted in a failure (default 40). */
  logLines?: number;
  /** The service name for an app environment (default `sw-<app>-<environment>-<service>`). */
  serviceName?: (app: string, environment: string, service: ServiceManifest) => string;
}

/** `sw-<app>-<environment>-<service>`, e.g. `sw-blog-production-backend` (beside the database provider's `sw-blog-production-postgres`). */
export function railwayServiceName(app: string, environment: string, service: Pick<ServiceManifest, "name">): string {
  return `${resourceName({ app, environment })}-${service.name}`;
}

/** An argv as one shell command line (Railway takes start and build commands as strings). */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((arg) => (/^[A-Za-z0-9_\-=.,/:@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** The port the service listens on: the manifest's default, else 8080. Set as PORT (and the manifest's variable) so the app, the health check and the domain agree. */
export function servicePort(service: ServiceManifest): number {
  return service.port?.default ?? 8080;
}

/** Build and deploy settings from the manifest (`serviceInstanceUpdate` input). Install is left to Railway's builder, which detects the package manager. */
export function serviceSettings(service: ServiceManifest, healthcheckTimeoutSec = 120): ServiceInstanceUpdateInput {
  return {
    startCommand: shellJoin(service.commands.start),
    ...(service.commands.build ? { buildCommand: shellJoin(service.commands.build) } : {}),
    ...(service.healthPath ? { healthcheckPath: service.healthPath, healthcheckTimeout: healthcheckTimeoutSec } : {}),
  };
}

/** The service variables: the given env, without any port value, plus the port Railway should use. */
export function serviceVariables(service: ServiceManifest, env: Record<string, string>): Record<string, string> {
  const portVar = service.port?.env ?? "PORT";
  const port = String(servicePort(service));
  const variables = Object.fromEntries(Object.entries(env).filter(([name]) => name !== portVar && name !== "PORT"));
  return { ...variables, PORT: port, [portVar]: port };
}

/** The deploy ran past its polling budget: the deployment is still in flight on Railway. */
export class RailwayDeployTimeoutError extends DeployError {
  constructor(
    service: string,
    phase: DeployError["phase"],
    message: string,
    readonly deploymentId: string,
    readonly checks: number,
    readonly elapsedMs: number,
    readonly lastStatus: string | undefined,
    logUrl?: string,
  ) {
    super(RAILWAY_TARGET, service, phase, message, logUrl ? { logUrl } : {});
    this.name = "RailwayDeployTimeoutError";
  }
}

interface ResolvedSettings {
  token: string;
  tokenKind: RailwayTokenKind;
  workspaceId?: string;
  projectId?: string;
  environmentName: string;
}

interface Placement {
  project: ProjectNode;
  environment: IdName;
}

type Fail = (phase: DeployError["phase"], message: string, options?: { cause?: unknown; logUrl?: string }) => never;

const LIVE = new Set(["SUCCESS", "SLEEPING"]);
const PRE_DEPLOY = new Set(["QUEUED", "WAITING", "INITIALIZING", "BUILDING"]);

const nodes = <T>(connection: { edges: { node: T }[] } | null | undefined): T[] => (connection?.edges ?? []).map((e) => e.node);

export class RailwayTarget implements DeployTarget {
  readonly name = RAILWAY_TARGET;
  readonly #clock: Clock;
  readonly #budget: RailwayPollBudget;
  #client: RailwayClient | undefined;
  #settings: ResolvedSettings | undefined;
  #uploads = 0;

  constructor(private readonly options: RailwayTargetOptions = {}) {
    this.#clock = options.clock ?? options.http?.clock ?? systemClock;
    this.#budget = { ...RAILWAY_DEPLOY_POLL, ...options.poll };
    this.#client = options.client;
  }

  supports(service: ServiceManifest): boolean {
    return service.role === "backend";
  }

  /** Railway requests this target has made: GraphQL (retries included, and a shared client's other calls) plus uploads. */
  get requestCount(): number {
    return (this.#client?.requestCount ?? 0) + this.#uploads;
  }

  /** Token and placement settings: the options, else the environment (RAILWAY_TOKEN, ...). Throws a plain Error naming the missing variable. */
  #resolveSettings(): ResolvedSettings {
    if (this.#settings) return this.#settings;
    const o = this.options;
    const env = o.env ?? process.env;
    const value = (name: string) => env[name]?.trim() || undefined;
    let token = o.token;
    let tokenKind = o.tokenKind;
    if (!token) {
      try {
        ({ token, tokenKind } = fromEnv(env));
      } catch {
        throw new Error(`set ${RAILWAY_ENV.token} (a workspace token) or ${RAILWAY_ENV.projectToken}`);
      }
    }
    const workspaceId = o.workspaceId ?? value(RAILWAY_ENV.workspaceId);
    const projectId = o.projectId ?? value(RAILWAY_ENV.projectId);
    this.#settings = {
      token,
      tokenKind: tokenKind ?? this.#client?.tokenKind ?? "workspace",
      ...(workspaceId ? { workspaceId } : {}),
      ...(projectId ? { projectId } : {}),
      environmentName: o.environmentName ?? value(RAILWAY_ENV.environmentName) ?? "production",
    };
    return this.#settings;
  }

  #getClient(): RailwayClient {
    if (this.#client) return this.#client;
    const s = this.#resolveSettings();
    this.#client = new RailwayClient({
      token: s.token,
      tokenKind: s.tokenKind,
      endpoint: this.options.endpoint ?? RAILWAY_ENDPOINT,
      http: { ...this.options.http, clock: this.#clock },
    });
    return this.#client;
  }

  async deploy(input: ServiceDeployInput): Promise<ServiceDeployment> {
    const started = this.#clock.now();
    const { service, app, environment, sha } = input;
    const say = (line: string) => input.log?.(line);
    const secrets = secretValues(input.env, service);
    const scrub = (text: string) => {
      const masked = redactValues(text, secrets);
      return this.#client ? this.#client.secrets.scrub(masked, 4000) : masked;
    };
    const fail: Fail = (phase, message, options = {}) => {
      throw new DeployError(RAILWAY_TARGET, service.name, phase, scrub(message), options);
    };
    const cancelled = (phase: DeployError["phase"]) => {
      if (input.signal?.aborted) fail(phase, "the deploy was cancelled");
    };
    /** A failed API call as a DeployError of `phase` (messages are already scrubbed of the token by the client). */
    const api = async <T>(phase: DeployError["phase"], what: string, call: () => Promise<T>): Promise<T> => {
      cancelled(phase);
      try {
        return await call();
      } catch (error) {
        if (error instanceof DeployError) throw error;
        return fail(phase, `${what}: ${(error as Error).message}`, { cause: error });
      }
    };

    if (!this.supports(service)) fail("configure", `Railway runs backends; ${service.name} is a ${service.role} (${service.framework})`);
    let settings: ResolvedSettings;
    try {
      settings = this.#resolveSettings();
    } catch (error) {
      return fail("configure", (error as Error).message);
    }
    const client = this.#getClient();
    client.secrets.add(...secrets);
    const requestsAtStart = this.requestCount;

    const serviceName = (this.options.serviceName ?? railwayServiceName)(app, environment, service);
    const variables = serviceVariables(service, input.env);
    const instanceSettings = serviceSettings(service, this.options.healthcheckTimeoutSec ?? 120);
    const port = servicePort(service);
    const configHash = createHmac("sha256", settings.token)
      .update(
        JSON.stringify({
          sha,
          serviceName,
          railwayEnvironment: settings.environmentName,
          service,
          settings: instanceSettings,
          variables: Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)),
        }),
      )
      .digest("hex")
      .slice(0, 32);

    // 1. A rerun of the same commit and configuration: one request, nothing created.
    const previous = input.previous?.target === RAILWAY_TARGET ? input.previous : undefined;
    if (previous && previous.ids.sha === sha && previous.ids.configHash === configHash) {
      const reused = await this.#reuse(client, previous, say);
      if (reused) {
        say(`unchanged since deployment ${previous.ids.deploymentId}; nothing to do (${this.requestCount - requestsAtStart} Railway request)`);
        return { ...reused, durationMs: this.#clock.now() - started };
      }
    }

    // 2. The tree, archived before anything remote changes: a local failure touches nothing.
    const sourceDir = resolve(input.sourceDir);
    if (!isAbsolute(sourceDir)) fail("upload", `the source directory ${sourceDir} is not absolute`);
    let tarball: DeployTarball;
    try {
      tarball = await createDeployTarball(sourceDir);
    } catch (error) {
      return fail("upload", `archiving ${sourceDir}: ${(error as Error).message}`, { cause: error });
    }
    if (tarball.files === 0) fail("upload", `${sourceDir} has no files to deploy`);

    // 3. Project, environment, service.
    const placement = await api("configure", "finding the Railway project", () => this.#place(client, app, serviceName, previous, say));
    const projectId = placement.project.id;
    const environmentId = placement.environment.id;
    const existing =
      nodes(placement.project.services).find((s) => s.id === previous?.ids.serviceId) ?? nodes(placement.project.services).find((s) => s.name === serviceName);
    let railwayService: IdName;
    let created = false;
    if (existing) {
      railwayService = existing;
    } else {
      // A new service gets its variables at creation (one request fewer) and no source: the upload is its first deployment.
      railwayService = await api("configure", `creating service ${serviceName}`, () => client.serviceCreate({ name: serviceName, projectId, environmentId, variables }));
      created = true;
      say(`created Railway service ${serviceName} in project ${placement.project.name}`);
    }
    const serviceId = railwayService.id;

    // 4. Settings and variables apply to the next deployment (the upload below); the live one keeps its own until then.
    await api("configure", "setting the start command and health check", () => client.serviceInstanceUpdate({ serviceId, environmentId, input: instanceSettings }));
    if (!created) {
      await api("configure", "setting the service variables", () =>
        client.variableCollectionUpsert({ projectId, environmentId, serviceId, variables, skipDeploys: true }),
      );
    }
    say(`variables set: ${Object.keys(variables).sort().join(", ")}`);

    // 5. The public domain, once: before the deployment, so it is routed by the time the deployment is live.
    const domain = await api("configure", "creating the public domain", async () => {
      if (!created) {
        const found = (await client.domains({ environmentId, projectId, serviceId })).serviceDomains[0];
        if (found) return found;
      }
      const made = await client.serviceDomainCreate({ environmentId, serviceId, targetPort: port });
      say(`created public domain ${made.domain} (port ${port})`);
      return made;
    });
    const host = bareHost(domain);

    // 6. Upload the tree: Railway builds it and starts a new deployment.
    say(`uploading ${tarball.files} files (${Math.ceil(tarball.body.length / 1024)} KiB compressed)`);
    cancelled("upload");
    let uploaded: UploadResponse;
    try {
      uploaded = await uploadTarball({
        http: { ...client.http, timeoutMs: this.options.uploadTimeoutMs ?? 120_000 },
        origin: new URL(client.endpoint).origin,
        token: settings.token,
        tokenKind: client.tokenKind,
        projectId,
        environmentId,
        serviceId,
        message: `stackwright ${sha.slice(0, 12)} (${app} ${environment})`,
        body: tarball.body,
        onAttempt: () => void this.#uploads++,
        ...(input.signal ? { signal: input.signal } : {}),
      });
    } catch (error) {
      const detail = error instanceof RailwayUploadError || error instanceof ProviderApiError ? error.message : `${(error as Error).message}`;
      return fail("upload", `uploading the source: ${detail}; the previous deployment stays live`, { cause: error });
    }
    const deploymentId = uploaded.deploymentId;
    const logUrl = uploaded.logsUrl || dashboardUrl(projectId, serviceId, environmentId);
    say(`deployment ${deploymentId} created (logs: ${logUrl})`);

    // 7. Wait for it.
    await this.#waitLive(client, input, deploymentId, logUrl, secrets, fail);

    const url = `https://${host}`;
    say(`live at ${url} (${this.requestCount - requestsAtStart} Railway requests)`);
    return {
      target: RAILWAY_TARGET,
      service: service.name,
      url,
      ids: {
        projectId,
        projectName: placement.project.name,
        environmentId,
        environmentName: placement.environment.name,
        serviceId,
        serviceName: railwayService.name,
        deploymentId,
        domainId: domain.id,
        domain: host,
        environment,
        sha,
        configHash,
      },
      logUrl,
      durationMs: this.#clock.now() - started,
    };
  }

  /** The recorded deployment, when it is still the service's latest and live. */
  async #reuse(client: RailwayClient, previous: RecordedServiceDeployment, say: (line: string) => void): Promise<Omit<ServiceDeployment, "durationMs"> | undefined> {
    const { serviceId, environmentId, deploymentId, projectId } = previous.ids;
    if (!serviceId || !environmentId || !deploymentId) return undefined;
    let latest: { id: string; status: string } | null;
    try {
      latest = await client.latestDeployment({ serviceId, environmentId });
    } catch (error) {
      if (error instanceof ProviderApiError && error.isNotFound) return undefined;
      throw new DeployError(RAILWAY_TARGET, previous.service, "configure", `checking the recorded deployment: ${(error as Error).message}`, { cause: error });
    }
    if (!latest || latest.id !== deploymentId || !LIVE.has(latest.status)) {
      say(`the recorded deployment ${deploymentId} is no longer the live one (latest: ${latest ? `${latest.id} ${latest.status}` : "none"}); deploying again`);
      return undefined;
    }
    return {
      target: RAILWAY_TARGET,
      service: previous.service,
      url: previous.url,
      ids: { ...previous.ids },
      ...(projectId ? { logUrl: dashboardUrl(projectId, serviceId, environmentId) } : {}),
    };
  }

  /** The app's project (recorded id, then the pinned project, then `sw-<app>` by name, else created) and the Railway environment by name. */
  async #place(client: RailwayClient, app: string, serviceName: string, previous: RecordedServiceDeployment | undefined, say: (line: string) => void): Promise<Placement> {
    const settings = this.#resolveSettings();
    const load = async (id: string) => {
      try {
        const project = await client.project(id);
        return project && !project.deletedAt ? project : undefined;
      } catch (error) {
        if (error instanceof ProviderApiError && error.isNotFound) return undefined;
        throw error;
      }
    };
    const recordedProject = previous?.ids.projectId;
    if (recordedProject) {
      const project = await load(recordedProject);
      if (project) return { project, environment: this.#pickEnvironment(project, previous?.ids.environmentId) };
    }
    let pinned = settings.projectId;
    if (!pinned && client.tokenKind === "project") pinned = (await client.projectToken()).projectId;
    if (pinned) {
      const project = await load(pinned);
      if (!project) throw new Error(`project ${pinned} was not found (check RAILWAY_PROJECT_ID and the token's access)`);
      return { project, environment: this.#pickEnvironment(project) };
    }
    const name = projectName(app);
    const matches = (await client.projects(settings.workspaceId)).filter((p) => p.name === name);
    // Names are probably not unique on Railway: prefer the project that already holds this service.
    const found = matches.find((p) => nodes(p.services).some((s) => s.name === serviceName)) ?? matches[0];
    if (found) {
      const project: ProjectNode = { ...found, workspaceId: settings.workspaceId ?? null, deletedAt: null };
      return { project, environment: this.#pickEnvironment(project) };
    }
    const made = await client.projectCreate({
      name,
      description: `Stackwright app ${app}`,
      ...(settings.workspaceId ? { workspaceId: settings.workspaceId } : {}),
    });
    say(`created Railway project ${made.name}`);
    const project: ProjectNode = { id: made.id, name: made.name, workspaceId: settings.workspaceId ?? null, deletedAt: null, environments: made.environments, services: { edges: [] } };
    return { project, environment: this.#pickEnvironment(project) };
  }

  #pickEnvironment(project: ProjectNode, recordedId?: string): IdName {
    const wanted = this.#resolveSettings().environmentName;
    const environments = nodes(project.environments);
    const found =
      environments.find((e) => e.id === recordedId) ?? environments.find((e) => e.name === wanted) ?? (environments.length === 1 ? environments[0] : undefined);
    if (!found) throw new Error(`project ${project.name} has no environment named "${wanted}" (it has: ${environments.map((e) => e.name).join(", ") || "none"})`);
    return found;
  }

  /**
   * Polls `deployment(id) { status }` within the budget until SUCCESS (or
   * SLEEPING). FAILED, CRASHED, REMOVED, SKIPPED and NEEDS_APPROVAL end the
   * wait with a DeployError carrying the log excerpt; running out of budget
   * throws RailwayDeployTimeoutError. Railway switches traffic only to a
   * deployment that succeeded (after its health check, when one is set), so
   * in every failure the previous deployment keeps serving.
   */
  async #waitLive(client: RailwayClient, input: ServiceDeployInput, deploymentId: string, logUrl: string, secrets: readonly string[], fail: Fail): Promise<void> {
    const budget = this.#budget;
    const clock = this.#clock;
    const service = input.service;
    const start = clock.now();
    let checks = 0;
    let last: string | undefined;
    let sawDeploying = false;
    let delay = budget.initialDelayMs;
    const afterBuild = () => (service.healthPath ? "health" : "start");
    for (;;) {
      const elapsed = clock.now() - start;
      if (checks >= budget.maxChecks || elapsed + delay > budget.deadlineMs) {
        const phase: DeployError["phase"] = last && !PRE_DEPLOY.has(last) ? afterBuild() : "build";
        const message =
          `deployment ${deploymentId} was still ${last ?? "not reported"} after ${checks} checks over ${formatDuration(elapsed)} ` +
          `(budget: ${budget.maxChecks} checks, ${formatDuration(budget.deadlineMs)}). It continues on Railway and becomes live only if it succeeds` +
          `${service.healthPath ? " and passes its health check" : ""}; until then the previous deployment keeps serving (${logUrl})`;
        throw new RailwayDeployTimeoutError(service.name, phase, redactValues(message, secrets), deploymentId, checks, elapsed, last, logUrl);
      }
      await clock.sleep(delay);
      if (input.signal?.aborted) fail(last && !PRE_DEPLOY.has(last) ? afterBuild() : "build", `the deploy was cancelled while deployment ${deploymentId} was ${last ?? "starting"}`, { logUrl });
      checks++;
      let status: string | undefined;
      try {
        status = (await client.deploymentStatus(deploymentId))?.status ?? undefined;
      } catch (error) {
        fail(last && !PRE_DEPLOY.has(last) ? afterBuild() : "build", `checking deployment ${deploymentId}: ${(error as Error).message}; it continues on Railway (${logUrl})`, {
          cause: error,
          logUrl,
        });
      }
      if (status && status !== last) {
        input.log?.(`deployment ${deploymentId}: ${status}`);
        last = status;
      }
      if (status === "DEPLOYING") sawDeploying = true;
      if (status && LIVE.has(status)) return;
      if (status === "NEEDS_APPROVAL") {
        fail("configure", `deployment ${deploymentId} needs approval in the Railway dashboard (${logUrl}); the previous deployment stays live`, { logUrl });
      }
      if (status && DEPLOYMENT_FAILED.includes(status)) {
        await this.#failed(client, input, deploymentId, status, sawDeploying, logUrl, fail);
      }
      delay = clock.now() - start < budget.slowAfterMs ? budget.intervalMs : budget.slowIntervalMs;
    }
  }

  /** A terminal failure: which phase, why, and the last lines of the relevant log (every env value masked by `fail`). */
  async #failed(client: RailwayClient, input: ServiceDeployInput, deploymentId: string, status: string, sawDeploying: boolean, logUrl: string, fail: Fail): Promise<never> {
    const lines = this.options.logLines ?? 40;
    const service = input.service;
    const read = async (kind: "build" | "deploy"): Promise<string[]> => {
      try {
        const entries = kind === "build" ? await client.buildLogs(deploymentId, 500) : await client.deploymentLogs(deploymentId, 500);
        return [...entries]
          .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
          .map((e) => String(e.message ?? "").replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")) // eslint-disable-line no-control-regex
          .filter((m) => m.trim() !== "");
      } catch {
        return []; // best effort: the failure itself is what matters
      }
    };
    let phase: DeployError["phase"];
    let reason: string;
    let log: string[];
    if (status === "CRASHED") {
      phase = "start";
      reason = "the service crashed after starting";
      log = await read("deploy");
    } else if (status === "FAILED") {
      log = await read("build");
      const healthcheck = log.some((l) => /health ?check/i.test(l));
      if (sawDeploying || healthcheck) {
        phase = service.healthPath ? "health" : "start";
        reason = service.healthPath ? `the service did not answer 200 on ${service.healthPath} in time` : "the service failed to start";
        const runtime = await read("deploy");
        if (runtime.length > 0) log = [...log.slice(-Math.ceil(lines / 2)), "--- deploy logs ---", ...runtime];
      } else {
        phase = "build";
        reason = "the build failed";
      }
    } else {
      phase = "build";
      reason = status === "SKIPPED" ? "Railway skipped the deployment" : "the deployment was removed before it went live (aborted, or superseded by a newer deployment)";
      log = [];
    }
    const tail = log.slice(-lines).join("\n");
    return fail(
      phase,
      `deployment ${deploymentId} ${status}: ${reason}; the previous deployment stays live (${logUrl})${tail ? `\n\nLast lines of the log:\n${tail}` : ""}`,
      { logUrl },
    );
  }

  /**
   * Preview environments (anything but "production"): deletes the service,
   * which takes its deployments, domain and variables with it. Production:
   * removes the live deployments (what `railway down` does) and keeps the
   * service, its domain (so the URL stays the same) and its variables for the
   * next deploy. Idempotent: a service or deployment that is gone is fine.
   */
  async stop(recorded: RecordedServiceDeployment): Promise<void> {
    const client = this.#getClient();
    const { projectId, environmentId } = recorded.ids;
    let serviceId = recorded.ids.serviceId;
    if (!environmentId || !projectId) return;
    const gone = (error: unknown) => error instanceof ProviderApiError && error.isNotFound;
    if (!serviceId && recorded.ids.serviceName) {
      try {
        const project = await client.project(projectId);
        serviceId = nodes(project?.services).find((s) => s.name === recorded.ids.serviceName)?.id;
      } catch (error) {
        if (gone(error)) return;
        throw error;
      }
    }
    if (!serviceId) return;
    const preview = (recorded.ids.environment ?? "production") !== "production";
    try {
      if (preview) {
        await client.serviceDelete({ environmentId, serviceId });
        return;
      }
      const live = await client.deployments({ projectId, environmentId, serviceId, status: { in: ["SUCCESS", "SLEEPING"] } });
      for (const deployment of live) {
        try {
          await client.deploymentRemove(deployment.id);
        } catch (error) {
          if (!gone(error)) throw error;
        }
      }
    } catch (error) {
      if (gone(error)) return;
      throw error;
    }
  }
}

/** The domain's host name (Railway answers a bare host; tolerate a scheme or a trailing slash). */
function bareHost(domain: ServiceDomain): string {
  return domain.domain.replace(/^https?:\/\//, "").replace(/\/+$/, "");
}

/** The service's page in the Railway dashboard (the shape of the upload's `logsUrl`, reference §1.3). */
export function dashboardUrl(projectId: string, serviceId: string, environmentId: string): string {
  return `https://railway.com/project/${encodeURIComponent(projectId)}/service/${encodeURIComponent(serviceId)}?environmentId=${encodeURIComponent(environmentId)}`;
}

export function createRailwayTarget(options: RailwayTargetOptions = {}): RailwayTarget {
  return new RailwayTarget(options);
}

/** Options from the environment (RAILWAY_TOKEN / RAILWAY_PROJECT_TOKEN, RAILWAY_WORKSPACE_ID, RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_NAME), read at deploy time. */
export function railwayTargetFromEnv(env: Record<string, string | undefined> = process.env): RailwayTargetOptions {
  return { env };
}
