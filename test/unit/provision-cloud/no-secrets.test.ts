import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAtlasProvider } from "../../../src/provision/atlas/index.js";
import { createNeonProvider } from "../../../src/provision/neon/index.js";
import { createRailwayProvider } from "../../../src/provision/railway/index.js";
import type { Provider, ProvisionedResource, ResourceRequest } from "../../../src/provision/types.js";
import { createUpstashProvider } from "../../../src/provision/upstash/index.js";
import { errorText, expectFreeOf, fakeClock, recordOf, rejectionOf } from "./support.js";

/**
 * The Provider contract: credentials and connection strings never reach an error message (or its
 * stack, fields or cause) nor a RecordedResource. Each provider runs once to success and once to a
 * failure whose response body echoes every secret the client holds at that point (the token(s), the
 * Basic header, a database password it has read or derived) and every connection string (masked by
 * shape even when the client never saw the password in it).
 */

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

interface Case {
  name: string;
  request: ResourceRequest;
  provider: () => Provider;
  /** Mocks a successful first run. */
  success: () => void;
  /** Mocks a run whose last response is an error echoing `echo`. */
  failure: (echo: string) => void;
  /** Every secret of this provider's success run. */
  secrets: string[];
  /** The ones the client has seen when `failure` fails (a password it never read cannot be known). */
  knownAtFailure: string[];
}

const RW_TOKEN = "rw_ws_00000000-1111-2222-3333-444444444444";
const RW_PW = "RailwayDbPassw0rdXyZ";
const RW_URL = `postgresql://postgres:${RW_PW}@roundhouse.proxy.rlwy.net:40001/railway`;

const NEON_KEY = "napi_secretsecretsecretsecretsecretsecretsecretsecret";
const NEON_PW = "NeonRolePw123";
const NEON_URI = `postgresql://neondb_owner:${NEON_PW}@ep-cool-a1.us-east-2.aws.neon.tech/neondb`;

const ATLAS_SECRET = "mdb_sa_sk_secret_0123456789abcdef";
const ATLAS_TOKEN = "atlas-access-token-0123456789abcdef";
const ATLAS_PW = createHmac("sha256", ATLAS_SECRET).update("g1:sw-blog-production").digest("base64url").slice(0, 32);

const UP_KEY = "up-api-key-0123456789abcdef";
const UP_BASIC = Buffer.from(`me@example.com:${UP_KEY}`).toString("base64");
const UP_PW = "UpstashDbPasswordAbc123";

const gql = (op: string, answer: nock.Body) =>
  nock("https://backboard.railway.com")
    .post("/graphql/v2", (b: { operationName: string }) => b.operationName === op)
    .reply(200, answer, { "content-type": "application/json" });
const railwayProject = {
  id: "p1",
  name: "sw-blog",
  environments: { edges: [{ node: { id: "e1", name: "production" } }] },
  services: { edges: [{ node: { id: "s1", name: "sw-blog-production-postgres" } }] },
};

const cases: Case[] = [
  {
    name: "railway",
    request: { kind: "postgres", app: "blog", environment: "production" },
    provider: () => createRailwayProvider({ token: RW_TOKEN, clock: fakeClock().clock }),
    success: () => {
      gql("Projects", { data: { projects: { edges: [{ node: railwayProject }] } } });
      gql("DatabaseServiceState", {
        data: { variables: { DATABASE_PUBLIC_URL: RW_URL, PGPASSWORD: RW_PW }, serviceInstance: { latestDeployment: { id: "d", status: "SUCCESS" } } },
      });
    },
    failure: (echo) => {
      gql("Projects", { data: { projects: { edges: [{ node: railwayProject }] } } });
      gql("DatabaseServiceState", {
        data: { variables: { PGPASSWORD: RW_PW, DATABASE_URL: RW_URL }, serviceInstance: { latestDeployment: { id: "d", status: "DEPLOYING" } } },
      });
      gql("DatabaseServiceState", { data: null, errors: [{ message: echo }] });
    },
    secrets: [RW_TOKEN, RW_PW],
    knownAtFailure: [RW_TOKEN, RW_PW],
  },
  {
    name: "neon",
    request: { kind: "postgres", app: "blog", environment: "pr-1" },
    provider: () => createNeonProvider({ apiKey: NEON_KEY, projectId: "proj", clock: fakeClock().clock }),
    success: () => {
      nock("https://console.neon.tech")
        .get("/api/v2/projects/proj/branches")
        .query(true)
        .reply(200, { branches: [{ id: "br1", name: "sw-blog-pr-1", current_state: "ready" }] })
        .get("/api/v2/projects/proj/connection_uri")
        .query(true)
        .reply(200, { uri: NEON_URI });
    },
    failure: (echo) => {
      nock("https://console.neon.tech").get("/api/v2/projects/proj/branches").query(true).reply(500, { code: "", message: echo }).persist();
    },
    secrets: [NEON_KEY, NEON_PW],
    knownAtFailure: [NEON_KEY],
  },
  {
    name: "atlas",
    request: { kind: "mongodb", app: "blog", environment: "production" },
    provider: () =>
      createAtlasProvider({ credentials: { kind: "service-account", clientId: "cid-123456", clientSecret: ATLAS_SECRET }, projectId: "g1", clock: fakeClock().clock }),
    success: () => {
      nock("https://cloud.mongodb.com")
        .post("/api/oauth/token")
        .reply(200, { access_token: ATLAS_TOKEN, expires_in: 3600 })
        .get("/api/atlas/v2/groups/g1/clusters/sw-blog")
        .reply(200, { id: "c1", name: "sw-blog", stateName: "IDLE", connectionStrings: { standardSrv: "mongodb+srv://sw-blog.x.mongodb.net" } })
        .patch("/api/atlas/v2/groups/g1/databaseUsers/admin/sw-blog-production")
        .reply(200, {})
        .get("/api/atlas/v2/groups/g1/accessList/0.0.0.0%2F0")
        .reply(200, {});
    },
    failure: (echo) => {
      nock("https://cloud.mongodb.com")
        .post("/api/oauth/token")
        .reply(200, { access_token: ATLAS_TOKEN, expires_in: 3600 })
        .get("/api/atlas/v2/groups/g1/clusters/sw-blog")
        .reply(200, { id: "c1", name: "sw-blog", stateName: "IDLE", connectionStrings: { standardSrv: "mongodb+srv://sw-blog.x.mongodb.net" } })
        .patch("/api/atlas/v2/groups/g1/databaseUsers/admin/sw-blog-production")
        .reply(400, { error: 400, errorCode: "X", detail: echo });
    },
    secrets: [ATLAS_SECRET, ATLAS_TOKEN, ATLAS_PW, Buffer.from(`cid-123456:${ATLAS_SECRET}`).toString("base64")],
    knownAtFailure: [ATLAS_SECRET, ATLAS_TOKEN, ATLAS_PW, Buffer.from(`cid-123456:${ATLAS_SECRET}`).toString("base64")],
  },
  {
    name: "upstash",
    request: { kind: "redis", app: "blog", environment: "pr-1" },
    provider: () => createUpstashProvider({ email: "me@example.com", apiKey: UP_KEY, clock: fakeClock().clock }),
    success: () => {
      nock("https://api.upstash.com")
        .get("/v2/redis/databases")
        .reply(200, [{ database_id: "d1", database_name: "sw-blog-pr-1", endpoint: "x.upstash.io", port: 6379, password: UP_PW, state: "active", tls: true }]);
    },
    failure: (echo) => {
      nock("https://api.upstash.com")
        .get("/v2/redis/databases")
        .reply(200, [{ database_id: "d1", database_name: "sw-blog-pr-1", endpoint: "x.upstash.io", port: 6379, password: UP_PW, state: "passive" }])
        .get("/v2/redis/database/d1")
        .reply(403, echo);
    },
    secrets: [UP_KEY, UP_BASIC, UP_PW],
    knownAtFailure: [UP_KEY, UP_BASIC, UP_PW],
  },
];

describe.each(cases)("$name keeps secrets out of records and errors", (c) => {
  it("RecordedResource of a successful ensure holds ids and names only", async () => {
    c.success();
    const result: ProvisionedResource = await c.provider().ensure(c.request);
    // The secret-bearing fields exist (so the test is meaningful)...
    expect(result.url.length).toBeGreaterThan(10);
    expect(c.secrets.some((s) => result.url.includes(s) || result.url.includes(encodeURIComponent(s)))).toBe(true);
    // ...and none of it reaches the record.
    expectFreeOf(JSON.stringify(recordOf(result)), [...c.secrets, result.url]);
  });

  it("an error whose response echoes every known secret and any connection string shows none of them", async () => {
    const urls = [RW_URL, NEON_URI, `mongodb+srv://sw-blog-production:${ATLAS_PW}@sw-blog.x.mongodb.net/db`, `rediss://default:${UP_PW}@x.upstash.io:6379`];
    const echo = `echo: ${c.knownAtFailure.join(" | ")} | Authorization: Bearer ${c.secrets[0]} | ${urls.join(" ")}`;
    c.failure(echo);
    const error = await rejectionOf(c.provider().ensure(c.request));
    expect(error.message).toMatch(new RegExp(`^${c.name}: .* failed: .*\\[redacted\\]`));
    expectFreeOf(errorText(error), [...c.knownAtFailure, RW_PW, NEON_PW, ATLAS_PW, UP_PW]);
  });
});
