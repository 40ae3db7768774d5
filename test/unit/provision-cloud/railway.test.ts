import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderApiError, ReadinessFailedError, ReadinessTimeoutError } from "../../../src/provision/http/index.js";
import { createRailwayProvider, fromEnv, RailwayClient, type RailwayProviderOptions } from "../../../src/provision/railway/index.js";
import type { RecordedResource } from "../../../src/provision/types.js";
import { errorText, expectFreeOf, fakeClock, type LoggedRequest, logRequests, recordOf, rejectionOf } from "./support.js";

// The documented endpoint (reference §1.1): tests run against it through nock, so the default is checked too.
const HOST = "https://backboard.railway.com";
const PATH = "/graphql/v2";
const TOKEN = "rw_ws_5e1d8c0f-77aa-4b1e-9c3e-aa11bb22cc33";
const DB_PASSWORD = "qWfJ8kLmN3pRsT6v";
const PUBLIC_URL = `postgresql://postgres:${DB_PASSWORD}@shinkansen.proxy.rlwy.net:52352/railway`;
const PRIVATE_URL = `postgresql://postgres:${DB_PASSWORD}@postgres.railway.internal:5432/railway`;

const PROJECT_ID = "p-7c1d";
const ENV_ID = "e-prod-1";
const SERVICE_ID = "s-db-42";
const REQUEST = { kind: "postgres" as const, app: "blog", environment: "production" };

/** The Postgres template as `template(code:)` returns it: shape per reference §1.4 (full official JSON is unverified). */
const POSTGRES_CONFIG = {
  services: {
    "6f1c2b7a-0d3e-4a5b-9c8d-7e6f5a4b3c2d": {
      name: "Postgres",
      icon: "https://devicons.railway.app/i/postgresql.svg",
      source: { image: "ghcr.io/railwayapp-templates/postgres-ssl:16" },
      variables: {
        PGDATA: { defaultValue: "/var/lib/postgresql/data/pgdata", isOptional: false },
        POSTGRES_PASSWORD: { defaultValue: '${{ secret(32, "abcdefghijklmnopqrstuvwxyz") }}', isOptional: false },
        DATABASE_URL: { defaultValue: "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:5432/${{PGDATABASE}}" },
        DATABASE_PUBLIC_URL: {
          defaultValue: "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:${{RAILWAY_TCP_PROXY_PORT}}/${{PGDATABASE}}",
        },
        SSL_CERT_DAYS: { defaultValue: "820", isOptional: true, description: "Days the self-signed certificate is valid" },
      },
      deploy: { requiredMountPath: "/var/lib/postgresql/data" },
      networking: { tcpProxies: { "5432": {} }, serviceDomains: {} },
      volumeMounts: { "4e5d6c7b-8a9f-4b0c-9d1e-2f3a4b5c6d7e": { mountPath: "/var/lib/postgresql/data" } },
    },
  },
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

type Answer = { data: unknown } | { errors: { message: string }[]; data: null };

/**
 * A nock scope for the GraphQL endpoint that checks every request's auth header and answers
 * operations in the order given. Each step asserts the operation name, that the document
 * declares it, and (when given) the exact variables sent.
 */
function railway(steps: { op: string; variables?: Record<string, unknown>; answer: Answer; status?: number; headers?: Record<string, string> }[], auth: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const scope = nock(HOST, { reqheaders: auth });
  for (const step of steps) {
    scope
      .post(PATH, (body: { query: string; operationName: string; variables: Record<string, unknown> }) => {
        if (body.operationName !== step.op) return false;
        if (!new RegExp(`^\\s*(query|mutation) ${step.op}\\b`).test(body.query)) return false;
        if (step.variables) expect(body.variables).toEqual(step.variables);
        return true;
      })
      .reply(step.status ?? 200, step.answer, { "content-type": "application/json", ...step.headers });
  }
  const log = logRequests(scope);
  return { scope, log, ops: () => log.map((r: LoggedRequest) => (r.body as { operationName: string }).operationName) };
}

function provider(extra: Partial<RailwayProviderOptions> = {}) {
  const time = fakeClock();
  const p = createRailwayProvider({ token: TOKEN, clock: time.clock, ...extra });
  return { p, time };
}

const edges = <T>(nodes: T[]) => ({ edges: nodes.map((node) => ({ node })) });
const projectNode = (services: { id: string; name: string }[]) => ({
  id: PROJECT_ID,
  name: "sw-blog",
  workspaceId: null,
  deletedAt: null,
  environments: edges([{ id: ENV_ID, name: "production" }]),
  services: edges(services),
});
const readyState = (status = "SUCCESS", url: string | null = PUBLIC_URL) => ({
  data: {
    variables: { PGUSER: "postgres", PGPASSWORD: DB_PASSWORD, DATABASE_URL: PRIVATE_URL, ...(url ? { DATABASE_PUBLIC_URL: url } : {}) },
    serviceInstance: { latestDeployment: { id: "d-1", status } },
  },
});
const stateVars = { projectId: PROJECT_ID, environmentId: ENV_ID, serviceId: SERVICE_ID };

describe("Railway provider: ensure", () => {
  it("first run: creates the app's project, deploys the Postgres template, waits for the workflow and the deployment, returns the public URL", async () => {
    const { p, time } = provider();
    const expectedConfig = structuredClone(POSTGRES_CONFIG);
    expectedConfig.services["6f1c2b7a-0d3e-4a5b-9c8d-7e6f5a4b3c2d"].name = "sw-blog-production-postgres";
    const { scope, ops } = railway([
      { op: "Projects", variables: {}, answer: { data: { projects: edges([{ ...projectNode([]), id: "other", name: "sw-shop" }]) } } },
      {
        op: "ProjectCreate",
        variables: { name: "sw-blog", description: "Databases for blog, provisioned by Stackwright" },
        answer: { data: { projectCreate: { name: "sw-blog", id: PROJECT_ID, environments: edges([{ id: ENV_ID, name: "production" }]) } } },
      },
      { op: "TemplateDetail", variables: { code: "postgres" }, answer: { data: { template: { id: "tpl-pg", name: "PostgreSQL", serializedConfig: POSTGRES_CONFIG } } } },
      {
        op: "TemplateDeploy",
        variables: { projectId: PROJECT_ID, environmentId: ENV_ID, templateId: "tpl-pg", serializedConfig: expectedConfig },
        answer: { data: { templateDeployV2: { projectId: PROJECT_ID, workflowId: "wf-1" } } },
      },
      { op: "WorkflowStatus", variables: { workflowId: "wf-1" }, answer: { data: { workflowStatus: { status: "NotFound", error: null } } } },
      { op: "WorkflowStatus", variables: { workflowId: "wf-1" }, answer: { data: { workflowStatus: { status: "Complete", error: null } } } },
      { op: "Project", variables: { id: PROJECT_ID }, answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }]) } } },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState("DEPLOYING", "postgresql://postgres:x@:/railway") },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState() },
    ]);
    const result = await p.ensure(REQUEST);
    expect(result).toEqual({
      kind: "postgres",
      provider: "railway",
      name: "sw-blog-production",
      ids: { projectId: PROJECT_ID, projectName: "sw-blog", environmentId: ENV_ID, serviceId: SERVICE_ID, serviceName: "sw-blog-production-postgres" },
      url: PUBLIC_URL,
      env: { DATABASE_URL: PUBLIC_URL },
      created: true,
    });
    expect(ops()).toEqual([
      "Projects",
      "ProjectCreate",
      "TemplateDetail",
      "TemplateDeploy",
      "WorkflowStatus",
      "WorkflowStatus",
      "Project",
      "DatabaseServiceState",
      "DatabaseServiceState",
    ]);
    // 15 s before the first check of each new thing, then 15 s between checks.
    expect(time.sleeps).toEqual([15_000, 15_000, 15_000, 15_000]);
    expect(scope.isDone()).toBe(true);
    expectFreeOf(JSON.stringify(recordOf(result)), [TOKEN, DB_PASSWORD]);
  });

  it("a duplicate name: the service already exists in the app's project, so nothing is deployed", async () => {
    const { p, time } = provider();
    const { scope, ops } = railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }])]) } } },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState() },
    ]);
    const result = await p.ensure(REQUEST);
    expect(result.created).toBe(false);
    expect(result.ids.serviceId).toBe(SERVICE_ID);
    expect(ops()).toEqual(["Projects", "DatabaseServiceState"]);
    expect(time.sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("a duplicate name at create time: TemplateDeploy says it already exists, the existing service is used", async () => {
    const { p } = provider();
    const { scope, ops } = railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([])]) } } },
      { op: "TemplateDetail", answer: { data: { template: { id: "tpl-pg", name: "PostgreSQL", serializedConfig: POSTGRES_CONFIG } } } },
      { op: "TemplateDeploy", answer: { errors: [{ message: 'Service "sw-blog-production-postgres" already exists' }], data: null } },
      { op: "Project", answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }]) } } },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState() },
    ]);
    const result = await p.ensure(REQUEST);
    expect(result.ids.serviceId).toBe(SERVICE_ID);
    expect(ops().filter((o) => o === "TemplateDeploy")).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it("a re-run with recorded ids creates nothing: Project(id) and one readiness check, no mutation", async () => {
    const { p, time } = provider();
    const recorded: RecordedResource = {
      kind: "postgres",
      provider: "railway",
      name: "sw-blog-production",
      ids: { projectId: PROJECT_ID, environmentId: ENV_ID, serviceId: SERVICE_ID, serviceName: "sw-blog-production-postgres" },
    };
    const { scope, log, ops } = railway([
      { op: "Project", variables: { id: PROJECT_ID }, answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }]) } } },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState() },
    ]);
    const result = await p.ensure(REQUEST, recorded);
    expect(result.created).toBe(false);
    expect(result.url).toBe(PUBLIC_URL);
    expect(ops()).toEqual(["Project", "DatabaseServiceState"]);
    expect(log.some((r) => /^\s*mutation/.test((r.body as { query: string }).query))).toBe(false);
    expect(time.sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("recorded ids that are gone fall back to the name", async () => {
    const { p } = provider();
    const recorded: RecordedResource = { kind: "postgres", provider: "railway", name: "sw-blog-production", ids: { projectId: "p-deleted", serviceId: "s-old" } };
    const { scope, ops } = railway([
      { op: "Project", variables: { id: "p-deleted" }, answer: { errors: [{ message: "Project not found" }], data: null } },
      { op: "Projects", answer: { data: { projects: edges([projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }])]) } } },
      { op: "DatabaseServiceState", variables: stateVars, answer: readyState() },
    ]);
    const result = await p.ensure(REQUEST, recorded);
    expect(result.ids.projectId).toBe(PROJECT_ID);
    expect(ops()).toEqual(["Project", "Projects", "DatabaseServiceState"]);
    expect(scope.isDone()).toBe(true);
  });

  it("GraphQL errors come back as HTTP 200: a readable error naming the operation, without the token", async () => {
    const { p } = provider();
    railway([{ op: "Projects", answer: { errors: [{ message: "Not Authorized" }], data: null } }]);
    const error = await rejectionOf(p.ensure(REQUEST));
    expect(error).toBeInstanceOf(ProviderApiError);
    const e = error as ProviderApiError;
    expect(e.kind).toBe("graphql");
    expect(e.status).toBe(200);
    expect(e.message).toBe("railway: GraphQL Projects failed: Not Authorized");
    expectFreeOf(errorText(e), [TOKEN]);
  });

  it("scrubs a token or password the server echoes back in an error", async () => {
    const { p } = provider();
    railway([
      { op: "Project", answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }]) } } },
      { op: "DatabaseServiceState", answer: { errors: [{ message: `token ${TOKEN} may not read ${PUBLIC_URL}` }], data: null } },
    ]);
    const e = await rejectionOf(p.ensure(REQUEST, { kind: "postgres", provider: "railway", name: "x", ids: { projectId: PROJECT_ID } }));
    expect(e.message).toBe(
      "railway: GraphQL DatabaseServiceState failed: token [redacted] may not read postgresql://postgres:[redacted]@shinkansen.proxy.rlwy.net:52352/railway",
    );
    expectFreeOf(errorText(e), [TOKEN, DB_PASSWORD]);
  });

  it("429 with Retry-After: waits what the server said (injected sleep), then carries on", async () => {
    const { p, time } = provider();
    const { scope } = railway([
      { op: "Projects", status: 429, answer: { data: null }, headers: { "Retry-After": "7", "X-RateLimit-Remaining": "0" } },
      { op: "Projects", answer: { data: { projects: edges([projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }])]) } } },
      { op: "DatabaseServiceState", answer: readyState() },
    ]);
    await p.ensure(REQUEST);
    expect(time.sleeps).toEqual([7_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("429 with a Retry-After past the wait budget fails at once with a rate-limit error", async () => {
    const { p, time } = provider({ http: { retry: { maxTotalWaitMs: 300_000 } } });
    railway([{ op: "Projects", status: 429, answer: { data: null }, headers: { "Retry-After": "1800" } }]);
    const e = (await rejectionOf(p.ensure(REQUEST))) as ProviderApiError;
    expect(e.kind).toBe("rate-limited");
    expect(e.message).toBe(
      "railway: GraphQL Projects failed: rate limited (HTTP 429): the server asked to retry after 30m, beyond the remaining wait budget of 5m",
    );
    expect(time.sleeps).toEqual([]);
  });

  it("timeout while waiting for readiness: the workflow never completes within the budget", async () => {
    const { p, time } = provider({ poll: { intervalMs: 5_000, maxAttempts: 3, deadlineMs: 120_000 } });
    railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([])]) } } },
      { op: "TemplateDetail", answer: { data: { template: { id: "tpl-pg", name: "PostgreSQL", serializedConfig: POSTGRES_CONFIG } } } },
      { op: "TemplateDeploy", answer: { data: { templateDeployV2: { projectId: PROJECT_ID, workflowId: "wf-9" } } } },
      ...[1, 2, 3].map(() => ({ op: "WorkflowStatus", answer: { data: { workflowStatus: { status: "Running", error: null } } } })),
    ]);
    const e = await rejectionOf(p.ensure(REQUEST));
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.message).toBe(
      'railway: timed out waiting for Railway template "postgres" to deploy service sw-blog-production-postgres (workflow wf-9) after 15s (3 checks; budget: 3 checks every 5s, deadline 2m); last state: workflow Running',
    );
    expect(time.sleeps).toEqual([5_000, 5_000, 5_000]);
  });

  it("timeout while waiting for the database's public URL", async () => {
    const { p } = provider({ poll: { intervalMs: 30_000, maxAttempts: 10, deadlineMs: 60_000 } });
    railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }])]) } } },
      ...[1, 2, 3].map(() => ({ op: "DatabaseServiceState", answer: readyState("SUCCESS", null) })),
    ]);
    const e = (await rejectionOf(p.ensure(REQUEST))) as ReadinessTimeoutError;
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.attempts).toBe(3);
    expect(e.lastState).toBe("deployment SUCCESS, DATABASE_PUBLIC_URL not set yet");
  });

  it("a failed deployment or template workflow stops the wait at once", async () => {
    const { p } = provider();
    railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }])]) } } },
      { op: "DatabaseServiceState", answer: readyState("CRASHED") },
    ]);
    const e = await rejectionOf(p.ensure(REQUEST));
    expect(e).toBeInstanceOf(ReadinessFailedError);
    expect(e.message).toBe("railway: Railway deployment of sw-blog-production-postgres failed: CRASHED");
  });

  it("Redis and MongoDB use their templates and public URL variables", async () => {
    const { p } = provider();
    const redisUrl = "redis://default:R3disPassw0rd@maglev.proxy.rlwy.net:41234";
    railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([])]) } } },
      {
        op: "TemplateDetail",
        variables: { code: "redis" },
        answer: { data: { template: { id: "tpl-redis", name: "Redis", serializedConfig: { services: { a: { name: "Redis", variables: {} } } } } } },
      },
      {
        op: "TemplateDeploy",
        variables: { projectId: PROJECT_ID, environmentId: ENV_ID, templateId: "tpl-redis", serializedConfig: { services: { a: { name: "sw-blog-pr-12-redis", variables: {} } } } },
        answer: { data: { templateDeployV2: { projectId: PROJECT_ID, workflowId: null } } },
      },
      { op: "Project", answer: { data: { project: projectNode([{ id: "s-redis", name: "sw-blog-pr-12-redis" }]) } } },
      {
        op: "DatabaseServiceState",
        answer: { data: { variables: { REDIS_PUBLIC_URL: redisUrl }, serviceInstance: { latestDeployment: { id: "d", status: "SUCCESS" } } } },
      },
    ]);
    const result = await p.ensure({ kind: "redis", app: "blog", environment: "pr-12" });
    expect(result.env).toEqual({ REDIS_URL: redisUrl });
    expect(result.name).toBe("sw-blog-pr-12");
  });

  it("refuses a template that needs a value it cannot invent, naming the variable but no value", async () => {
    const { p } = provider();
    railway([
      { op: "Projects", answer: { data: { projects: edges([projectNode([])]) } } },
      {
        op: "TemplateDetail",
        answer: { data: { template: { id: "t", name: "Mongo", serializedConfig: { services: { a: { name: "MongoDB", variables: { MONGO_INITDB_ROOT_PASSWORD: { isOptional: false } } } } } } } },
      },
    ]);
    const e = await rejectionOf(p.ensure({ kind: "mongodb", app: "blog", environment: "production" }));
    expect(e.message).toBe('railway: template "mongodb" needs a value for sw-blog-production-mongodb.MONGO_INITDB_ROOT_PASSWORD, which has no default');
  });
});

describe("Railway provider: destroy", () => {
  it("deletes the recorded service from its environment", async () => {
    const { p } = provider();
    const { scope } = railway([{ op: "ServiceDelete", variables: { environmentId: ENV_ID, serviceId: SERVICE_ID }, answer: { data: { serviceDelete: true } } }]);
    await p.destroy({ kind: "postgres", provider: "railway", name: "sw-blog-pr-12", ids: { projectId: PROJECT_ID, environmentId: ENV_ID, serviceId: SERVICE_ID } });
    expect(scope.isDone()).toBe(true);
  });

  it("a missing service is fine", async () => {
    const { p } = provider();
    const { scope } = railway([{ op: "ServiceDelete", answer: { errors: [{ message: "Service not found" }], data: null } }]);
    await expect(p.destroy({ kind: "postgres", provider: "railway", name: "x", ids: { environmentId: ENV_ID, serviceId: SERVICE_ID } })).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it("without a service id, finds it by its recorded name; a gone project is fine", async () => {
    const { p } = provider();
    const { scope, ops } = railway([
      { op: "Project", answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-pr-12-postgres" }]) } } },
      { op: "ServiceDelete", variables: { environmentId: ENV_ID, serviceId: SERVICE_ID }, answer: { data: { serviceDelete: true } } },
      { op: "Project", answer: { data: { project: null } } },
    ]);
    await p.destroy({ kind: "postgres", provider: "railway", name: "sw-blog-pr-12", ids: { projectId: PROJECT_ID, serviceName: "sw-blog-pr-12-postgres" } });
    await p.destroy({ kind: "postgres", provider: "railway", name: "sw-blog-pr-12", ids: { projectId: "gone", serviceName: "sw-blog-pr-12-postgres" } });
    expect(ops()).toEqual(["Project", "ServiceDelete", "Project"]);
    expect(scope.isDone()).toBe(true);
  });
});

describe("RailwayClient", () => {
  it("sends a project token as Project-Access-Token and scopes to its project", async () => {
    const time = fakeClock();
    const p = createRailwayProvider({ token: TOKEN, tokenKind: "project", clock: time.clock });
    const { scope, ops } = railway(
      [
        { op: "ProjectToken", answer: { data: { projectToken: { projectId: PROJECT_ID, environmentId: ENV_ID } } } },
        { op: "Project", answer: { data: { project: projectNode([{ id: SERVICE_ID, name: "sw-blog-production-postgres" }]) } } },
        { op: "DatabaseServiceState", answer: readyState() },
      ],
      { "project-access-token": TOKEN },
    );
    await p.ensure(REQUEST);
    expect(ops()).toEqual(["ProjectToken", "Project", "DatabaseServiceState"]);
    expect(scope.isDone()).toBe(true);
  });

  it("retries a query on 503 but never sends a mutation twice; counts requests", async () => {
    const time = fakeClock();
    const client = new RailwayClient({ token: TOKEN, endpoint: "https://railway.test/graphql/v2", http: { clock: time.clock } });
    const scope = nock("https://railway.test")
      .post("/graphql/v2")
      .reply(503, "upstream error")
      .post("/graphql/v2")
      .reply(200, { data: { project: null } })
      .post("/graphql/v2")
      .reply(503, "upstream error");
    expect(await client.project("p1")).toBeNull();
    const e = (await rejectionOf(client.serviceDelete({ environmentId: "e", serviceId: "s" }))) as ProviderApiError;
    expect(e.message).toBe("railway: GraphQL ServiceDelete failed: HTTP 503: upstream error");
    expect(client.requestCount).toBe(3);
    expect(time.sleeps).toEqual([1000]);
    expect(scope.isDone()).toBe(true);
  });

  it("a response with no data is an invalid response, not a crash", async () => {
    const client = new RailwayClient({ token: TOKEN, endpoint: "https://railway.test/graphql/v2" });
    nock("https://railway.test").post("/graphql/v2").reply(200, { data: null }, { "content-type": "application/json" });
    const e = (await rejectionOf(client.projects())) as ProviderApiError;
    expect(e.kind).toBe("invalid-response");
  });
});

describe("Railway fromEnv", () => {
  it("reads the documented names and reports a missing token by name only", () => {
    expect(fromEnv({ RAILWAY_TOKEN: TOKEN, RAILWAY_WORKSPACE_ID: "ws1" })).toEqual({ token: TOKEN, tokenKind: "workspace", workspaceId: "ws1" });
    expect(fromEnv({ RAILWAY_PROJECT_TOKEN: "pt-123456", RAILWAY_PROJECT_ID: "p1", RAILWAY_ENVIRONMENT_NAME: "staging" })).toEqual({
      token: "pt-123456",
      tokenKind: "project",
      projectId: "p1",
      environmentName: "staging",
    });
    expect(() => fromEnv({})).toThrow("railway: set RAILWAY_TOKEN (a workspace token) or RAILWAY_PROJECT_TOKEN");
  });
});
