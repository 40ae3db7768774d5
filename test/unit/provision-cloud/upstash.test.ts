import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderApiError, ReadinessTimeoutError } from "../../../src/provision/http/index.js";
import type { RecordedResource } from "../../../src/provision/types.js";
import { createUpstashProvider, fromEnv, type UpstashProviderOptions } from "../../../src/provision/upstash/index.js";
import { errorText, expectFreeOf, fakeClock, logRequests, recordOf, rejectionOf } from "./support.js";

const HOST = "https://api.upstash.com";
const EMAIL = "ops@example.com";
const API_KEY = "2b7c9e41-8d3f-4a6b-b1c2-d3e4f5a6b7c8";
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${API_KEY}`).toString("base64")}`;
const PASSWORD = "AYvTASQgZmY0NDU1Y2EtZWFiNy00";
const REQUEST = { kind: "redis" as const, app: "blog", environment: "pr-12" };

/** A database as the create response returns it (reference §4: includes password, endpoint as a full host). */
const DB = {
  database_id: "96ad0856-03b1-4ee7-9666-e81abd0349e1",
  database_name: "sw-blog-pr-12",
  database_type: "Pay as You Go",
  region: "global",
  port: 6379,
  creation_time: 1740000000,
  state: "active",
  password: PASSWORD,
  user_email: EMAIL,
  endpoint: "eu1-magnetic-lacewing-37090.upstash.io",
  tls: true,
  rest_token: "AYvTASQgrest-token-value-0123456789",
  read_only_rest_token: "AovTASQgro-token-value-0123456789",
  type: "payg",
  primary_region: "us-east-1",
  read_regions: [],
};
const URL_ = `rediss://default:${PASSWORD}@eu1-magnetic-lacewing-37090.upstash.io:6379`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

function provider(extra: Partial<UpstashProviderOptions> = {}) {
  const time = fakeClock();
  return { p: createUpstashProvider({ email: EMAIL, apiKey: API_KEY, clock: time.clock, ...extra }), time };
}

function upstash() {
  const scope = nock(HOST, { reqheaders: { authorization: BASIC } });
  const log = logRequests(scope);
  return { scope, log, calls: () => log.map((r) => `${r.method} ${r.path}`) };
}

describe("Upstash provider: ensure", () => {
  it("first run: lists by name, creates with the documented body, returns rediss://default:<password>@<endpoint>:<port>", async () => {
    const { p, time } = provider();
    const { scope, calls } = upstash();
    scope
      .get("/v2/redis/databases")
      .reply(200, [{ ...DB, database_id: "other", database_name: "sw-shop-pr-12" }])
      .post("/v2/redis/database", { database_name: "sw-blog-pr-12", platform: "aws", primary_region: "us-east-1", read_regions: [], tls: true, eviction: false })
      .reply(200, DB);
    const result = await p.ensure(REQUEST);
    expect(result).toEqual({
      kind: "redis",
      provider: "upstash",
      name: "sw-blog-pr-12",
      ids: { databaseId: DB.database_id, databaseName: "sw-blog-pr-12" },
      url: URL_,
      env: { REDIS_URL: URL_ },
      created: true,
    });
    expect(calls()).toEqual(["GET /v2/redis/databases", "POST /v2/redis/database"]);
    expect(time.sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expectFreeOf(JSON.stringify(recordOf(result)), [API_KEY, PASSWORD, BASIC]);
  });

  it("a duplicate name: the listing finds it, so nothing is created", async () => {
    const { p } = provider();
    const { scope, calls } = upstash();
    scope.get("/v2/redis/databases").reply(200, [DB]);
    const result = await p.ensure(REQUEST);
    expect(result.created).toBe(false);
    expect(result.url).toBe(URL_);
    expect(calls()).toEqual(["GET /v2/redis/databases"]);
    expect(scope.isDone()).toBe(true);
  });

  it("a duplicate name at create time: 'already exists' → lists again and uses it; a listing without the password reads it by id", async () => {
    const { p } = provider();
    const { password: _omitted, ...withoutPassword } = DB;
    const { scope, calls } = upstash();
    scope
      .get("/v2/redis/databases")
      .reply(200, [])
      .post("/v2/redis/database")
      .reply(400, "database already exists")
      .get("/v2/redis/databases")
      .reply(200, [withoutPassword])
      .get(`/v2/redis/database/${DB.database_id}`)
      .reply(200, DB);
    const result = await p.ensure(REQUEST);
    expect(result.created).toBe(false);
    expect(result.url).toBe(URL_);
    expect(calls()).toEqual(["GET /v2/redis/databases", "POST /v2/redis/database", "GET /v2/redis/databases", `GET /v2/redis/database/${DB.database_id}`]);
    expect(scope.isDone()).toBe(true);
  });

  it("a re-run with the recorded id creates nothing: one GET", async () => {
    const { p } = provider();
    const { scope, calls } = upstash();
    scope.get(`/v2/redis/database/${DB.database_id}`).reply(200, DB);
    const recorded: RecordedResource = { kind: "redis", provider: "upstash", name: "sw-blog-pr-12", ids: { databaseId: DB.database_id } };
    const result = await p.ensure(REQUEST, recorded);
    expect(result.created).toBe(false);
    expect(calls()).toEqual([`GET /v2/redis/database/${DB.database_id}`]);
    expect(scope.isDone()).toBe(true);
  });

  it("a recorded id that is gone (404) falls back to the name", async () => {
    const { p } = provider();
    const { scope } = upstash();
    scope.get("/v2/redis/database/gone").reply(404, "database not found").get("/v2/redis/databases").reply(200, [DB]);
    const result = await p.ensure(REQUEST, { kind: "redis", provider: "upstash", name: "sw-blog-pr-12", ids: { databaseId: "gone" } });
    expect(result.ids.databaseId).toBe(DB.database_id);
    expect(scope.isDone()).toBe(true);
  });

  it("429 with Retry-After is honoured through the injected sleep", async () => {
    const { p, time } = provider();
    const { scope } = upstash();
    scope.get("/v2/redis/databases").reply(429, "Too Many Requests", { "Retry-After": "2" }).get("/v2/redis/databases").reply(200, [DB]);
    await p.ensure(REQUEST);
    expect(time.sleeps).toEqual([2_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("errors are readable and never carry the API key, the Basic header or a password", async () => {
    const { p } = provider();
    const { scope } = upstash();
    scope
      .get("/v2/redis/databases")
      .reply(200, [])
      .post("/v2/redis/database")
      .reply(401, `unauthorized: ${EMAIL}:${API_KEY} (${BASIC})`);
    const e = (await rejectionOf(p.ensure(REQUEST))) as ProviderApiError;
    expect(e).toBeInstanceOf(ProviderApiError);
    expect(e.message).toBe(`upstash: POST /redis/database failed: HTTP 401 Unauthorized: unauthorized: ${EMAIL}:[redacted] (Basic [redacted])`);
    expectFreeOf(errorText(e), [API_KEY, BASIC.slice(6)]);
    expect(scope.isDone()).toBe(true);
  });

  it("timeout while waiting for readiness: a database that stays inactive exhausts the budget", async () => {
    const { p, time } = provider({ poll: { intervalMs: 3_000, maxAttempts: 2, deadlineMs: 60_000 } });
    const { scope } = upstash();
    scope
      .get("/v2/redis/databases")
      .reply(200, [{ ...DB, state: "passive" }])
      .get(`/v2/redis/database/${DB.database_id}`)
      .times(2)
      .reply(200, { ...DB, state: "passive" });
    const e = (await rejectionOf(p.ensure(REQUEST))) as ReadinessTimeoutError;
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.message).toBe(
      "upstash: timed out waiting for Upstash database sw-blog-pr-12 to become active after 3s (2 checks; budget: 2 checks every 3s, deadline 1m); last state: passive",
    );
    expect(time.sleeps).toEqual([3_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("handles an endpoint given as a slug, a non-default port and TLS off", async () => {
    const { p } = provider({ tls: false, region: "eu-west-1", plan: "payg" });
    const { scope } = upstash();
    scope
      .get("/v2/redis/databases")
      .reply(200, [])
      .post("/v2/redis/database", { database_name: "sw-blog-pr-12", platform: "aws", primary_region: "eu-west-1", read_regions: [], tls: false, eviction: false, plan: "payg" })
      .reply(200, { ...DB, endpoint: "eu1-magnetic-lacewing-37090", port: 32145, tls: false });
    const result = await p.ensure(REQUEST);
    expect(result.url).toBe(`redis://default:${PASSWORD}@eu1-magnetic-lacewing-37090.upstash.io:32145`);
    expect(scope.isDone()).toBe(true);
  });
});

describe("Upstash provider: destroy", () => {
  it("deletes by recorded id, finds by name without one, and a missing database is fine", async () => {
    const { p } = provider();
    const { scope, calls } = upstash();
    scope
      .delete(`/v2/redis/database/${DB.database_id}`)
      .reply(200, '"OK"')
      .delete("/v2/redis/database/gone")
      .reply(404, "database not found")
      .get("/v2/redis/databases")
      .reply(200, [DB])
      .delete(`/v2/redis/database/${DB.database_id}`)
      .reply(200, '"OK"')
      .get("/v2/redis/databases")
      .reply(200, []);
    await p.destroy({ kind: "redis", provider: "upstash", name: "sw-blog-pr-12", ids: { databaseId: DB.database_id } });
    await p.destroy({ kind: "redis", provider: "upstash", name: "sw-blog-pr-12", ids: { databaseId: "gone" } });
    await p.destroy({ kind: "redis", provider: "upstash", name: "sw-blog-pr-12", ids: {} });
    await p.destroy({ kind: "redis", provider: "upstash", name: "sw-blog-pr-99", ids: {} });
    expect(calls()).toEqual([
      `DELETE /v2/redis/database/${DB.database_id}`,
      "DELETE /v2/redis/database/gone",
      "GET /v2/redis/databases",
      `DELETE /v2/redis/database/${DB.database_id}`,
      "GET /v2/redis/databases",
    ]);
    expect(scope.isDone()).toBe(true);
  });
});

describe("Upstash fromEnv", () => {
  it("reads UPSTASH_EMAIL and UPSTASH_API_KEY, naming what is missing", () => {
    expect(fromEnv({ UPSTASH_EMAIL: EMAIL, UPSTASH_API_KEY: API_KEY, UPSTASH_REGION: "eu-west-1" })).toEqual({ email: EMAIL, apiKey: API_KEY, region: "eu-west-1" });
    expect(() => fromEnv({ UPSTASH_EMAIL: EMAIL })).toThrow("upstash: set UPSTASH_API_KEY");
  });
});
