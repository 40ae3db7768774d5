import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AtlasProviderOptions, createAtlasProvider, fromEnv } from "../../../src/provision/atlas/index.js";
import { ProviderApiError, ReadinessTimeoutError } from "../../../src/provision/http/index.js";
import type { RecordedResource } from "../../../src/provision/types.js";
import { errorText, expectFreeOf, fakeClock, logRequests, recordOf, rejectionOf } from "./support.js";

const HOST = "https://cloud.mongodb.com";
const API = "/api/atlas/v2";
const GROUP = "5f1a2b3c4d5e6f7a8b9c0d1e";
const CLIENT_ID = "mdb_sa_id_65f0a1b2c3d4e5f6a7b8c9d0";
const CLIENT_SECRET = "mdb_sa_sk_Zr8QpLmN4vXy7TbK2wHs9DfGj3";
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZGJfc2EifQ.c2lnbmF0dXJlLXRlc3Q";
const SRV = "mongodb+srv://sw-blog.abcd1.mongodb.net";
const USER = "sw-blog-production";
const PASSWORD = createHmac("sha256", CLIENT_SECRET).update(`${GROUP}:${USER}`).digest("base64url").slice(0, 32);
const EXPECTED_URL = `mongodb+srv://${USER}:${encodeURIComponent(PASSWORD)}@sw-blog.abcd1.mongodb.net/${USER}?retryWrites=true&w=majority`;
const REQUEST = { kind: "mongodb" as const, app: "blog", environment: "production" };

const CLUSTERS = "application/vnd.atlas.2024-10-23+json";
const FLEX = "application/vnd.atlas.2024-11-13+json";
const V2023 = "application/vnd.atlas.2023-01-01+json";

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

function provider(extra: Partial<AtlasProviderOptions> = {}) {
  const time = fakeClock();
  const p = createAtlasProvider({
    credentials: { kind: "service-account", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    projectId: GROUP,
    clock: time.clock,
    ...extra,
  });
  return { p, time };
}

/** The OAuth token exchange, checked exactly: Basic client credentials, form body. */
function tokenScope() {
  return nock(HOST, {
    reqheaders: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
  })
    .post("/api/oauth/token", "grant_type=client_credentials")
    .reply(200, { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 });
}

function atlas() {
  const scope = nock(HOST, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });
  const log = logRequests(scope);
  return { scope, log, calls: () => log.map((r) => `${r.method} ${r.path}`) };
}

const cluster = (stateName: string, srv: string | undefined = SRV) => ({
  id: "65f0c1d2e3f4a5b6c7d8e9f0",
  groupId: GROUP,
  name: "sw-blog",
  stateName,
  mongoDBVersion: "8.0.4",
  clusterType: "REPLICASET",
  ...(srv ? { connectionStrings: { standardSrv: srv, standard: "mongodb://sw-blog-shard-00-00.abcd1.mongodb.net:27017" } } : {}),
  createDate: "2026-03-01T12:00:00Z",
});
const userBody = (username = USER, password = PASSWORD) => ({
  groupId: GROUP,
  databaseName: "admin",
  username,
  password,
  roles: [{ databaseName: username, roleName: "readWrite" }],
  scopes: [{ name: "sw-blog", type: "CLUSTER" }],
});
const notFound = (detail: string) => ({ error: 404, errorCode: "RESOURCE_NOT_FOUND", reason: "Not Found", detail, parameters: [] });

describe("Atlas provider: ensure", () => {
  it("first run: M0 cluster, wait for IDLE, database user, access list entry (wait ACTIVE), SRV URL with credentials", async () => {
    const { p, time } = provider();
    const token = tokenScope();
    const { scope, log, calls } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(404, notFound("No cluster named sw-blog exists in group."))
      .post(`${API}/groups/${GROUP}/clusters`, {
        name: "sw-blog",
        clusterType: "REPLICASET",
        replicationSpecs: [
          { regionConfigs: [{ providerName: "TENANT", backingProviderName: "AWS", regionName: "US_EAST_1", priority: 7, electableSpecs: { instanceSize: "M0" } }] },
        ],
      })
      .reply(201, cluster("CREATING", undefined))
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("CREATING", undefined))
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`, userBody())
      .reply(404, notFound("No user with username sw-blog-production exists."))
      .post(`${API}/groups/${GROUP}/databaseUsers`, userBody())
      .reply(201, { ...userBody(), password: undefined })
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(404, notFound("IP address 0.0.0.0/0 not on Atlas access list."))
      .post(`${API}/groups/${GROUP}/accessList`, [{ cidrBlock: "0.0.0.0/0", comment: "Stackwright: apps on hosts without static egress IPs" }])
      .reply(201, { results: [{ cidrBlock: "0.0.0.0/0", groupId: GROUP }], totalCount: 1 })
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0/status`)
      .reply(200, { STATUS: "PENDING" })
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0/status`)
      .reply(200, { STATUS: "ACTIVE" });

    const result = await p.ensure(REQUEST);
    expect(result).toEqual({
      kind: "mongodb",
      provider: "atlas",
      name: USER,
      ids: {
        groupId: GROUP,
        clusterName: "sw-blog",
        clusterId: "65f0c1d2e3f4a5b6c7d8e9f0",
        tier: "M0",
        username: USER,
        databaseName: USER,
        accessListEntry: "0.0.0.0/0",
      },
      url: EXPECTED_URL,
      env: { MONGODB_URL: EXPECTED_URL },
      created: true,
    });
    // Versioned media types per endpoint family (reference §3).
    const media = log.map((r) => [r.method, r.headers.accept, r.headers["content-type"]]);
    expect(media).toEqual([
      ["GET", CLUSTERS, undefined],
      ["POST", CLUSTERS, CLUSTERS],
      ["GET", CLUSTERS, undefined],
      ["GET", CLUSTERS, undefined],
      ["PATCH", V2023, V2023],
      ["POST", V2023, V2023],
      ["GET", V2023, undefined],
      ["POST", V2023, V2023],
      ["GET", V2023, undefined],
      ["GET", V2023, undefined],
    ]);
    expect(calls()).toHaveLength(10);
    // 15 s before the first check of the new cluster, 15 s between; 5 s between access-status checks.
    expect(time.sleeps).toEqual([15_000, 15_000, 5_000]);
    expect(token.isDone()).toBe(true);
    expect(scope.isDone()).toBe(true);
    expectFreeOf(JSON.stringify(recordOf(result)), [CLIENT_SECRET, ACCESS_TOKEN, PASSWORD]);
  });

  it("a re-run with recorded ids creates nothing and returns the same password (derived, not stored): 3 API requests", async () => {
    const { p } = provider();
    tokenScope();
    const { scope, calls } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`, userBody())
      .reply(200, { ...userBody(), password: undefined })
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(200, { cidrBlock: "0.0.0.0/0", groupId: GROUP, comment: "Stackwright" });
    const recorded: RecordedResource = {
      kind: "mongodb",
      provider: "atlas",
      name: USER,
      ids: { groupId: GROUP, clusterName: "sw-blog", tier: "M0", username: USER, databaseName: USER },
    };
    const result = await p.ensure(REQUEST, recorded);
    expect(result.created).toBe(false);
    expect(result.url).toBe(EXPECTED_URL);
    expect(calls().filter((c) => c.startsWith("POST"))).toEqual([]);
    expect(calls()).toHaveLength(3);
    expect(scope.isDone()).toBe(true);
  });

  it("a duplicate name: the cluster create is refused as a duplicate, and the user create too → both are read instead", async () => {
    const { p } = provider();
    tokenScope();
    const { scope } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(404, notFound("No cluster named sw-blog exists in group."))
      .post(`${API}/groups/${GROUP}/clusters`)
      .reply(409, { error: 409, errorCode: "DUPLICATE_CLUSTER_NAME", reason: "Conflict", detail: "A cluster named sw-blog is already present in group." })
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`)
      .reply(404, notFound("No user"))
      .post(`${API}/groups/${GROUP}/databaseUsers`)
      .reply(409, { error: 409, errorCode: "USER_ALREADY_EXISTS", reason: "Conflict", detail: "The specified user already exists." })
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`, userBody())
      .reply(200, {})
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(200, { cidrBlock: "0.0.0.0/0" });
    const result = await p.ensure(REQUEST);
    expect(result.created).toBe(false);
    expect(result.url).toBe(EXPECTED_URL);
    expect(scope.isDone()).toBe(true);
  });

  it("429 with Retry-After: honoured through the injected sleep", async () => {
    const { p, time } = provider();
    tokenScope();
    const { scope } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(429, { error: 429, errorCode: "RATE_LIMITED", reason: "Too Many Requests", detail: "Slow down." }, { "Retry-After": "11", "RateLimit-Remaining": "0" })
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`)
      .reply(200, {})
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(200, {});
    await p.ensure(REQUEST);
    expect(time.sleeps).toEqual([11_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("timeout while waiting for readiness: a cluster stuck in CREATING exhausts the budget", async () => {
    const { p } = provider({ poll: { intervalMs: 60_000, maxAttempts: 100, deadlineMs: 5 * 60_000 } });
    tokenScope();
    const { scope } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(404, notFound("none"))
      .post(`${API}/groups/${GROUP}/clusters`)
      .reply(201, cluster("CREATING", undefined))
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .times(5)
      .reply(200, cluster("CREATING", undefined));
    const e = (await rejectionOf(p.ensure(REQUEST))) as ReadinessTimeoutError;
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    expect(e.message).toBe(
      "atlas: timed out waiting for Atlas cluster sw-blog to become IDLE after 5m (5 checks; budget: 100 checks every 1m, deadline 5m); last state: CREATING",
    );
    expect(scope.isDone()).toBe(true);
  });

  it("API errors are readable (Atlas errorCode and detail) and carry no credential, token or password", async () => {
    const { p } = provider();
    tokenScope();
    const { scope } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`)
      .reply(400, {
        error: 400,
        errorCode: "INVALID_ATTRIBUTE",
        reason: "Bad Request",
        detail: `Invalid attribute password ${PASSWORD} for token ${ACCESS_TOKEN}`,
      });
    const e = (await rejectionOf(p.ensure(REQUEST))) as ProviderApiError;
    expect(e).toBeInstanceOf(ProviderApiError);
    expect(e.message).toBe(
      "atlas: PATCH /groups/{groupId}/databaseUsers/admin/{username} failed: HTTP 400 Bad Request: Invalid attribute password [redacted] for token [redacted] (INVALID_ATTRIBUTE)",
    );
    expectFreeOf(errorText(e), [CLIENT_SECRET, ACCESS_TOKEN, PASSWORD]);
    expect(scope.isDone()).toBe(true);
  });

  it("a refused token request is reported without the client secret", async () => {
    const { p } = provider();
    nock(HOST).post("/api/oauth/token").reply(401, { error: "invalid_client", error_description: "Invalid client credentials" });
    const e = await rejectionOf(p.ensure(REQUEST));
    expect(e.message).toBe("atlas: POST /api/oauth/token failed: HTTP 401 Unauthorized: invalid_client");
    expectFreeOf(errorText(e), [CLIENT_SECRET, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")]);
  });

  it("an expired token (401) is refreshed once and the request repeated", async () => {
    const { p } = provider();
    tokenScope();
    nock(HOST).get(`${API}/groups/${GROUP}/clusters/sw-blog`).reply(401, { error: 401, errorCode: "UNAUTHORIZED", reason: "Unauthorized", detail: "expired" });
    nock(HOST, { reqheaders: { authorization: "Bearer fresh-token-0123456789" } })
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`)
      .reply(200, {})
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(200, {});
    const fresh = nock(HOST).post("/api/oauth/token").reply(200, { access_token: "fresh-token-0123456789", token_type: "Bearer", expires_in: 3600 });
    await p.ensure(REQUEST);
    expect(fresh.isDone()).toBe(true);
  });

  it("Flex tier, a shared cluster name, a configured CIDR and password secret: paths, bodies and media types follow the reference", async () => {
    const { p } = provider({ tier: "FLEX", clusterName: "shared", accessListCidr: "203.0.113.7", passwordSecret: "pw-seed-123456", region: "EU_WEST_1" });
    tokenScope();
    const password = createHmac("sha256", "pw-seed-123456").update(`${GROUP}:sw-blog-pr-3`).digest("base64url").slice(0, 32);
    const { scope, log } = atlas();
    scope
      .get(`${API}/groups/${GROUP}/flexClusters/shared`)
      .reply(404, notFound("none"))
      .post(`${API}/groups/${GROUP}/flexClusters`, {
        name: "shared",
        providerSettings: { backingProviderName: "AWS", regionName: "EU_WEST_1" },
        terminationProtectionEnabled: false,
      })
      .reply(201, { ...cluster("IDLE", "mongodb+srv://shared.xyz9.mongodb.net"), name: "shared" })
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/sw-blog-pr-3`, {
        groupId: GROUP,
        databaseName: "admin",
        username: "sw-blog-pr-3",
        password,
        roles: [{ databaseName: "sw-blog-pr-3", roleName: "readWrite" }],
        scopes: [{ name: "shared", type: "CLUSTER" }],
      })
      .reply(200, {})
      .get(`${API}/groups/${GROUP}/accessList/203.0.113.7`)
      .reply(404, notFound("none"))
      .post(`${API}/groups/${GROUP}/accessList`, [{ ipAddress: "203.0.113.7", comment: "Stackwright: apps on hosts without static egress IPs" }])
      .reply(201, { results: [], totalCount: 1 })
      .get(`${API}/groups/${GROUP}/accessList/203.0.113.7/status`)
      .reply(200, { STATUS: "ACTIVE" });
    const result = await p.ensure({ kind: "mongodb", app: "blog", environment: "pr-3" });
    expect(result.url).toBe(`mongodb+srv://sw-blog-pr-3:${password}@shared.xyz9.mongodb.net/sw-blog-pr-3?retryWrites=true&w=majority`);
    expect(log[0]?.headers.accept).toBe(FLEX);
    expect(log[1]?.headers["content-type"]).toBe(FLEX);
    expect(scope.isDone()).toBe(true);
  });

  it("legacy API keys authenticate with HTTP Digest", async () => {
    const time = fakeClock();
    const p = createAtlasProvider({ credentials: { kind: "api-key", publicKey: "abcdefgh", privateKey: "9a8b7c6d-priv-key" }, projectId: GROUP, clock: time.clock });
    const scope = nock(HOST)
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(401, { error: 401, reason: "Unauthorized" }, { "WWW-Authenticate": 'Digest realm="MMS Public API", domain="", nonce="n0nce", algorithm=MD5, qop="auth", stale=false' })
      .get(`${API}/groups/${GROUP}/clusters/sw-blog`)
      .reply(200, cluster("IDLE"))
      .patch(`${API}/groups/${GROUP}/databaseUsers/admin/${USER}`)
      .reply(200, {})
      .get(`${API}/groups/${GROUP}/accessList/0.0.0.0%2F0`)
      .reply(200, {});
    const log = logRequests(scope);
    await p.ensure(REQUEST);
    expect(log[0]?.headers.authorization).toBeUndefined();
    for (const r of log.slice(1)) expect(r.headers.authorization).toMatch(/^Digest username="abcdefgh", realm="MMS Public API", nonce="n0nce", uri="\/api\/atlas\/v2\/groups\//);
    expect(log.map((r) => r.headers.authorization ?? "").join(" ")).not.toContain("9a8b7c6d-priv-key");
    expect(scope.isDone()).toBe(true);
  });
});

describe("Atlas provider: destroy", () => {
  it("deletes the environment's database user; a missing one is fine", async () => {
    const { p } = provider();
    tokenScope();
    const { scope } = atlas();
    scope
      .delete(`${API}/groups/${GROUP}/databaseUsers/admin/sw-blog-pr-3`)
      .reply(204)
      .delete(`${API}/groups/${GROUP}/databaseUsers/admin/sw-blog-pr-4`)
      .reply(404, notFound("No user"));
    await p.destroy({ kind: "mongodb", provider: "atlas", name: "sw-blog-pr-3", ids: { groupId: GROUP, username: "sw-blog-pr-3" } });
    await p.destroy({ kind: "mongodb", provider: "atlas", name: "sw-blog-pr-4", ids: {} });
    expect(scope.isDone()).toBe(true);
  });
});

describe("Atlas fromEnv", () => {
  it("takes a service account or an API key pair, and names what is missing", () => {
    expect(fromEnv({ ATLAS_CLIENT_ID: CLIENT_ID, ATLAS_CLIENT_SECRET: CLIENT_SECRET, ATLAS_PROJECT_ID: GROUP, ATLAS_CLUSTER_TIER: "flex" })).toEqual({
      credentials: { kind: "service-account", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      projectId: GROUP,
      tier: "FLEX",
    });
    expect(fromEnv({ ATLAS_PUBLIC_KEY: "pub", ATLAS_PRIVATE_KEY: "priv", ATLAS_PROJECT_ID: GROUP, ATLAS_ACCESS_LIST_CIDR: "10.0.0.0/8" })).toEqual({
      credentials: { kind: "api-key", publicKey: "pub", privateKey: "priv" },
      projectId: GROUP,
      accessListCidr: "10.0.0.0/8",
    });
    expect(() => fromEnv({ ATLAS_PROJECT_ID: GROUP })).toThrow(
      "atlas: set ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET (a service account), or ATLAS_PUBLIC_KEY and ATLAS_PRIVATE_KEY",
    );
    expect(() => fromEnv({ ATLAS_CLIENT_ID: "a", ATLAS_CLIENT_SECRET: "b" })).toThrow("atlas: set ATLAS_PROJECT_ID");
  });
});
