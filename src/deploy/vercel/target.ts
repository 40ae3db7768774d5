import { createHmac } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { createDeployment, type DeploymentOptions, type VercelClientOptions } from "@vercel/client";
import { redactValues, secretValues } from "../local/redact.js";
import { DeployError, type DeployTarget, type RecordedServiceDeployment, type ServiceDeployInput, type ServiceDeployment } from "../types.js";
import type { ServiceManifest } from "../../spec/manifest.js";
import { realSleep, VercelApi, VercelApiError, type Sleep } from "./api.js";

/**
 * The Vercel deploy target, for frontends (Vite static builds, Next.js).
 * See README.md in this directory for the request sequence, what is recorded
 * and what is unverified.
 */

const TARGET = "vercel";

export interface VercelTargetOptions {
  /** Default: VERCEL_TOKEN. */
  token?: string;
  /** Default: VERCEL_TEAM_ID. */
  teamId?: string;
  /** Default https://api.vercel.com (tests point it at nock). */
  apiUrl?: string;
  /** For the REST calls this target makes itself (@vercel/client always uses the global fetch). */
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  /** How long a deployment may take from upload to READY (default 15 min). */
  deployTimeoutMs?: number;
  /** After READY, how long to wait for the production alias (default 60 s); the deployment URL is used without it. */
  aliasTimeoutMs?: number;
  /** Delay between status polls for a given elapsed time (default: @vercel/client's schedule, 1 s → 5 s → 15 s → 30 s). */
  pollDelayMs?: (elapsedMs: number) => number;
  /** Longest rate-limit wait sat out before failing (default 60 s). */
  maxRetryWaitMs?: number;
  /** Attempts at creating the deployment when Vercel rate-limits or fails with 5xx (default 3). */
  createAttempts?: number;
  /** The project's name for an app and environment (default: sw-<app> in production, sw-<app>-<env> otherwise). */
  projectName?: (app: string, environment: string) => string;
}

/** Vercel project names: lowercase letters, digits, `.`, `_`, `-`, at most 100 characters, no `---`. */
export function vercelProjectName(app: string, environment: string): string {
  const raw = environment === "production" ? `sw-${app}` : `sw-${app}-${environment}`;
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{3,}/g, "--")
    .slice(0, 100)
    .replace(/[-._]+$/, "");
}

/** An argv as one shell command line (Vercel takes build and install commands as strings). */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((arg) => (/^[A-Za-z0-9_\-=.,/:@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

interface ProjectSettings {
  framework: string;
  buildCommand: string | null;
  installCommand: string | null;
  outputDirectory: string | null;
}

export function projectSettingsFor(service: ServiceManifest): ProjectSettings {
  const framework = service.framework === "nextjs" ? "nextjs" : "vite";
  return {
    framework,
    buildCommand: service.commands.build ? shellJoin(service.commands.build) : null,
    installCommand: shellJoin(service.commands.install),
    outputDirectory: framework === "vite" ? (service.staticDir ?? "dist") : null,
  };
}

interface VercelProject {
  id: string;
  name: string;
  framework?: string | null;
  buildCommand?: string | null;
  installCommand?: string | null;
  outputDirectory?: string | null;
  ssoProtection?: unknown;
}

interface VercelDeployment {
  id: string;
  url?: string;
  inspectorUrl?: string | null;
  readyState?: string;
  state?: string;
  alias?: string[];
  aliasAssigned?: boolean | number | null;
  aliasError?: { code?: string; message?: string } | string | null;
  errorCode?: string;
  errorMessage?: string;
  projectId?: string;
}

/**
 * The SPA configuration a Vite build needs on Vercel, written as vercel.json
 * into the checkout when the app has none: deep links fall back to
 * index.html (Vercel applies rewrites only when no file matches), a missing
 * asset stays a 404, hashed assets are cached for a year and the service
 * worker is always revalidated (as the local static server does).
 */
export const SPA_VERCEL_JSON = {
  rewrites: [{ source: "/((?!assets/).*)", destination: "/index.html" }],
  headers: [
    { source: "/assets/(.*)", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
    { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache" }] },
  ],
};

/** The client's polling schedule (`utils/get-polling-delay.ts` of @vercel/client). */
export function defaultPollDelay(elapsedMs: number): number {
  if (elapsedMs <= 15_000) return 1_000;
  if (elapsedMs <= 60_000) return 5_000;
  if (elapsedMs <= 300_000) return 15_000;
  return 30_000;
}

const readyState = (d: VercelDeployment) => d.readyState ?? d.state;

/** The public host name: the project's own production alias when it has one, else the shortest alias, else the deployment URL. */
export function publicHost(deployment: VercelDeployment, projectName: string): string | undefined {
  const aliases = (deployment.alias ?? []).filter((a) => typeof a === "string" && a.length > 0);
  const own = aliases.find((a) => a === `${projectName}.vercel.app`);
  if (own) return own;
  const shortest = [...aliases].sort((a, b) => a.length - b.length)[0];
  return shortest ?? deployment.url;
}

export class VercelTarget implements DeployTarget {
  readonly name = TARGET;
  private readonly token: string | undefined;
  private readonly teamId: string | undefined;
  private readonly sleep: Sleep;
  private readonly now: () => number;

  constructor(private readonly options: VercelTargetOptions = {}) {
    this.token = options.token ?? process.env.VERCEL_TOKEN;
    this.teamId = options.teamId ?? process.env.VERCEL_TEAM_ID;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  supports(service: ServiceManifest): boolean {
    return service.role === "frontend" && (service.framework === "react-vite" || service.framework === "nextjs");
  }

  private api(): VercelApi {
    if (!this.token) throw new Error("VERCEL_TOKEN is not set");
    return new VercelApi({
      token: this.token,
      ...(this.teamId ? { teamId: this.teamId } : {}),
      ...(this.options.apiUrl ? { apiUrl: this.options.apiUrl } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      sleep: this.sleep,
      now: this.now,
      ...(this.options.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: this.options.maxRetryWaitMs } : {}),
    });
  }

  async deploy(input: ServiceDeployInput): Promise<ServiceDeployment> {
    const started = this.now();
    const { service, app, environment, sha } = input;
    const say = (line: string) => input.log?.(line);
    const secrets = secretValues(input.env, service);
    const fail = (phase: DeployError["phase"], message: string, options: { cause?: unknown; logUrl?: string } = {}): never => {
      throw new DeployError(TARGET, service.name, phase, redactValues(message, secrets), options);
    };
    if (!this.supports(service)) fail("configure", `Vercel deploys frontends (react-vite, nextjs); ${service.name} is a ${service.role} (${service.framework})`);
    if (!this.token) fail("configure", "VERCEL_TOKEN is not set");
    // @vercel/client appends VERCEL_TEAM_ID from the environment to its own requests: a different team here would mix two scopes.
    const envTeam = process.env.VERCEL_TEAM_ID;
    if (envTeam && this.teamId && envTeam !== this.teamId) fail("configure", "VERCEL_TEAM_ID in the environment differs from the configured team id");
    const sourceDir = resolve(input.sourceDir);
    if (!isAbsolute(sourceDir) || !existsSync(sourceDir)) fail("upload", `the source directory ${sourceDir} does not exist`);

    for (const variable of service.env) {
      const value = input.env[variable.name];
      if (variable.source !== "backend-url" || !value) continue;
      try {
        if (/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(new URL(value).hostname)) say(`warning: ${variable.name} points at this machine (${value}); browsers visiting the Vercel URL cannot reach it`);
      } catch {
        // not a URL: the app's problem, not the deploy's
      }
    }

    const api = this.api();
    const projectName = (this.options.projectName ?? vercelProjectName)(app, environment);
    const settings = projectSettingsFor(service);
    const portVar = service.port?.env ?? "PORT";
    const buildEnv = Object.fromEntries(Object.entries(input.env).filter(([name]) => name !== portVar));
    const configHash = createHmac("sha256", this.token!).update(JSON.stringify({ sha, projectName, service, env: Object.entries(buildEnv).sort(([a], [b]) => a.localeCompare(b)) })).digest("hex").slice(0, 32);

    const wrap = async <T>(phase: DeployError["phase"], what: string, work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof DeployError) throw error;
        const retry = error instanceof VercelApiError && error.retryAfterMs !== undefined ? ` (rate limited: retry in ${Math.ceil(error.retryAfterMs / 1000)} s)` : "";
        return fail(phase, `${what}: ${(error as Error).message}${retry}`, { cause: error });
      }
    };

    // A rerun of the deploy that is live (same commit, project, settings and environment) creates nothing.
    const previous = input.previous?.target === TARGET ? input.previous : undefined;
    if (previous?.ids.deploymentId && previous.ids.sha === sha && previous.ids.configHash === configHash) {
      const existing = await wrap("configure", "reading the previous deployment", () => this.getDeployment(api, previous.ids.deploymentId!, input.signal));
      if (existing && readyState(existing) === "READY") {
        say(`${projectName} ${sha.slice(0, 7)} is already live at ${previous.url}`);
        return { ...previous, ...(existing.inspectorUrl ? { logUrl: existing.inspectorUrl } : {}), durationMs: this.now() - started };
      }
    }

    const project = await wrap("configure", `preparing project ${projectName}`, () => this.ensureProject(api, projectName, settings, previous?.ids.projectId, say, input.signal));
    if (Object.keys(buildEnv).length > 0) {
      await wrap("configure", "setting environment variables", () => this.upsertEnv(api, project.id, buildEnv, input.signal));
      say(`environment set: ${Object.keys(buildEnv).sort().join(", ")}`);
    }
    if (settings.framework === "vite" && !existsSync(join(sourceDir, "vercel.json"))) {
      writeFileSync(join(sourceDir, "vercel.json"), `${JSON.stringify(SPA_VERCEL_JSON, null, 2)}\n`);
      say("added vercel.json (single-page-app fallback, cache headers)");
    }

    const created = await this.create(input, sourceDir, projectName, project.id, settings, fail);
    say(`deployment ${created.id} created${created.inspectorUrl ? `: ${created.inspectorUrl}` : ""}`);
    const ready = await this.waitReady(api, created, input, fail);
    const host = publicHost(ready, projectName);
    if (!host) return fail("build", `deployment ${ready.id} is READY but has no URL`, ready.inspectorUrl ? { logUrl: ready.inspectorUrl } : {});
    const url = `https://${host}`;
    say(`live at ${url}`);
    return {
      target: TARGET,
      service: service.name,
      url,
      ids: { projectId: project.id, projectName, deploymentId: ready.id, environment, sha, configHash },
      ...(ready.inspectorUrl ? { logUrl: ready.inspectorUrl } : created.inspectorUrl ? { logUrl: created.inspectorUrl } : {}),
      durationMs: this.now() - started,
    };
  }

  /**
   * Removes a deployment: deletes the recorded deployment (its URL stops
   * answering) and, for an environment other than production, the
   * environment's own project (sw-<app>-<env>, which holds nothing else).
   * The production project is kept, so the next deploy reuses it.
   * A deployment or project that is already gone is fine.
   */
  async stop(recorded: RecordedServiceDeployment): Promise<void> {
    const api = this.api();
    const ignoreMissing = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (!(error instanceof VercelApiError && error.status === 404)) throw error;
      }
    };
    const { deploymentId, projectId, environment } = recorded.ids;
    if (deploymentId) await ignoreMissing(() => api.request("DELETE", `/v13/deployments/${encodeURIComponent(deploymentId)}`));
    if (projectId && environment && environment !== "production") await ignoreMissing(() => api.request("DELETE", `/v9/projects/${encodeURIComponent(projectId)}`));
  }

  private async getDeployment(api: VercelApi, id: string, signal?: AbortSignal): Promise<VercelDeployment | undefined> {
    try {
      return await api.request<VercelDeployment>("GET", `/v13/deployments/${encodeURIComponent(id)}`, signal ? { signal } : {});
    } catch (error) {
      if (error instanceof VercelApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  private async getProject(api: VercelApi, idOrName: string, signal?: AbortSignal): Promise<VercelProject | undefined> {
    try {
      return await api.request<VercelProject>("GET", `/v9/projects/${encodeURIComponent(idOrName)}`, signal ? { signal } : {});
    } catch (error) {
      if (error instanceof VercelApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * The project by recorded id, else by name, else created; then made public
   * (`ssoProtection: null`, which turns Vercel Authentication off) and given
   * our build settings, with one PATCH only when something differs.
   */
  private async ensureProject(api: VercelApi, name: string, settings: ProjectSettings, recordedId: string | undefined, say: (line: string) => void, signal?: AbortSignal): Promise<VercelProject> {
    const opts = signal ? { signal } : {};
    let project = (recordedId ? await this.getProject(api, recordedId, signal) : undefined) ?? (await this.getProject(api, name, signal));
    if (!project) {
      try {
        project = await api.request<VercelProject>("POST", "/v11/projects", { ...opts, body: { name, ...settings, ssoProtection: null } });
        say(`created Vercel project ${name}`);
      } catch (error) {
        // Created meanwhile by a concurrent deploy: use that one.
        if (!(error instanceof VercelApiError && error.status === 409)) throw error;
        project = await this.getProject(api, name, signal);
        if (!project) throw error;
      }
    }
    const patch: Record<string, unknown> = {};
    if (project.ssoProtection !== undefined && project.ssoProtection !== null) patch.ssoProtection = null;
    for (const key of ["framework", "buildCommand", "installCommand", "outputDirectory"] as const) {
      if (key in project && (project[key] ?? null) !== settings[key]) patch[key] = settings[key];
    }
    if (Object.keys(patch).length > 0) {
      project = { ...project, ...(await api.request<VercelProject>("PATCH", `/v9/projects/${encodeURIComponent(project.id)}`, { ...opts, body: patch })) };
      say(`updated project ${name}: ${Object.keys(patch).join(", ")}`);
    }
    return project;
  }

  /** Upserts the build environment (encrypted, production and preview); a 2xx can still list failures, which are errors. */
  private async upsertEnv(api: VercelApi, projectId: string, env: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const body = Object.entries(env).map(([key, value]) => ({ key, value, type: "encrypted", target: ["production", "preview"] }));
    const result = await api.request<{ failed?: { error?: { code?: string; message?: string; key?: string; envVarKey?: string } }[] }>(
      "POST",
      `/v10/projects/${encodeURIComponent(projectId)}/env`,
      { query: { upsert: "true" }, body, ...(signal ? { signal } : {}) },
    );
    const failed = result?.failed ?? [];
    if (failed.length > 0) {
      const reasons = failed.map((f) => `${f.error?.key ?? f.error?.envVarKey ?? "?"}: ${f.error?.code ?? ""} ${f.error?.message ?? ""}`.trim());
      throw new Error(`Vercel refused ${failed.length} variable(s): ${reasons.join("; ")}`);
    }
  }

  /** Uploads the files and creates the deployment with @vercel/client, retrying a rate limit or a 5xx; resolves at the `created` event. */
  private async create(
    input: ServiceDeployInput,
    sourceDir: string,
    projectName: string,
    projectId: string,
    settings: ProjectSettings,
    fail: (phase: DeployError["phase"], message: string, options?: { cause?: unknown; logUrl?: string }) => never,
  ): Promise<VercelDeployment> {
    const clientOptions: VercelClientOptions = {
      token: this.token!,
      path: sourceDir,
      ...(this.teamId && this.teamId !== process.env.VERCEL_TEAM_ID ? { teamId: this.teamId } : {}),
      ...(this.options.apiUrl ? { apiUrl: this.options.apiUrl.replace(/\/+$/, "") } : {}),
      userAgent: "stackwright",
      skipAutoDetectionConfirmation: true,
    };
    const deploymentOptions: DeploymentOptions & { project: string } = {
      name: projectName,
      project: projectId,
      target: "production",
      projectSettings: settings,
      meta: { githubCommitSha: input.sha, stackwrightApp: input.app, stackwrightEnvironment: input.environment },
    };
    const attempts = this.options.createAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      let failure: { status?: number; code?: string; message: string; retryMs?: number } | undefined;
      try {
        // createDeployment mutates its options; give it fresh copies.
        for await (const event of createDeployment({ ...clientOptions }, { ...deploymentOptions, meta: { ...deploymentOptions.meta } })) {
          if (input.signal?.aborted) return fail("upload", "the deploy was cancelled");
          if (event.type === "created") return event.payload as VercelDeployment;
          if (event.type === "file-count") {
            const missing = (event.payload as { missing?: unknown[] }).missing?.length ?? 0;
            if (missing > 0) input.log?.(`uploading ${missing} file(s)`);
          } else if (event.type === "warning") input.log?.(`vercel: ${String(event.payload)}`);
          else if (event.type === "error") {
            const payload = event.payload as { status?: number; code?: string; message?: string; limit?: { reset?: number } } | Error;
            const status = "status" in payload && typeof payload.status === "number" ? payload.status : undefined;
            const limitReset = "limit" in payload ? payload.limit?.reset : undefined;
            failure = {
              ...(status !== undefined ? { status } : {}),
              ...("code" in payload && typeof payload.code === "string" ? { code: payload.code } : {}),
              message: payload.message ?? "unknown error",
              ...(typeof limitReset === "number" ? { retryMs: Math.max(0, limitReset * 1000 - this.now()) } : {}),
            };
            break;
          }
        }
      } catch (error) {
        failure = { message: (error as Error).message, ...((error as { code?: unknown }).code ? { code: String((error as { code?: unknown }).code) } : {}) };
      }
      if (!failure) return fail("upload", "@vercel/client finished without creating a deployment");
      const rateLimited = failure.status === 429 || failure.code === "rate_limited";
      const transient = rateLimited || (failure.status !== undefined && failure.status >= 500);
      const describe = `${failure.code ? `${failure.code}: ` : ""}${failure.message}${failure.status ? ` (HTTP ${failure.status})` : ""}`;
      if (transient && attempt < attempts) {
        const wait = failure.retryMs ?? (rateLimited ? 10_000 : 2_000 * attempt);
        if (wait <= (this.options.maxRetryWaitMs ?? 60_000)) {
          input.log?.(`Vercel answered ${describe}; retrying in ${Math.ceil(wait / 1000)} s`);
          await this.sleep(wait, input.signal);
          continue;
        }
        return fail("upload", `creating the deployment: ${describe} (rate limited: retry in ${Math.ceil(wait / 1000)} s)`);
      }
      return fail("upload", `creating the deployment: ${describe}`);
    }
  }

  /**
   * Polls the deployment (our own loop rather than the client's, so waits are
   * injectable, 429s honour Retry-After, the wait is bounded and CANCELED
   * ends it) until READY, and in production until the alias is assigned.
   */
  private async waitReady(
    api: VercelApi,
    created: VercelDeployment,
    input: ServiceDeployInput,
    fail: (phase: DeployError["phase"], message: string, options?: { cause?: unknown; logUrl?: string }) => never,
  ): Promise<VercelDeployment> {
    const start = this.now();
    const timeout = this.options.deployTimeoutMs ?? 15 * 60_000;
    const aliasTimeout = this.options.aliasTimeoutMs ?? 60_000;
    const delay = this.options.pollDelayMs ?? defaultPollDelay;
    let deployment = created;
    let readyAt: number | undefined;
    let lastState = readyState(created);
    const logUrl = () => (deployment.inspectorUrl ?? created.inspectorUrl ?? undefined);
    for (;;) {
      const state = readyState(deployment);
      if (state !== lastState && state) {
        input.log?.(`deployment ${deployment.id}: ${state}`);
        lastState = state;
      }
      if (state === "ERROR" || state?.endsWith("_ERROR")) {
        const tail = await this.buildLogTail(api, deployment.id);
        const reason = [deployment.errorCode, deployment.errorMessage].filter(Boolean).join(": ") || "the build failed";
        const link = logUrl();
        return fail("build", `${reason}${link ? ` (${link})` : ""}; the previous deployment stays live${tail ? `\n\nLast lines of the build log:\n${tail}` : ""}`, link ? { logUrl: link } : {});
      }
      if (state === "CANCELED") {
        const link = logUrl();
        return fail("build", `deployment ${deployment.id} was canceled; the previous deployment stays live`, link ? { logUrl: link } : {});
      }
      if (state === "READY") {
        readyAt ??= this.now();
        if (deployment.aliasAssigned || deployment.aliasError) {
          if (deployment.aliasError) input.log?.(`alias not assigned: ${typeof deployment.aliasError === "string" ? deployment.aliasError : deployment.aliasError.message ?? deployment.aliasError.code}`);
          return deployment;
        }
        if (this.now() - readyAt >= aliasTimeout) return deployment;
      }
      const elapsed = this.now() - start;
      if (elapsed >= timeout) {
        const link = logUrl();
        return fail("build", `deployment ${deployment.id} was still ${state ?? "pending"} after ${Math.round(timeout / 1000)} s`, link ? { logUrl: link } : {});
      }
      await this.sleep(Math.min(delay(elapsed), Math.max(0, timeout - elapsed)), input.signal);
      const next = await (async () => {
        try {
          return await this.getDeployment(api, created.id, input.signal);
        } catch (error) {
          const link = logUrl();
          return fail("build", `checking deployment ${created.id}: ${(error as Error).message}`, { cause: error, ...(link ? { logUrl: link } : {}) });
        }
      })();
      if (!next) return fail("build", `deployment ${created.id} disappeared while building`);
      deployment = { ...deployment, ...next };
    }
  }

  /** The last lines of a failed build's log (best effort; the events endpoint's shape is unverified). */
  private async buildLogTail(api: VercelApi, id: string, lines = 30): Promise<string> {
    try {
      const events = await api.request<unknown>("GET", `/v3/deployments/${encodeURIComponent(id)}/events`, { query: { builds: "1", direction: "backward", limit: "100" } });
      if (!Array.isArray(events)) return "";
      // Asked newest first: back to chronological order (then by timestamp where there is one).
      const texts = [...events]
        .reverse()
        .map((e: { type?: string; text?: string; payload?: { text?: string; date?: number }; created?: number; date?: number }) => ({
          type: e.type,
          text: e.payload?.text ?? e.text,
          at: e.created ?? e.date ?? e.payload?.date ?? 0,
        }))
        .filter((e) => typeof e.text === "string" && (e.type === undefined || ["stdout", "stderr", "command", "fatal", "error"].includes(e.type)))
        .sort((a, b) => a.at - b.at)
        .map((e) => e.text as string);
      return texts.slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}

export function createVercelTarget(options: VercelTargetOptions = {}): VercelTarget {
  return new VercelTarget(options);
}
