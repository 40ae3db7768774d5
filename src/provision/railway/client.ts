import { ClientError, GraphQLClient } from "graphql-request";
import { ProviderApiError } from "../http/errors.js";
import { ProvisionError } from "../types.js";
import { SecretSet } from "../http/redact.js";
import { type HttpSettings, type ResolvedHttp, RetryGaveUp, resolveHttp, sendWithRetry } from "../http/retry.js";
import * as ops from "./operations.js";
import type { RailwayOperation } from "./operations.js";

/**
 * Railway's public GraphQL API through graphql-request, shared by database
 * provisioning (./provider.ts) and the deploy step.
 *
 * - Auth: a workspace or account token goes in `Authorization: Bearer`; a
 *   project token goes in `Project-Access-Token` (reference §1.1).
 * - Transport: graphql-request is given a fetch that adds a per-request
 *   timeout and retries (../http/retry.ts). 429 is retried for every
 *   operation, honouring Retry-After; 5xx and timeouts only for queries, so a
 *   mutation is never sent twice by the transport.
 * - Errors: Railway answers resolver errors with HTTP 200 and an `errors`
 *   array. Every failure becomes a ProviderApiError naming the operation
 *   (`railway: GraphQL ProjectCreate failed: Not Authorized`). graphql-request's
 *   own ClientError message embeds the whole request and response (variables
 *   included), so it is never passed on, not even as a cause.
 * - Budget: Railway's free plan allows 100 requests per hour; `requestCount`
 *   counts what this client has sent, retries included.
 */

export const RAILWAY_ENDPOINT = "https://backboard.railway.com/graphql/v2";

/** "workspace": a workspace or account token (Bearer). "project": a project token (Project-Access-Token header). */
export type RailwayTokenKind = "workspace" | "project";

export interface RailwayClientOptions {
  token: string;
  tokenKind?: RailwayTokenKind;
  /** Defaults to https://backboard.railway.com/graphql/v2. */
  endpoint?: string;
  http?: HttpSettings;
}

export class RailwayClient {
  readonly provider = "railway";
  readonly tokenKind: RailwayTokenKind;
  readonly endpoint: string;
  readonly secrets = new SecretSet();
  readonly http: ResolvedHttp;
  readonly #queries: GraphQLClient;
  readonly #mutations: GraphQLClient;
  #requests = 0;

  constructor(options: RailwayClientOptions) {
    if (!options.token) throw new ProvisionError("railway", "a token is required (RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN)");
    this.tokenKind = options.tokenKind ?? "workspace";
    this.endpoint = options.endpoint ?? RAILWAY_ENDPOINT;
    this.http = resolveHttp(options.http);
    this.secrets.add(options.token);
    const headers: Record<string, string> =
      this.tokenKind === "project" ? { "Project-Access-Token": options.token } : { Authorization: `Bearer ${options.token}` };
    const transport =
      (idempotent: boolean): typeof fetch =>
      async (input, init) => {
        const url = input instanceof Request ? input.url : input;
        const { response } = await sendWithRetry(this.http, url, init ?? {}, { idempotent, onAttempt: () => void this.#requests++ });
        return response;
      };
    this.#queries = new GraphQLClient(this.endpoint, { headers, fetch: transport(true) });
    this.#mutations = new GraphQLClient(this.endpoint, { headers, fetch: transport(false) });
  }

  /** GraphQL requests sent so far, retries included (the free plan allows 100 per hour). */
  get requestCount(): number {
    return this.#requests;
  }

  /** Runs one operation; resolves to its `data` or throws a ProviderApiError. */
  async request<TData, TVariables extends object>(operation: RailwayOperation<TData, TVariables>, variables: TVariables): Promise<TData> {
    const label = `GraphQL ${operation.name}`;
    const client = operation.kind === "mutation" ? this.#mutations : this.#queries;
    let data: TData | null | undefined;
    try {
      data = await client.request<TData, object>(operation.document, variables);
    } catch (error) {
      throw this.#toError(label, error);
    }
    if (data === null || data === undefined || typeof data !== "object") {
      throw new ProviderApiError(this.provider, label, "invalid-response", "the response has no data");
    }
    return data;
  }

  /** Registers the secret values among a service's variables, so no later error can echo them. */
  #learnSecrets(variables: ops.EnvironmentVariables | null | undefined): void {
    for (const [key, value] of Object.entries(variables ?? {})) {
      if (typeof value !== "string") continue;
      if (/PASSWORD|SECRET|TOKEN|KEY/i.test(key)) this.secrets.add(value);
      if (value.includes("://")) {
        try {
          this.secrets.add(decodeURIComponent(new URL(value).password));
        } catch {
          // not a URL (or a ${{reference}})
        }
      }
    }
  }

  #toError(label: string, error: unknown): ProviderApiError {
    const scrub = (s: string) => this.secrets.scrub(s, 300);
    if (error instanceof RetryGaveUp) {
      return new ProviderApiError(this.provider, label, error.kind, scrub(error.detail), {
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        attempts: error.attempts,
      });
    }
    if (error instanceof ClientError) {
      const status = error.response.status;
      const messages = (error.response.errors ?? []).map((e) => scrub(String(e.message)));
      if (status >= 200 && status < 300 && messages.length > 0) {
        return new ProviderApiError(this.provider, label, "graphql", messages.join("; "), { status, messages });
      }
      const detail = messages.length > 0 ? messages.join("; ") : bodySnippet(error.response.body, scrub);
      return new ProviderApiError(this.provider, label, "http", `HTTP ${status}${detail ? `: ${detail}` : ""}`, { status, messages });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderApiError(this.provider, label, "invalid-response", scrub(message.split("\n")[0] ?? ""));
  }

  // -- Typed operations (documents in ./operations.ts) ------------------------------------------

  projectCreate(variables: ops.ProjectCreateVariables) {
    return this.request(ops.ProjectCreate, variables).then((d) => d.projectCreate);
  }
  project(id: string) {
    return this.request(ops.Project, { id }).then((d) => d.project);
  }
  projects(workspaceId?: string) {
    return this.request(ops.Projects, workspaceId ? { workspaceId } : {}).then((d) => d.projects.edges.map((e) => e.node));
  }
  projectToken() {
    return this.request(ops.ProjectToken, {}).then((d) => d.projectToken);
  }
  serviceCreate(variables: ops.ServiceCreateVariables) {
    return this.request(ops.ServiceCreate, variables).then((d) => d.serviceCreate);
  }
  serviceDelete(variables: { environmentId: string; serviceId: string }) {
    return this.request(ops.ServiceDelete, variables).then((d) => d.serviceDelete);
  }
  serviceInstanceUpdate(variables: { serviceId: string; environmentId?: string; input: ops.ServiceInstanceUpdateInput }) {
    return this.request(ops.ServiceInstanceUpdate, variables).then((d) => d.serviceInstanceUpdate);
  }
  serviceInstanceDeploy(variables: { environmentId: string; serviceId: string }) {
    return this.request(ops.ServiceInstanceDeploy, variables).then((d) => d.serviceInstanceDeployV2);
  }
  variableCollectionUpsert(variables: ops.VariableCollectionUpsertVariables) {
    return this.request(ops.VariableCollectionUpsert, variables).then((d) => d.variableCollectionUpsert);
  }
  variables(variables: { projectId: string; environmentId: string; serviceId?: string; unrendered?: boolean }) {
    return this.request(ops.Variables, variables).then((d) => {
      this.#learnSecrets(d.variables);
      return d.variables ?? {};
    });
  }
  serviceDomainCreate(variables: { environmentId: string; serviceId: string; targetPort?: number }) {
    return this.request(ops.ServiceDomainCreate, variables).then((d) => d.serviceDomainCreate);
  }
  domains(variables: { environmentId: string; projectId: string; serviceId: string }) {
    return this.request(ops.Domains, variables).then((d) => d.domains);
  }
  tcpProxies(variables: { environmentId: string; serviceId: string }) {
    return this.request(ops.TcpProxies, variables).then((d) => d.tcpProxies);
  }
  deploymentStatus(id: string) {
    return this.request(ops.DeploymentStatusQuery, { id }).then((d) => d.deployment);
  }
  latestDeployment(variables: { serviceId: string; environmentId: string }) {
    return this.request(ops.LatestDeployment, variables).then((d) => d.serviceInstance?.latestDeployment ?? null);
  }
  deployments(input: ops.DeploymentListInput, first?: number) {
    return this.request(ops.Deployments, first === undefined ? { input } : { input, first }).then((d) => d.deployments.edges.map((e) => e.node));
  }
  buildLogs(deploymentId: string, limit?: number) {
    return this.request(ops.BuildLogs, limit === undefined ? { deploymentId } : { deploymentId, limit }).then((d) => d.buildLogs);
  }
  deploymentLogs(deploymentId: string, limit?: number) {
    return this.request(ops.DeploymentLogs, limit === undefined ? { deploymentId } : { deploymentId, limit }).then((d) => d.deploymentLogs);
  }
  deploymentRemove(id: string) {
    return this.request(ops.DeploymentRemove, { id }).then((d) => d.deploymentRemove);
  }
  templateDetail(code: string) {
    return this.request(ops.TemplateDetail, { code }).then((d) => d.template);
  }
  templateDeploy(variables: ops.TemplateDeployVariables) {
    return this.request(ops.TemplateDeploy, variables).then((d) => d.templateDeployV2);
  }
  workflowStatus(workflowId: string) {
    return this.request(ops.WorkflowStatus, { workflowId }).then((d) => d.workflowStatus);
  }
  databaseServiceState(variables: { projectId: string; environmentId: string; serviceId: string }) {
    return this.request(ops.DatabaseServiceState, variables).then((d) => {
      this.#learnSecrets(d.variables);
      return { variables: d.variables ?? {}, latestDeployment: d.serviceInstance?.latestDeployment ?? null };
    });
  }
}

function bodySnippet(body: unknown, scrub: (s: string) => string): string {
  if (typeof body !== "string" || body.trim() === "") return "";
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const m = typeof parsed.message === "string" ? parsed.message : typeof parsed.error === "string" ? parsed.error : undefined;
    if (m) return scrub(m);
    if (parsed && typeof parsed === "object") return "";
  } catch {
    // not JSON
  }
  return scrub(body.replace(/\s+/g, " "));
}
