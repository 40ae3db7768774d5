import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRailwayTarget, RailwayDeployTimeoutError, readTar, type RailwayTargetOptions } from "../../../src/deploy/railway/index.js";
import { DeployError, type RecordedServiceDeployment, type ServiceDeployInput } from "../../../src/deploy/types.js";
import type { ServiceManifest } from "../../../src/spec/manifest.js";
import { renderApp } from "../../../templates/index.js";
import { blogSpec } from "../../fixtures/specs.js";
import { errorText, expectFreeOf, fakeClock, rejectionOf } from "../provision-cloud/support.js";

/**
 * The Railway target against nock, on the documented endpoint and shapes
 * (reference §1): GraphQL POSTs to https://backboard.railway.com/graphql/v2
 * (errors as HTTP 200 with `errors`, 429 with Retry-After) and the `railway up`
 * upload (POST /project/{p}/environment/{e}/up?serviceId=…, gzip of a tar).
 * Every step asserts the operation name, the variables sent and the auth
 * header; a request nothing expects is recorded and fails the test, so
 * "creates nothing new" is checked, not assumed. Time is a fake clock: polls
 * and Retry-After waits are recorded, not slept.
 */

const HOST = "https://backboard.railway.com";
const PATH = "/graphql/v2";
const TOKEN = "rw_ws_5e1d8c0f-77aa-4b1e-9c3e-aa11bb22cc33";
const DB_PASSWORD = "qWfJ8kLmN3pRsT6v";
const JWT_SECRET = "jwt-secret-3c9f1b7e0d2a4c68b5e7f9a1d3c5e7f9";
const ENV = {
  DATABASE_URL: `postgresql://postgres:${DB_PASSWORD}@shinkansen.proxy.rlwy.net:52352/railway`,
  JWT_SECRET,
  NODE_ENV: "production",
};
const SECRETS = [TOKEN, DB_PASSWORD, JWT_SECRET, ENV.DATABASE_URL];
const SHA = "c0ffee".padEnd(40, "1");

const PROJECT_ID = "p-7c1d";
const ENV_ID = "e-prod-1";
const SERVICE_ID = "s-api-9";
const DOMAIN = "sw-blog-production-backend-production.up.railway.app";
const DEPLOYMENT_ID = "d-100";
const LOGS_URL = `https://railway.com/project/${PROJECT_ID}/service/${SERVICE_ID}?environmentId=${ENV_ID}&id=${DEPLOYMENT_ID}`;

const backend = renderApp(blogSpec, { generatorVersion: "0.0.0-test", mode: "offline" }).manifest.services.find((s) => s.role === "backend") as ServiceManifest;

let root: string;
let unmatched: string[];
const onNoMatch = (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
  unmatched.push(`${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
};

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on("no match", onNoMatch);
});
afterAll(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  nock.enableNetConnect();
});
beforeEach(() => {
  unmatched = [];
  root = mkdtempSync(join(tmpdir(), "sw-railway-"));
});
afterEach(() => {
  nock.cleanAll();
  rmSync(root, { recursive: true, force: true });
});

/** A backend checkout with things that must not be uploaded (node_modules, a dotenv file with a secret, ignored build output). */
function checkout(): string {
  const dir = join(root, "backend");
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "express"), { recursive: true });
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "blog-backend", scripts: { start: "node src/server.js" } }));
  writeFileSync(join(dir, "src", "server.js"), "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
  writeFileSync(join(dir, "node_modules", "express", "index.js"), "module.exports = {};\n");
  writeFileSync(join(dir, "dist", "bundle.js"), "built\n");
  writeFileSync(join(dir, ".gitignore"), "dist/\n*.log\n");
  writeFileSync(join(dir, "debug.log"), "noise\n");
  writeFileSync(join(dir, ".env"), `JWT_SECRET=${JWT_SECRET}\n`);
  writeFileSync(join(dir, ".env.example"), "JWT_SECRET=change-me\n");
  return dir;
}

type Answer = { data: unknown } | { errors: { message: string }[]; data: null };
interface Step {
  op: string;
  variables?: Record<string, unknown>;
  answer: Answer;
  status?: number;
  headers?: Record<string, string>;
}

/** Expected GraphQL requests (any order nock allows; the order sent is checked through `sent`). */
function graphql(steps: Step[], auth: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const scope = nock(HOST, { reqheaders: auth });
  for (const step of steps) {
    scope
      .post(PATH, (body: { query: string; operationName: string; variables: Record<string, unknown> }) => {
        if (body.operationName !== step.op) return false;
        if (!new RegExp(`^\\s*(query|mutation) ${step.op}\\b`).test(body.query)) return false;
        // A mismatch is reported (and fails the test at its `unmatched` check) instead of throwing inside nock, which would leave the request hanging.
        if (step.variables && !isDeepStrictEqual(body.variables, step.variables)) {
          unmatched.push(`${step.op} with variables ${JSON.stringify(body.variables)}, expected ${JSON.stringify(step.variables)}`);
          return false;
        }
        return true;
      })
      .reply(step.status ?? 200, step.answer, { "content-type": "application/json", ...step.headers });
  }
  return scope;
}

interface Uploaded {
  files: string[];
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}

/** The upload endpoint: records what was sent (entries of the tar) and answers like backboard. */
function upload(answer: { status?: number; body: unknown; headers?: Record<string, string> }[], auth: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const uploads: Uploaded[] = [];
  const scope = nock(HOST, { reqheaders: { ...auth, "content-type": "application/gzip" } });
  for (const a of answer) {
    scope
      .post(`/project/${PROJECT_ID}/environment/${ENV_ID}/up`)
      .query(true)
      .reply(function (uri, body) {
        const raw = Buffer.isBuffer(body) ? body : typeof body === "string" && /^[0-9a-f]+$/i.test(body) ? Buffer.from(body, "hex") : Buffer.from(String(body), "binary");
        const query = Object.fromEntries(new URL(uri, HOST).searchParams);
        uploads.push({ files: readTar(gunzipSync(raw)).map((e) => e.name), headers: this.req.headers, query });
        return [a.status ?? 200, a.body as nock.Body, a.headers ?? {}];
      });
  }
  return { scope, uploads };
}

function target(extra: Partial<RailwayTargetOptions> = {}) {
  const time = fakeClock();
  const lines: string[] = [];
  const t = createRailwayTarget({ token: TOKEN, clock: time.clock, env: {}, ...extra });
  return { t, time, lines };
}

function input(sourceDir: string, overrides: Partial<ServiceDeployInput> = {}): ServiceDeployInput {
  return { app: "blog", environment: "production", sha: SHA, service: backend, sourceDir, env: { ...ENV }, ...overrides };
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
const dbService = { id: "s-db-42", name: "sw-blog-production-postgres" };
const apiService = { id: SERVICE_ID, name: "sw-blog-production-backend" };
const domainNode = { id: "dom-1", domain: DOMAIN, suffix: "up.railway.app", environmentId: ENV_ID, serviceId: SERVICE_ID, targetPort: 3000, syncStatus: "CREATING" };
const status = (s: string): Step => ({ op: "DeploymentStatus", variables: { id: DEPLOYMENT_ID }, answer: { data: { deployment: { status: s } } } });
const upOk = { body: { deploymentId: DEPLOYMENT_ID, url: `https://${DOMAIN}`, logsUrl: LOGS_URL, deploymentDomain: DOMAIN } };
const variablesSent = { DATABASE_URL: ENV.DATABASE_URL, JWT_SECRET, NODE_ENV: "production", PORT: "3000" };
const settingsSent = { startCommand: "npm start", healthcheckPath: "/health", healthcheckTimeout: 120 };

/** What a successful first deploy recorded (for reruns and failures). */
function recorded(overrides: Record<string, string> = {}): RecordedServiceDeployment {
  return {
    target: "railway",
    service: "backend",
    url: `https://${DOMAIN}`,
    ids: {
      projectId: PROJECT_ID,
      projectName: "sw-blog",
      environmentId: ENV_ID,
      environmentName: "production",
      serviceId: SERVICE_ID,
      serviceName: "sw-blog-production-backend",
      deploymentId: "d-099",
      domainId: "dom-1",
      domain: DOMAIN,
      environment: "production",
      sha: "0".repeat(40),
      configHash: "previous",
      ...overrides,
    },
  };
}

/** Records operation names in the order sent, for every scope. */
function orderOf(...scopesToWatch: nock.Scope[]): string[] {
  const sent: string[] = [];
  for (const scope of scopesToWatch) {
    scope.on("request", (req: { path: string }, _i: unknown, body: string) => {
      if (req.path.startsWith(PATH)) sent.push((JSON.parse(body) as { operationName: string }).operationName);
      else sent.push("upload");
    });
  }
  return sent;
}

describe("Railway target: deploy", () => {
  it("first deploy into the app's existing project: service with its variables, settings from the manifest, one public domain, upload, polled to SUCCESS", async () => {
    const dir = checkout();
    const gql = graphql([
      { op: "Projects", variables: {}, answer: { data: { projects: edges([{ ...projectNode([dbService]), updatedAt: "2026-03-01T00:00:00Z" }]) } } },
      { op: "ServiceCreate", variables: { name: "sw-blog-production-backend", projectId: PROJECT_ID, environmentId: ENV_ID, variables: variablesSent }, answer: { data: { serviceCreate: apiService } } },
      { op: "ServiceInstanceUpdate", variables: { serviceId: SERVICE_ID, environmentId: ENV_ID, input: settingsSent }, answer: { data: { serviceInstanceUpdate: true } } },
      { op: "ServiceDomainCreate", variables: { environmentId: ENV_ID, serviceId: SERVICE_ID, targetPort: 3000 }, answer: { data: { serviceDomainCreate: domainNode } } },
      status("BUILDING"),
      status("DEPLOYING"),
      status("SUCCESS"),
    ]);
    const up = upload([upOk]);
    const sent = orderOf(gql, up.scope);
    const { t, time, lines } = target();

    const result = await t.deploy(input(dir, { log: (l) => lines.push(l) }));

    expect(unmatched).toEqual([]);
    expect(gql.isDone() && up.scope.isDone()).toBe(true);
    expect(sent).toEqual(["Projects", "ServiceCreate", "ServiceInstanceUpdate", "ServiceDomainCreate", "upload", "DeploymentStatus", "DeploymentStatus", "DeploymentStatus"]);
    expect(t.requestCount).toBe(8);
    expect(result).toMatchObject({
      target: "railway",
      service: "backend",
      url: `https://${DOMAIN}`,
      logUrl: LOGS_URL,
      ids: {
        projectId: PROJECT_ID,
        projectName: "sw-blog",
        environmentId: ENV_ID,
        serviceId: SERVICE_ID,
        serviceName: "sw-blog-production-backend",
        deploymentId: DEPLOYMENT_ID,
        domainId: "dom-1",
        domain: DOMAIN,
        environment: "production",
        sha: SHA,
      },
    });
    expect(result.ids.configHash).toMatch(/^[0-9a-f]{32}$/);
    // First check after 20 s, then every 20 s while young.
    expect(time.sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(result.durationMs).toBe(60_000);
    // The upload: the service dir as the archive root, ./-named entries, nothing ignored or secret.
    const [sentUpload] = up.uploads;
    expect(sentUpload?.query).toEqual({ serviceId: SERVICE_ID, message: `stackwright ${SHA.slice(0, 12)} (blog production)` });
    expect(sentUpload?.files.sort()).toEqual(["./.env.example", "./.gitignore", "./package.json", "./src/", "./src/server.js"]);
    // Recorded: ids and URLs only; logs: names, never values.
    expectFreeOf(JSON.stringify({ ...result, logUrl: undefined }), SECRETS);
    expectFreeOf(lines.join("\n"), SECRETS);
    expect(lines).toContain("variables set: DATABASE_URL, JWT_SECRET, NODE_ENV, PORT");
    expect(lines.at(-1)).toBe(`live at https://${DOMAIN} (8 Railway requests)`);
  });

  it("creates the project sw-<app> when the app has none yet (one more request)", async () => {
    const dir = checkout();
    const gql = graphql([
      { op: "Projects", variables: { workspaceId: "ws-1" }, answer: { data: { projects: edges([{ ...projectNode([]), id: "p-other", name: "sw-shop" }]) } } },
      {
        op: "ProjectCreate",
        variables: { name: "sw-blog", description: "Stackwright app blog", workspaceId: "ws-1" },
        answer: { data: { projectCreate: { name: "sw-blog", id: PROJECT_ID, environments: edges([{ id: ENV_ID, name: "production" }]) } } },
      },
      { op: "ServiceCreate", answer: { data: { serviceCreate: apiService } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "ServiceDomainCreate", answer: { data: { serviceDomainCreate: domainNode } } },
      status("SUCCESS"),
    ]);
    const up = upload([upOk]);
    const { t } = target({ workspaceId: "ws-1" });
    const result = await t.deploy(input(dir));
    expect(unmatched).toEqual([]);
    expect(gql.isDone() && up.scope.isDone()).toBe(true);
    expect(result.ids.projectId).toBe(PROJECT_ID);
    expect(t.requestCount).toBe(7);
  });

  it("rerun of the same commit and env: one LatestDeployment check, nothing created or written, the recorded deployment returned", async () => {
    const dir = checkout();
    // A first deploy to get the real record.
    graphql([
      { op: "Projects", answer: { data: { projects: edges([projectNode([dbService])]) } } },
      { op: "ServiceCreate", answer: { data: { serviceCreate: apiService } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "ServiceDomainCreate", answer: { data: { serviceDomainCreate: domainNode } } },
      status("SUCCESS"),
    ]);
    upload([upOk]);
    const first = await target().t.deploy(input(dir));
    nock.cleanAll();
    const previous: RecordedServiceDeployment = { target: first.target, service: first.service, url: first.url, ids: first.ids };
    const before = structuredClone(previous);

    const gql = graphql([
      { op: "LatestDeployment", variables: { serviceId: SERVICE_ID, environmentId: ENV_ID }, answer: { data: { serviceInstance: { latestDeployment: { id: DEPLOYMENT_ID, status: "SUCCESS" } } } } },
    ]);
    const sent = orderOf(gql);
    const { t, time, lines } = target();
    const again = await t.deploy(input(dir, { previous, log: (l) => lines.push(l) }));

    expect(unmatched).toEqual([]);
    expect(gql.isDone()).toBe(true);
    expect(sent).toEqual(["LatestDeployment"]);
    expect(t.requestCount).toBe(1);
    expect(time.sleeps).toEqual([]);
    expect(again).toMatchObject({ target: "railway", service: "backend", url: previous.url, ids: previous.ids });
    expect(previous).toEqual(before);
    expect(lines.at(-1)).toMatch(/nothing to do \(1 Railway request\)/);
  });

  it("a new commit with recorded ids: reuses project, service and domain (no create mutation), upserts variables without triggering a deploy, uploads", async () => {
    const dir = checkout();
    const gql = graphql([
      { op: "Project", variables: { id: PROJECT_ID }, answer: { data: { project: projectNode([dbService, apiService]) } } },
      { op: "ServiceInstanceUpdate", variables: { serviceId: SERVICE_ID, environmentId: ENV_ID, input: settingsSent }, answer: { data: { serviceInstanceUpdate: true } } },
      {
        op: "VariableCollectionUpsert",
        variables: { projectId: PROJECT_ID, environmentId: ENV_ID, serviceId: SERVICE_ID, variables: variablesSent, skipDeploys: true },
        answer: { data: { variableCollectionUpsert: true } },
      },
      { op: "Domains", variables: { environmentId: ENV_ID, projectId: PROJECT_ID, serviceId: SERVICE_ID }, answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("SUCCESS"),
    ]);
    const up = upload([upOk]);
    const sent = orderOf(gql, up.scope);
    const { t } = target();
    const result = await t.deploy(input(dir, { previous: recorded() }));
    expect(unmatched).toEqual([]);
    expect(gql.isDone() && up.scope.isDone()).toBe(true);
    expect(sent).toEqual(["Project", "ServiceInstanceUpdate", "VariableCollectionUpsert", "Domains", "upload", "DeploymentStatus"]);
    expect(sent.some((op) => /Create$/.test(op))).toBe(false);
    expect(t.requestCount).toBe(6);
    expect(result.url).toBe(`https://${DOMAIN}`);
    expect(result.ids.deploymentId).toBe(DEPLOYMENT_ID);
  });

  it("a failing build: DeployError phase build with the log excerpt, every env value and the token masked; nothing is sent after the failure and the previous record is untouched", async () => {
    const dir = checkout();
    const previous = recorded();
    const before = structuredClone(previous);
    const gql = graphql([
      { op: "Project", answer: { data: { project: projectNode([dbService, apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("BUILDING"),
      status("FAILED"),
      {
        op: "buildLogs",
        variables: { deploymentId: DEPLOYMENT_ID, limit: 500 },
        answer: {
          data: {
            buildLogs: [
              { timestamp: "2026-03-01T12:00:03Z", message: "npm ERR! code ELIFECYCLE", severity: "error" },
              { timestamp: "2026-03-01T12:00:01Z", message: "[Railpack] npm ci", severity: "info" },
              { timestamp: "2026-03-01T12:00:02Z", message: `connecting to ${ENV.DATABASE_URL} with ${JWT_SECRET} and ${TOKEN}`, severity: "info" },
              { timestamp: "2026-03-01T12:00:04Z", message: "\u001b[31mBuild failed with 1 error\u001b[0m", severity: "error" },
            ],
          },
        },
      },
    ]);
    const up = upload([upOk]);
    const sent = orderOf(gql, up.scope);
    const { t } = target();

    const error = await rejectionOf(t.deploy(input(dir, { previous })));

    expect(error).toBeInstanceOf(DeployError);
    const deployError = error as DeployError;
    expect(deployError.phase).toBe("build");
    expect(deployError.logUrl).toBe(LOGS_URL);
    expect(deployError.message).toContain(`railway backend: build failed: deployment ${DEPLOYMENT_ID} FAILED: the build failed; the previous deployment stays live`);
    // Chronological excerpt, colours stripped, secrets masked.
    expect(deployError.message).toMatch(/\[Railpack\] npm ci\nconnecting to .*\nnpm ERR! code ELIFECYCLE\nBuild failed with 1 error$/);
    expectFreeOf(errorText(error), SECRETS);
    expect(deployError.message).toContain("[redacted]");
    // After FAILED only the log was read: no removal, no domain or variable change.
    expect(sent.slice(sent.indexOf("upload"))).toEqual(["upload", "DeploymentStatus", "DeploymentStatus", "buildLogs"]);
    expect(unmatched).toEqual([]);
    expect(gql.isDone()).toBe(true);
    expect(previous).toEqual(before);
  });

  it("a failed health check after the build: phase health, build and deploy logs quoted", async () => {
    const dir = checkout();
    graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("DEPLOYING"),
      status("FAILED"),
      { op: "buildLogs", answer: { data: { buildLogs: [{ timestamp: "2026-03-01T12:00:01Z", message: "Healthcheck failed!", severity: "error" }] } } },
      { op: "DeploymentLogs", variables: { deploymentId: DEPLOYMENT_ID, limit: 500 }, answer: { data: { deploymentLogs: [{ timestamp: "2026-03-01T12:00:02Z", message: "Error: JWT_SECRET is too short", severity: "error" }] } } },
    ]);
    upload([upOk]);
    const error = (await rejectionOf(target().t.deploy(input(dir, { previous: recorded() })))) as DeployError;
    expect(error.phase).toBe("health");
    expect(error.message).toContain("the service did not answer 200 on /health in time; the previous deployment stays live");
    expect(error.message).toContain("Healthcheck failed!\n--- deploy logs ---\nError: JWT_SECRET is too short");
    expect(unmatched).toEqual([]);
  });

  it("a crash after starting: phase start with the deploy log", async () => {
    const dir = checkout();
    graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("CRASHED"),
      { op: "DeploymentLogs", answer: { data: { deploymentLogs: [{ timestamp: "2026-03-01T12:00:02Z", message: `Error: connect ECONNREFUSED ${ENV.DATABASE_URL}`, severity: "error" }] } } },
    ]);
    upload([upOk]);
    const error = (await rejectionOf(target().t.deploy(input(dir, { previous: recorded() })))) as DeployError;
    expect(error.phase).toBe("start");
    expect(error.message).toContain(`deployment ${DEPLOYMENT_ID} CRASHED: the service crashed after starting; the previous deployment stays live`);
    expect(error.message).toContain("Error: connect ECONNREFUSED");
    expectFreeOf(errorText(error), SECRETS);
    expect(unmatched).toEqual([]);
  });

  it("a rerun whose recorded deployment is no longer the live one deploys again, reusing everything (no create mutation)", async () => {
    const dir = checkout();
    // The record of a real first deploy of this commit and env.
    graphql([
      { op: "Projects", answer: { data: { projects: edges([projectNode([dbService])]) } } },
      { op: "ServiceCreate", answer: { data: { serviceCreate: apiService } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "ServiceDomainCreate", answer: { data: { serviceDomainCreate: domainNode } } },
      status("SUCCESS"),
    ]);
    upload([upOk]);
    const first = await target().t.deploy(input(dir));
    nock.cleanAll();

    const gql = graphql([
      { op: "LatestDeployment", answer: { data: { serviceInstance: { latestDeployment: { id: "d-101", status: "CRASHED" } } } } },
      { op: "Project", answer: { data: { project: projectNode([dbService, apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      { op: "DeploymentStatus", variables: { id: "d-102" }, answer: { data: { deployment: { status: "SUCCESS" } } } },
    ]);
    const up = upload([{ body: { ...upOk.body, deploymentId: "d-102" } }]);
    const sent = orderOf(gql, up.scope);
    const { t } = target();
    const again = await t.deploy(input(dir, { previous: { target: first.target, service: first.service, url: first.url, ids: first.ids } }));
    expect(sent).toEqual(["LatestDeployment", "Project", "ServiceInstanceUpdate", "VariableCollectionUpsert", "Domains", "upload", "DeploymentStatus"]);
    expect(again.ids.deploymentId).toBe("d-102");
    expect(again.url).toBe(first.url);
    expect(again.ids.configHash).toBe(first.ids.configHash);
    expect(unmatched).toEqual([]);
    expect(t.requestCount).toBe(7);
  });

  it("a 429 is retried after its Retry-After (GraphQL and upload alike), through the injected clock", async () => {
    const dir = checkout();
    const gql = graphql([
      // The CLI's test double: 429 with Retry-After and {"data": null}.
      { op: "Projects", status: 429, headers: { "retry-after": "7" }, answer: { data: null } },
      { op: "Projects", answer: { data: { projects: edges([projectNode([dbService, apiService])]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("SUCCESS"),
    ]);
    const up = upload([{ status: 429, body: "", headers: { "retry-after": "3" } }, upOk]);
    const sent = orderOf(gql, up.scope);
    const { t, time } = target();
    const result = await t.deploy(input(dir));
    expect(result.url).toBe(`https://${DOMAIN}`);
    expect(unmatched).toEqual([]);
    expect(gql.isDone() && up.scope.isDone()).toBe(true);
    expect(sent).toEqual(["Projects", "Projects", "ServiceInstanceUpdate", "VariableCollectionUpsert", "Domains", "upload", "upload", "DeploymentStatus"]);
    expect(time.sleeps).toEqual([7_000, 3_000, 20_000]);
    expect(t.requestCount).toBe(8);
    expect(up.uploads).toHaveLength(2);
  });

  it("a 429 asking for longer than the wait budget fails at once, saying when to retry", async () => {
    const dir = checkout();
    graphql([{ op: "Projects", status: 429, headers: { "retry-after": "3600" }, answer: { data: null } }]);
    const { t, time } = target();
    const error = (await rejectionOf(t.deploy(input(dir)))) as DeployError;
    expect(error).toBeInstanceOf(DeployError);
    expect(error.phase).toBe("configure");
    expect(error.message).toMatch(/GraphQL Projects failed: rate limited \(HTTP 429\): the server asked to retry after 1h/);
    expect(time.sleeps).toEqual([]);
    expect(t.requestCount).toBe(1);
  });

  it("GraphQL errors come as HTTP 200: a readable DeployError naming the operation, the token never in it", async () => {
    const dir = checkout();
    graphql([{ op: "Projects", answer: { errors: [{ message: "Not Authorized" }], data: null } }]);
    const error = (await rejectionOf(target().t.deploy(input(dir)))) as DeployError;
    expect(error.phase).toBe("configure");
    expect(error.message).toBe("railway backend: configure failed: finding the Railway project: railway: GraphQL Projects failed: Not Authorized");
    expectFreeOf(errorText(error), SECRETS);

    // A message echoing the token or a variable value is masked.
    nock.cleanAll();
    graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { errors: [{ message: `Invalid value ${JWT_SECRET} (token ${TOKEN})` }], data: null } },
    ]);
    const echoed = (await rejectionOf(target().t.deploy(input(dir, { previous: recorded() })))) as DeployError;
    expect(echoed.message).toMatch(/setting the service variables: railway: GraphQL VariableCollectionUpsert failed: Invalid value \[redacted\] \(token \[redacted\]\)/);
    expectFreeOf(errorText(echoed), SECRETS);
  });

  it("the polling budget runs out: RailwayDeployTimeoutError (a DeployError) with the checks made and the last status, and no more requests", async () => {
    const dir = checkout();
    const gql = graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      status("QUEUED"),
      status("BUILDING"),
      status("BUILDING"),
    ]);
    upload([upOk]);
    const { t, time } = target({ poll: { maxChecks: 3 } });
    const error = await rejectionOf(t.deploy(input(dir, { previous: recorded() })));
    expect(error).toBeInstanceOf(RailwayDeployTimeoutError);
    expect(error).toBeInstanceOf(DeployError);
    const timeout = error as RailwayDeployTimeoutError;
    expect(timeout.phase).toBe("build");
    expect(timeout.checks).toBe(3);
    expect(timeout.lastStatus).toBe("BUILDING");
    expect(timeout.deploymentId).toBe(DEPLOYMENT_ID);
    expect(timeout.logUrl).toBe(LOGS_URL);
    expect(timeout.message).toMatch(/was still BUILDING after 3 checks over 1m \(budget: 3 checks, 15m\).*the previous deployment keeps serving/);
    expect(time.sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(gql.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(t.requestCount).toBe(8);
  });

  it("the deadline bounds the wait too, and checks slow down to 30 s after two minutes", async () => {
    const dir = checkout();
    graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
      ...Array.from({ length: 8 }, () => status("DEPLOYING")),
    ]);
    upload([upOk]);
    const { t, time } = target({ poll: { deadlineMs: 200_000 } });
    const error = (await rejectionOf(t.deploy(input(dir, { previous: recorded() })))) as RailwayDeployTimeoutError;
    expect(error).toBeInstanceOf(RailwayDeployTimeoutError);
    expect(error.phase).toBe("health");
    expect(time.sleeps).toEqual([20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 30_000, 30_000]);
    expect(error.checks).toBe(8);
  });

  it("a rejected upload (413) is a DeployError phase upload; the deployment was never created", async () => {
    const dir = checkout();
    graphql([
      { op: "Project", answer: { data: { project: projectNode([apiService]) } } },
      { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
      { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
      { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
    ]);
    upload([{ status: 413, body: "Payload Too Large" }]);
    const error = (await rejectionOf(target().t.deploy(input(dir, { previous: recorded() })))) as DeployError;
    expect(error.phase).toBe("upload");
    expect(error.message).toMatch(/uploading the source: the archive is too large \(\d+ bytes compressed\): Payload Too Large; the previous deployment stays live/);
    expect(unmatched).toEqual([]);
  });

  it("a project token goes in Project-Access-Token, for GraphQL and the upload; its project comes from projectToken", async () => {
    const dir = checkout();
    const auth = { "project-access-token": TOKEN };
    const gql = graphql(
      [
        { op: "ProjectToken", answer: { data: { projectToken: { projectId: PROJECT_ID, environmentId: ENV_ID } } } },
        { op: "Project", variables: { id: PROJECT_ID }, answer: { data: { project: projectNode([apiService]) } } },
        { op: "ServiceInstanceUpdate", answer: { data: { serviceInstanceUpdate: true } } },
        { op: "VariableCollectionUpsert", answer: { data: { variableCollectionUpsert: true } } },
        { op: "Domains", answer: { data: { domains: { serviceDomains: [domainNode], customDomains: [] } } } },
        status("SUCCESS"),
      ],
      auth,
    );
    const up = upload([upOk], auth);
    const { t } = target({ token: undefined, env: { RAILWAY_PROJECT_TOKEN: TOKEN } });
    await t.deploy(input(dir));
    expect(gql.isDone() && up.scope.isDone()).toBe(true);
    expect(up.uploads[0]?.headers.authorization).toBeUndefined();
    expect(unmatched).toEqual([]);
  });

  it("without a token: DeployError phase configure naming the variables, no request", async () => {
    const { t } = target({ token: undefined, env: {} });
    const error = (await rejectionOf(t.deploy(input(checkout())))) as DeployError;
    expect(error.phase).toBe("configure");
    expect(error.message).toContain("set RAILWAY_TOKEN (a workspace token) or RAILWAY_PROJECT_TOKEN");
    expect(t.requestCount).toBe(0);
  });

  it("supports backends only", () => {
    const { t } = target();
    expect(t.supports(backend)).toBe(true);
    expect(t.supports({ ...backend, role: "frontend", framework: "react-vite" })).toBe(false);
  });
});

describe("Railway target: stop", () => {
  it("a preview: deletes its service (deployments, domain, variables go with it); again when already gone is fine", async () => {
    const gql = graphql([
      { op: "ServiceDelete", variables: { environmentId: ENV_ID, serviceId: "s-pr-12" }, answer: { data: { serviceDelete: true } } },
      { op: "ServiceDelete", variables: { environmentId: ENV_ID, serviceId: "s-pr-12" }, answer: { errors: [{ message: "Service not found" }], data: null } },
    ]);
    const preview = recorded({ serviceId: "s-pr-12", serviceName: "sw-blog-pr-12-backend", environment: "pr-12" });
    const { t } = target();
    await t.stop(preview);
    await t.stop(preview);
    expect(gql.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it("production: removes the live deployments and keeps the service, its domain and variables", async () => {
    const gql = graphql([
      {
        op: "Deployments",
        variables: { input: { projectId: PROJECT_ID, environmentId: ENV_ID, serviceId: SERVICE_ID, status: { in: ["SUCCESS", "SLEEPING"] } } },
        answer: { data: { deployments: edges([{ id: "d-099", createdAt: "2026-03-01T00:00:00Z", status: "SUCCESS", meta: {} }]) } },
      },
      { op: "DeploymentRemove", variables: { id: "d-099" }, answer: { data: { deploymentRemove: true } } },
      { op: "Deployments", answer: { data: { deployments: edges([]) } } },
    ]);
    const sent = orderOf(gql);
    const { t } = target();
    await t.stop(recorded());
    await t.stop(recorded());
    expect(sent).toEqual(["Deployments", "DeploymentRemove", "Deployments"]);
    expect(gql.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});
