import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderApiError, ReadinessFailedError, ReadinessTimeoutError } from "../../../src/provision/http/index.js";
import { createNeonProvider, fromEnv, type NeonProviderOptions } from "../../../src/provision/neon/index.js";
import type { RecordedResource } from "../../../src/provision/types.js";
import { errorText, expectFreeOf, fakeClock, logRequests, recordOf, rejectionOf } from "./support.js";

const HOST = "https://console.neon.tech";
const API_KEY = "napi_k3y0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijk";
const PROJECT = "cold-bonus-61650555";
const PASSWORD = "AbC123dEf456";
const PREVIEW_URI = `postgresql://neondb_owner:${PASSWORD}@ep-bold-sun-a5x1.us-east-2.aws.neon.tech/neondb?sslmode=require`;
const MAIN_URI = `postgresql://neondb_owner:${PASSWORD}@ep-misty-truth-a5favp6j.us-east-2.aws.neon.tech/neondb?sslmode=require`;

const MAIN = { id: "br-square-dawn-a5kwozbg", project_id: PROJECT, name: "main", current_state: "ready", default: true, primary: true };
const PREVIEW = { id: "br-pr12-a1b2c3", project_id: PROJECT, name: "sw-blog-pr-12", current_state: "ready", default: false, primary: false };
const PREVIEW_REQUEST = { kind: "postgres" as const, app: "blog", environment: "pr-12" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

function neon() {
  const scope = nock(`${HOST}`, { reqheaders: { authorization: `Bearer ${API_KEY}` } });
  const log = logRequests(scope);
  return { scope, log, calls: () => log.map((r) => `${r.method} ${r.path}`) };
}

function provider(extra: Partial<NeonProviderOptions> = {}) {
  const time = fakeClock();
  return { p: createNeonProvider({ apiKey: API_KEY, projectId: PROJECT, clock: time.clock, ...extra }), time };
}

const uriQuery = (branchId: string) => ({ branch_id: branchId, database_name: "neondb", role_name: "neondb_owner", pooled: "false" });
const operation = (id: string, action: string, status: string) => ({
  id,
  project_id: PROJECT,
  branch_id: PREVIEW.id,
  action,
  status,
  failures_count: 0,
  created_at: "2026-03-01T12:00:00Z",
  updated_at: "2026-03-01T12:00:01Z",
  total_duration_ms: 100,
});

describe("Neon provider: preview branches", () => {
  it("first run: searches by name, creates the branch with a read-write endpoint, waits for its operations, returns the connection URI", async () => {
    const { p, time } = provider();
    const { scope, log, calls } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-12" })
      .reply(200, { branches: [{ ...PREVIEW, id: "br-other", name: "sw-blog-pr-120" }] })
      .post(`/api/v2/projects/${PROJECT}/branches`, { branch: { name: "sw-blog-pr-12" }, endpoints: [{ type: "read_write" }] })
      .reply(201, {
        branch: { ...PREVIEW, current_state: "init", pending_state: "ready" },
        endpoints: [{ id: "ep-bold-sun-a5x1", host: "ep-bold-sun-a5x1.us-east-2.aws.neon.tech", type: "read_write", current_state: "init" }],
        operations: [operation("op-1", "create_branch", "running"), operation("op-2", "start_compute", "scheduling")],
      })
      .get(`/api/v2/projects/${PROJECT}/operations/op-1`)
      .reply(200, { operation: operation("op-1", "create_branch", "finished") })
      .get(`/api/v2/projects/${PROJECT}/operations/op-2`)
      .reply(200, { operation: operation("op-2", "start_compute", "running") })
      .get(`/api/v2/projects/${PROJECT}/operations/op-2`)
      .reply(200, { operation: operation("op-2", "start_compute", "finished") })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(uriQuery(PREVIEW.id))
      .reply(200, { uri: PREVIEW_URI });
    const result = await p.ensure(PREVIEW_REQUEST);
    expect(result).toEqual({
      kind: "postgres",
      provider: "neon",
      name: "sw-blog-pr-12",
      ids: { projectId: PROJECT, branchId: PREVIEW.id, branchName: "sw-blog-pr-12", branchRole: "preview" },
      url: PREVIEW_URI,
      env: { DATABASE_URL: PREVIEW_URI },
      created: true,
    });
    expect(calls()).toEqual([
      `GET /api/v2/projects/${PROJECT}/branches?search=sw-blog-pr-12`,
      `POST /api/v2/projects/${PROJECT}/branches`,
      `GET /api/v2/projects/${PROJECT}/operations/op-1`,
      `GET /api/v2/projects/${PROJECT}/operations/op-2`,
      `GET /api/v2/projects/${PROJECT}/operations/op-2`,
      `GET /api/v2/projects/${PROJECT}/connection_uri?branch_id=${PREVIEW.id}&database_name=neondb&role_name=neondb_owner&pooled=false`,
    ]);
    expect(log[1]?.headers["content-type"]).toBe("application/json");
    expect(time.sleeps).toEqual([2_000]);
    expect(scope.isDone()).toBe(true);
    expectFreeOf(JSON.stringify(recordOf(result)), [API_KEY, PASSWORD]);
  });

  it("a duplicate name: the search finds the branch, so nothing is created", async () => {
    const { p } = provider();
    const { scope, calls } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-12" })
      .reply(200, { branches: [PREVIEW] })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(uriQuery(PREVIEW.id))
      .reply(200, { uri: PREVIEW_URI });
    const result = await p.ensure(PREVIEW_REQUEST);
    expect(result.created).toBe(false);
    expect(calls().some((c) => c.startsWith("POST"))).toBe(false);
    expect(scope.isDone()).toBe(true);
  });

  it("a duplicate name at create time (409): reads the branch by name instead", async () => {
    const { p } = provider();
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-12" })
      .reply(200, { branches: [] })
      .post(`/api/v2/projects/${PROJECT}/branches`)
      .reply(409, { code: "BRANCH_ALREADY_EXISTS", message: "branch with name sw-blog-pr-12 already exists", request_id: "r1" })
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-12" })
      .reply(200, { branches: [PREVIEW] })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(true)
      .reply(200, { uri: PREVIEW_URI });
    const result = await p.ensure(PREVIEW_REQUEST);
    expect(result.ids.branchId).toBe(PREVIEW.id);
    expect(result.created).toBe(false);
    expect(scope.isDone()).toBe(true);
  });

  it("a re-run with the recorded branch id creates nothing: 2 GETs", async () => {
    const { p } = provider();
    const { scope, calls } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`)
      .reply(200, { branch: PREVIEW })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(uriQuery(PREVIEW.id))
      .reply(200, { uri: PREVIEW_URI });
    const recorded: RecordedResource = { kind: "postgres", provider: "neon", name: "sw-blog-pr-12", ids: { projectId: PROJECT, branchId: PREVIEW.id, branchRole: "preview" } };
    const result = await p.ensure(PREVIEW_REQUEST, recorded);
    expect(result.created).toBe(false);
    expect(calls()).toEqual([`GET /api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`, expect.stringContaining("/connection_uri?")]);
    expect(scope.isDone()).toBe(true);
  });

  it("a recorded branch that is gone (404) falls back to the name", async () => {
    const { p } = provider();
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches/br-gone`)
      .reply(404, { code: "", message: "branch not found" })
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-12" })
      .reply(200, { branches: [PREVIEW] })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(true)
      .reply(200, { uri: PREVIEW_URI });
    const result = await p.ensure(PREVIEW_REQUEST, { kind: "postgres", provider: "neon", name: "sw-blog-pr-12", ids: { branchId: "br-gone" } });
    expect(result.ids.branchId).toBe(PREVIEW.id);
    expect(scope.isDone()).toBe(true);
  });

  it("429 with Retry-After is honoured through the injected sleep", async () => {
    const { p, time } = provider();
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query(true)
      .reply(429, { code: "", message: "rate limit exceeded" }, { "Retry-After": "3" })
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query(true)
      .reply(200, { branches: [PREVIEW] })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query(true)
      .reply(200, { uri: PREVIEW_URI });
    await p.ensure(PREVIEW_REQUEST);
    expect(time.sleeps).toEqual([3_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("an API error names the operation and Neon's message, never the key", async () => {
    const { p } = provider();
    const { scope } = neon();
    scope.get(`/api/v2/projects/${PROJECT}/branches`).query(true).reply(401, { code: "", message: `invalid API key ${API_KEY}` });
    const e = (await rejectionOf(p.ensure(PREVIEW_REQUEST))) as ProviderApiError;
    expect(e).toBeInstanceOf(ProviderApiError);
    expect(e.message).toBe("neon: GET /projects/{project_id}/branches failed: HTTP 401 Unauthorized: invalid API key [redacted]");
    expectFreeOf(errorText(e), [API_KEY]);
  });

  it("timeout while waiting for readiness: an operation that never finishes exhausts the budget", async () => {
    const { p, time } = provider({ poll: { intervalMs: 1_000, maxAttempts: 3, deadlineMs: 60_000 } });
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query(true)
      .reply(200, { branches: [] })
      .post(`/api/v2/projects/${PROJECT}/branches`)
      .reply(201, { branch: PREVIEW, endpoints: [], operations: [operation("op-9", "start_compute", "scheduling")] })
      .get(`/api/v2/projects/${PROJECT}/operations/op-9`)
      .times(3)
      .reply(200, { operation: operation("op-9", "start_compute", "running") });
    const e = await rejectionOf(p.ensure(PREVIEW_REQUEST));
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.message).toBe(
      "neon: timed out waiting for Neon branch sw-blog-pr-12's operations (start_compute) to finish after 2s (3 checks; budget: 3 checks every 1s, deadline 1m); last state: start_compute: running",
    );
    expect(time.sleeps).toEqual([1_000, 1_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("a failed operation stops the wait at once", async () => {
    const { p } = provider();
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query(true)
      .reply(200, { branches: [] })
      .post(`/api/v2/projects/${PROJECT}/branches`)
      .reply(201, { branch: PREVIEW, operations: [operation("op-3", "create_timeline", "running")] })
      .get(`/api/v2/projects/${PROJECT}/operations/op-3`)
      .reply(200, { operation: operation("op-3", "create_timeline", "failed") });
    const e = await rejectionOf(p.ensure(PREVIEW_REQUEST));
    expect(e).toBeInstanceOf(ReadinessFailedError);
    expect(e.message).toBe("neon: Neon operation create_timeline on branch sw-blog-pr-12 failed: failed");
  });
});

describe("Neon provider: production uses the default branch", () => {
  it("finds the default branch, creates nothing, honours database/role/pooled options", async () => {
    const { p } = provider({ databaseName: "app", roleName: "app_owner", pooled: true });
    const { scope, calls } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .reply(200, { branches: [PREVIEW, MAIN] })
      .get(`/api/v2/projects/${PROJECT}/connection_uri`)
      .query({ branch_id: MAIN.id, database_name: "app", role_name: "app_owner", pooled: "true" })
      .reply(200, { uri: MAIN_URI });
    const result = await p.ensure({ kind: "postgres", app: "blog", environment: "production" });
    expect(result.ids).toEqual({ projectId: PROJECT, branchId: MAIN.id, branchName: "main", branchRole: "default" });
    expect(result.created).toBe(false);
    expect(calls()).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
  });

  it("waits for a default branch still in init, within the budget", async () => {
    const { p, time } = provider({ poll: { intervalMs: 5_000, maxAttempts: 2, deadlineMs: 60_000 } });
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .reply(200, { branches: [{ ...MAIN, current_state: "init" }] })
      .get(`/api/v2/projects/${PROJECT}/branches/${MAIN.id}`)
      .times(2)
      .reply(200, { branch: { ...MAIN, current_state: "init" } });
    const e = (await rejectionOf(p.ensure({ kind: "postgres", app: "blog", environment: "production" }))) as ReadinessTimeoutError;
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.waitedFor).toBe('Neon branch main to leave state "init"');
    expect(time.sleeps).toEqual([5_000, 5_000]);
    expect(scope.isDone()).toBe(true);
  });
});

describe("Neon provider: destroy", () => {
  it("deletes the preview branch only", async () => {
    const { p } = provider();
    const { scope, calls } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`)
      .reply(200, { branch: PREVIEW })
      .delete(`/api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`)
      .reply(200, { branch: PREVIEW, operations: [] });
    await p.destroy({ kind: "postgres", provider: "neon", name: "sw-blog-pr-12", ids: { projectId: PROJECT, branchId: PREVIEW.id, branchRole: "preview" } });
    expect(calls()).toEqual([`GET /api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`, `DELETE /api/v2/projects/${PROJECT}/branches/${PREVIEW.id}`]);
    expect(scope.isDone()).toBe(true);
  });

  it("never deletes the default branch (recorded as production's, or found to be the default)", async () => {
    const { p } = provider();
    const { scope, calls } = neon();
    scope.get(`/api/v2/projects/${PROJECT}/branches/${MAIN.id}`).reply(200, { branch: MAIN });
    await p.destroy({ kind: "postgres", provider: "neon", name: "sw-blog-production", ids: { projectId: PROJECT, branchId: MAIN.id, branchRole: "default" } });
    await p.destroy({ kind: "postgres", provider: "neon", name: "tampered", ids: { projectId: PROJECT, branchId: MAIN.id, branchRole: "preview" } });
    expect(calls()).toEqual([`GET /api/v2/projects/${PROJECT}/branches/${MAIN.id}`]);
    expect(scope.isDone()).toBe(true);
  });

  it("a missing branch is fine (by id, or by name)", async () => {
    const { p } = provider();
    const { scope } = neon();
    scope
      .get(`/api/v2/projects/${PROJECT}/branches/br-gone`)
      .reply(404, { code: "", message: "not found" })
      .get(`/api/v2/projects/${PROJECT}/branches`)
      .query({ search: "sw-blog-pr-9" })
      .reply(200, { branches: [] });
    await p.destroy({ kind: "postgres", provider: "neon", name: "sw-blog-pr-12", ids: { projectId: PROJECT, branchId: "br-gone" } });
    await p.destroy({ kind: "postgres", provider: "neon", name: "sw-blog-pr-9", ids: {} });
    expect(scope.isDone()).toBe(true);
  });
});

describe("Neon fromEnv", () => {
  it("reads NEON_API_KEY and NEON_PROJECT_ID, naming what is missing", () => {
    expect(fromEnv({ NEON_API_KEY: API_KEY, NEON_PROJECT_ID: PROJECT, NEON_POOLED: "true" })).toEqual({ apiKey: API_KEY, projectId: PROJECT, pooled: true });
    expect(() => fromEnv({ NEON_API_KEY: API_KEY })).toThrow("neon: set NEON_PROJECT_ID");
    expect(() => fromEnv({})).toThrow("neon: set NEON_API_KEY and NEON_PROJECT_ID");
  });
});
