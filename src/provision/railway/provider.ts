import type { Clock } from "../http/clock.js";
import { ProviderApiError, ReadinessFailedError } from "../http/errors.js";
import { type PollBudget, pollUntil } from "../http/poll.js";
import type { HttpSettings } from "../http/retry.js";
import {
  ENV_VAR_FOR,
  type Provider,
  type ProvisionedResource,
  ProvisionError,
  type RecordedResource,
  type ResourceKind,
  type ResourceRequest,
  resourceName,
} from "../types.js";
import { RailwayClient, type RailwayTokenKind } from "./client.js";
import { DEPLOYMENT_FAILED, type IdName, type JsonObject, type ProjectNode } from "./operations.js";

/**
 * PostgreSQL, Redis and MongoDB on Railway, from Railway's own database
 * templates (what `railway add --database` does; reference §1.4).
 *
 * Layout (decisions, since Railway offers several):
 * - One Railway project per app, named `sw-<app>` and found by name
 *   (`Projects`), unless `projectId` pins one project for every app. Project
 *   names are probably not unique on Railway, so the recorded ids win.
 * - One Railway environment: `environmentName` (default "production", the
 *   environment `projectCreate` makes). App environments (production, pr-12)
 *   are told apart by service name, `<resourceName>-<kind>`
 *   (`sw-blog-pr-12-postgres`), so a preview's database is its own service
 *   and destroy deletes exactly that service.
 * - The service name is set by renaming the template's single service in its
 *   serializedConfig before deploying; everything else in the config is sent
 *   back verbatim. (That Railway names the service from the config is
 *   **unverified**; the new service is also identified by diffing
 *   `project.services` before and after, as the CLI does, and the name
 *   actually given is recorded.)
 * - The URL returned is the public one (`DATABASE_PUBLIC_URL`,
 *   `REDIS_PUBLIC_URL`, `MONGO_PUBLIC_URL`, through the template's TCP proxy):
 *   `*.railway.internal` only resolves inside Railway, and migrations run from
 *   the GitHub App.
 *
 * Ready means: the template's workflow is Complete, the service's latest
 * deployment is SUCCESS (or SLEEPING), and its public URL variable is set and
 * rendered. Requests per ensure (free plan: 100/hour), with no retries:
 * first run in a new project 7 (Projects, ProjectCreate, TemplateDetail,
 * TemplateDeploy, WorkflowStatus ×n, Project, DatabaseServiceState ×m), first
 * run in an existing project 6, re-run with recorded ids 2 (Project,
 * DatabaseServiceState). Polls wait `intervalMs` (default 15 s) before the
 * first check of something just created.
 */

export const RAILWAY_PROVIDER = "railway";

/** Template codes (`template(code:)`). "postgres" and "redis" per the reference; "mongodb" per Railway's template list (**unverified** against the CLI, which the reference quotes as `mongo`). */
export const RAILWAY_TEMPLATES: Record<ResourceKind, string> = { postgres: "postgres", redis: "redis", mongodb: "mongodb" };

/** The variable each template sets to its public connection string (docs `databases/*.md`). */
export const RAILWAY_PUBLIC_URL_VARIABLE: Record<ResourceKind, string> = {
  postgres: "DATABASE_PUBLIC_URL",
  redis: "REDIS_PUBLIC_URL",
  mongodb: "MONGO_PUBLIC_URL",
};

/** 15 s between checks, at most 40 checks, 10 minutes: polls cost requests from the free plan's 100 per hour. */
export const RAILWAY_DEFAULT_POLL: PollBudget = { intervalMs: 15_000, maxAttempts: 40, deadlineMs: 10 * 60_000 };

export interface RailwayProviderOptions {
  /** A workspace or account token (RAILWAY_TOKEN), or a project token with `tokenKind: "project"` (RAILWAY_PROJECT_TOKEN). */
  token: string;
  tokenKind?: RailwayTokenKind;
  /** Workspace to list and create projects in (RAILWAY_WORKSPACE_ID). */
  workspaceId?: string;
  /** Put every app's databases in this project instead of one project per app (RAILWAY_PROJECT_ID). */
  projectId?: string;
  /** The Railway environment databases go in. Default "production". */
  environmentName?: string;
  /** GraphQL endpoint; default https://backboard.railway.com/graphql/v2. */
  endpoint?: string;
  /** Template code per kind; defaults in RAILWAY_TEMPLATES. */
  templates?: Partial<Record<ResourceKind, string>>;
  http?: HttpSettings;
  /** For polls and retries; tests pass a fake. */
  clock?: Clock;
  poll?: Partial<PollBudget>;
  /** A client to share (the deploy step's), so both count against one request budget. */
  client?: RailwayClient;
}

interface Placement {
  project: ProjectNode;
  environment: IdName;
}

export function createRailwayProvider(options: RailwayProviderOptions): Provider {
  const clock = options.clock ?? options.http?.clock;
  const client =
    options.client ??
    new RailwayClient({
      token: options.token,
      tokenKind: options.tokenKind,
      endpoint: options.endpoint,
      http: { ...options.http, clock: clock ?? options.http?.clock },
    });
  const budget: PollBudget = { ...RAILWAY_DEFAULT_POLL, ...options.poll };
  const environmentName = options.environmentName ?? "production";
  const templates = { ...RAILWAY_TEMPLATES, ...options.templates };

  const fail = (message: string) => new ProvisionError(RAILWAY_PROVIDER, message);

  /** Project(id), or undefined when it is gone. */
  async function loadProject(id: string): Promise<ProjectNode | undefined> {
    try {
      const project = await client.project(id);
      return project && !project.deletedAt ? project : undefined;
    } catch (error) {
      if (error instanceof ProviderApiError && error.isNotFound) return undefined;
      throw error;
    }
  }

  function pickEnvironment(project: ProjectNode, recordedId?: string): IdName {
    const environments = nodes(project.environments);
    const found =
      environments.find((e) => e.id === recordedId) ??
      environments.find((e) => e.name === environmentName) ??
      (environments.length === 1 ? environments[0] : undefined);
    if (!found) {
      throw fail(
        `project ${project.name} has no environment named "${environmentName}" (it has: ${environments.map((e) => e.name).join(", ") || "none"})`,
      );
    }
    return found;
  }

  async function place(request: ResourceRequest, recorded?: RecordedResource): Promise<Placement> {
    const recordedProject = recorded?.ids.projectId;
    if (recordedProject) {
      const project = await loadProject(recordedProject);
      if (project) return { project, environment: pickEnvironment(project, recorded?.ids.environmentId) };
    }
    let pinnedId = options.projectId;
    if (!pinnedId && client.tokenKind === "project") pinnedId = (await client.projectToken()).projectId;
    if (pinnedId) {
      const project = await loadProject(pinnedId);
      if (!project) throw fail(`project ${pinnedId} was not found (check RAILWAY_PROJECT_ID and the token's access)`);
      return { project, environment: pickEnvironment(project) };
    }
    const name = projectName(request.app);
    const matches = (await client.projects(options.workspaceId)).filter((p) => p.name === name);
    // Names are probably not unique on Railway: prefer the project that already holds this resource, else the first listed.
    const service = serviceName(request);
    const existing = matches.find((p) => nodes(p.services).some((s) => s.name === service)) ?? matches[0];
    if (existing) {
      const project: ProjectNode = { ...existing, workspaceId: options.workspaceId ?? null, deletedAt: null };
      return { project, environment: pickEnvironment(project) };
    }
    const created = await client.projectCreate({
      name,
      description: `Databases for ${request.app}, provisioned by Stackwright`,
      ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
    });
    const project: ProjectNode = {
      id: created.id,
      name: created.name,
      workspaceId: options.workspaceId ?? null,
      deletedAt: null,
      environments: created.environments,
      services: { edges: [] },
    };
    return { project, environment: pickEnvironment(project) };
  }

  async function deployTemplate(request: ResourceRequest, placement: Placement): Promise<IdName> {
    const kind = request.kind;
    const wanted = serviceName(request);
    const code = templates[kind];
    const template = await client.templateDetail(code);
    if (!template?.serializedConfig) throw fail(`Railway template "${code}" was not found or has no configuration`);
    const config = prepareTemplateConfig(template.serializedConfig, wanted, code);
    const before = new Set(nodes(placement.project.services).map((s) => s.id));
    const { id: projectId } = placement.project;
    const environmentId = placement.environment.id;

    let workflowId: string | null = null;
    try {
      ({ workflowId } = await client.templateDeploy({ projectId, environmentId, templateId: template.id, serializedConfig: config }));
    } catch (error) {
      // A duplicate name: someone made it between our look-up and now. Use theirs.
      if (error instanceof ProviderApiError && error.isAlreadyExists) {
        const project = await loadProject(projectId);
        const found = project && nodes(project.services).find((s) => s.name === wanted);
        if (found) return found;
      }
      throw error;
    }

    if (workflowId) {
      const id = workflowId;
      await pollUntil({
        provider: RAILWAY_PROVIDER,
        waitingFor: `Railway template "${code}" to deploy service ${wanted} (workflow ${id})`,
        budget: { ...budget, initialDelayMs: budget.initialDelayMs ?? budget.intervalMs },
        clock: client.http.clock,
        check: async () => {
          const status = await client.workflowStatus(id);
          if (status.status === "Complete") return { done: true, value: undefined };
          if (status.status === "Error") {
            throw new ReadinessFailedError(
              RAILWAY_PROVIDER,
              `Railway template "${code}" deploy`,
              "Error",
              status.error ? client.secrets.scrub(status.error, 300) : undefined,
            );
          }
          return { done: false, state: `workflow ${status.status}` };
        },
      });
    }

    const after = await loadProject(projectId);
    if (!after) throw fail(`project ${projectId} disappeared while the template was deploying`);
    const added = nodes(after.services).filter((s) => !before.has(s.id));
    const service = added.find((s) => s.name === wanted) ?? (added.length === 1 ? added[0] : undefined);
    if (!service) {
      throw fail(
        `could not tell which service template "${code}" created in project ${after.name} (new services: ${added.map((s) => s.name).join(", ") || "none"})`,
      );
    }
    return service;
  }

  async function waitReady(request: ResourceRequest, placement: Placement, service: IdName, justCreated: boolean): Promise<string> {
    const variable = RAILWAY_PUBLIC_URL_VARIABLE[request.kind];
    return pollUntil({
      provider: RAILWAY_PROVIDER,
      waitingFor: `Railway service ${service.name} to be deployed with ${variable} set`,
      budget: { ...budget, initialDelayMs: justCreated ? (budget.initialDelayMs ?? budget.intervalMs) : 0 },
      clock: client.http.clock,
      check: async () => {
        const state = await client.databaseServiceState({
          projectId: placement.project.id,
          environmentId: placement.environment.id,
          serviceId: service.id,
        });
        const status = state.latestDeployment?.status;
        if (status && DEPLOYMENT_FAILED.includes(status)) {
          throw new ReadinessFailedError(RAILWAY_PROVIDER, `Railway deployment of ${service.name}`, status);
        }
        const url = state.variables[variable];
        const urlReady = usableUrl(url);
        if ((status === "SUCCESS" || status === "SLEEPING") && urlReady && url) return { done: true, value: url };
        return { done: false, state: `deployment ${status ?? "not started"}, ${variable} ${urlReady ? "set" : "not set yet"}` };
      },
    });
  }

  return {
    name: RAILWAY_PROVIDER,
    kinds: ["postgres", "redis", "mongodb"],

    async ensure(request, recorded) {
      const placement = await place(request, recorded);
      const services = nodes(placement.project.services);
      const wanted = serviceName(request);
      let service =
        services.find((s) => s.id === recorded?.ids.serviceId) ??
        services.find((s) => s.name === (recorded?.ids.serviceName ?? wanted)) ??
        services.find((s) => s.name === wanted);
      let created = false;
      if (!service) {
        service = await deployTemplate(request, placement);
        created = true;
      }
      const url = await waitReady(request, placement, service, created);
      const result: ProvisionedResource = {
        kind: request.kind,
        provider: RAILWAY_PROVIDER,
        name: resourceName(request),
        ids: {
          projectId: placement.project.id,
          projectName: placement.project.name,
          environmentId: placement.environment.id,
          serviceId: service.id,
          serviceName: service.name,
        },
        url,
        env: { [ENV_VAR_FOR[request.kind]]: url },
        created,
      };
      return result;
    },

    async destroy(recorded) {
      let { serviceId, environmentId } = recorded.ids;
      if (!serviceId || !environmentId) {
        const projectId = recorded.ids.projectId;
        if (!projectId) return;
        const project = await loadProject(projectId);
        if (!project) return;
        const service = nodes(project.services).find((s) => s.id === serviceId || s.name === recorded.ids.serviceName);
        if (!service) return;
        serviceId = service.id;
        environmentId = pickEnvironment(project, environmentId).id;
      }
      try {
        await client.serviceDelete({ environmentId, serviceId });
      } catch (error) {
        if (error instanceof ProviderApiError && error.isNotFound) return;
        throw error;
      }
    },
  };
}

/** `sw-<app>`: the project an app's databases live in. */
export function projectName(app: string): string {
  return resourceName({ app, environment: "" });
}

/** `sw-<app>-<environment>-<kind>`: one service per app environment and kind. */
export function serviceName(request: Pick<ResourceRequest, "app" | "environment" | "kind">): string {
  return `${resourceName(request)}-${request.kind}`;
}

function nodes<T>(connection: { edges: { node: T }[] } | null | undefined): T[] {
  return (connection?.edges ?? []).map((e) => e.node);
}

/** A public URL that is rendered (no `${{...}}` left) and has a host. */
function usableUrl(url: string | undefined): boolean {
  if (!url || url.includes("${{")) return false;
  try {
    return new URL(url).hostname !== "";
  } catch {
    return false;
  }
}

/**
 * The template's serializedConfig, verbatim except: its single service is
 * renamed to `serviceName`. A variable with no default that is not optional
 * cannot be filled without asking a human, so it is an error.
 */
export function prepareTemplateConfig(config: JsonObject, serviceName: string, code: string): JsonObject {
  const copy = structuredClone(config);
  const services = copy.services && typeof copy.services === "object" ? (copy.services as Record<string, Record<string, unknown>>) : {};
  const entries = Object.values(services);
  if (entries.length === 1 && entries[0]) entries[0].name = serviceName;
  for (const service of entries) {
    const variables = service.variables && typeof service.variables === "object" ? (service.variables as Record<string, Record<string, unknown>>) : {};
    for (const [key, variable] of Object.entries(variables)) {
      const hasDefault = typeof variable.defaultValue === "string" && variable.defaultValue !== "";
      const hasValue = typeof variable.value === "string" && variable.value !== "";
      if (!hasDefault && !hasValue && variable.isOptional !== true) {
        throw new ProvisionError(RAILWAY_PROVIDER, `template "${code}" needs a value for ${String(service.name)}.${key}, which has no default`);
      }
    }
  }
  return copy;
}
