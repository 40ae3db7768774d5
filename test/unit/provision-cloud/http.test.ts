import { createHash } from "node:crypto";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DigestAuth,
  JsonClient,
  ProviderApiError,
  parseDigestChallenge,
  parseRetryAfter,
  pollUntil,
  ReadinessTimeoutError,
  SecretSet,
  scrubShapes,
} from "../../../src/provision/http/index.js";
import { errorText, expectFreeOf, fakeClock, logRequests, rejectionOf } from "./support.js";

const BASE = "https://api.example.test";
const TOKEN = "tok_live_9f8e7d6c5b4a";

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

function client(options: { timeoutMs?: number; maxAttempts?: number; maxTotalWaitMs?: number } = {}) {
  const time = fakeClock();
  const secrets = new SecretSet().add(TOKEN);
  const c = new JsonClient({
    provider: "example",
    baseUrl: `${BASE}/v2`,
    secrets,
    auth: { headers: () => ({ authorization: `Bearer ${TOKEN}` }) },
    http: {
      clock: time.clock,
      timeoutMs: options.timeoutMs ?? 5_000,
      retry: { maxAttempts: options.maxAttempts ?? 4, maxTotalWaitMs: options.maxTotalWaitMs ?? 120_000 },
    },
  });
  return { c, time, secrets };
}

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("JsonClient retries", () => {
  it("honours Retry-After (seconds) on a 429, through the injected clock, then succeeds", async () => {
    const { c, time } = client();
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get("/v2/things")
      .reply(429, { message: "slow down" }, { "Retry-After": "7" })
      .get("/v2/things")
      .reply(200, { things: [1] });
    const res = await c.request<{ things: number[] }>({ method: "GET", path: "/things" });
    expect(res.body).toEqual({ things: [1] });
    expect(time.sleeps).toEqual([7000]);
    expect(c.requestCount).toBe(2);
    expect(scope.isDone()).toBe(true);
  });

  it("honours an HTTP-date Retry-After and retries a 429 even for a POST", async () => {
    const { c, time } = client();
    const at = new Date(time.now() + 12_000).toUTCString();
    nock(BASE).post("/v2/things", { name: "x" }).reply(429, "", { "Retry-After": at }).post("/v2/things", { name: "x" }).reply(201, { id: "t1" });
    const res = await c.request({ method: "POST", path: "/things", body: { name: "x" } });
    expect(res.status).toBe(201);
    expect(time.sleeps).toEqual([12_000]);
  });

  it("fails at once when Retry-After is beyond the remaining wait budget, saying so", async () => {
    const { c, time } = client({ maxTotalWaitMs: 60_000 });
    nock(BASE).get("/v2/things").reply(429, "{}", { "Retry-After": "3600" });
    const error = await rejectionOf(c.request({ method: "GET", path: "/things" }));
    expect(error).toBeInstanceOf(ProviderApiError);
    const e = error as ProviderApiError;
    expect(e.kind).toBe("rate-limited");
    expect(e.retryAfterMs).toBe(3_600_000);
    expect(e.message).toBe("example: GET /things failed: rate limited (HTTP 429): the server asked to retry after 1h, beyond the remaining wait budget of 1m");
    expect(time.sleeps).toEqual([]);
  });

  it("gives up on a 429 after maxAttempts", async () => {
    const { c, time } = client({ maxAttempts: 3 });
    nock(BASE).get("/v2/things").times(3).reply(429, "{}", { "Retry-After": "2" });
    const e = (await rejectionOf(c.request({ method: "GET", path: "/things" }))) as ProviderApiError;
    expect(e.kind).toBe("rate-limited");
    expect(e.attempts).toBe(3);
    expect(e.message).toContain("still rate limited after 3 attempts over 4s");
    expect(time.sleeps).toEqual([2000, 2000]);
  });

  it("retries a 503 on GET with exponential backoff, but never a 503 on POST", async () => {
    const { c, time } = client();
    nock(BASE).get("/v2/things").reply(503).get("/v2/things").reply(502).get("/v2/things").reply(200, { ok: true });
    await c.request({ method: "GET", path: "/things" });
    expect(time.sleeps).toEqual([1000, 2000]);

    const scope = nock(BASE).post("/v2/things").reply(503, { code: "UNAVAILABLE", message: "try later" });
    const e = (await rejectionOf(c.request({ method: "POST", path: "/things", body: {}, operation: "create thing" }))) as ProviderApiError;
    expect(e.kind).toBe("http");
    expect(e.status).toBe(503);
    expect(e.message).toBe("example: create thing failed: HTTP 503 Service Unavailable: try later (UNAVAILABLE)");
    expect(scope.isDone()).toBe(true);
    expect(time.sleeps).toEqual([1000, 2000]);
  });

  it("times out a request that does not answer (real per-request timeout)", async () => {
    const { c } = client({ timeoutMs: 40, maxAttempts: 1 });
    nock(BASE).get("/v2/slow").delay(400).reply(200, {});
    const e = (await rejectionOf(c.request({ method: "GET", path: "/slow" }))) as ProviderApiError;
    expect(e.kind).toBe("timeout");
    expect(e.message).toBe("example: GET /slow failed: no response within 40ms");
  });

  it("hands back accepted statuses (404 on a look-up) instead of throwing", async () => {
    const { c } = client();
    nock(BASE).get("/v2/things/nope").reply(404, { error: 404, errorCode: "RESOURCE_NOT_FOUND", detail: "No thing nope." });
    const res = await c.request({ method: "GET", path: "/things/nope", accept: [404] });
    expect(res.status).toBe(404);
  });
});

describe("JsonClient errors never carry secrets", () => {
  it("reads Atlas-, Neon- and text-style bodies, scrubbing echoed tokens and connection strings", async () => {
    const { c, secrets } = client();
    secrets.add("pw-generated-123");
    nock(BASE)
      .get("/v2/a")
      .reply(400, { error: 400, errorCode: "INVALID_ATTRIBUTE", reason: "Bad Request", detail: `Invalid token ${TOKEN}` })
      .get("/v2/b")
      .reply(409, { code: "", message: "uri postgresql://neondb_owner:s3cr3tpass@ep-x.aws.neon.tech/neondb exists" })
      .get("/v2/c")
      .reply(500, `<html>Authorization: Bearer ${TOKEN} password=pw-generated-123</html>`);
    const errors = [
      await rejectionOf(c.request({ method: "GET", path: "/a" })),
      await rejectionOf(c.request({ method: "GET", path: "/b" })),
      await rejectionOf(c.request({ method: "GET", path: "/c", idempotent: false })),
    ];
    expect(errors[0]?.message).toBe("example: GET /a failed: HTTP 400 Bad Request: Invalid token [redacted] (INVALID_ATTRIBUTE)");
    expect(errors[1]?.message).toBe("example: GET /b failed: HTTP 409 Conflict: uri postgresql://neondb_owner:[redacted]@ep-x.aws.neon.tech/neondb exists");
    expect((errors[1] as ProviderApiError).isAlreadyExists).toBe(true);
    for (const error of errors) expectFreeOf(errorText(error), [TOKEN, "s3cr3tpass", "pw-generated-123"]);
  });

  it("never puts request headers into a network error", async () => {
    const { c } = client({ maxAttempts: 1 });
    const e = await rejectionOf(c.request({ method: "GET", path: "/unmocked" }));
    expect((e as ProviderApiError).kind).toBe("network");
    expectFreeOf(errorText(e), [TOKEN]);
  });
});

describe("scrubShapes", () => {
  it("masks URL credentials, secret-named fields and Authorization headers", () => {
    expect(scrubShapes("mongodb+srv://app:p%40ss@c0.abcd.mongodb.net/db")).toBe("mongodb+srv://app:[redacted]@c0.abcd.mongodb.net/db");
    expect(scrubShapes('{"password":"hunter22","name":"x"}')).toBe('{"password":[redacted],"name":"x"}');
    expect(scrubShapes("rest_token: AbC123xyz")).toBe("rest_token: [redacted]");
    expect(scrubShapes("Authorization: Basic dXNlcjpwYXNz")).toBe("Authorization: [redacted]");
    expect(scrubShapes("Project Token not found")).toBe("Project Token not found");
  });
});

describe("pollUntil", () => {
  const budget = { intervalMs: 10_000, maxAttempts: 5, deadlineMs: 60_000 };

  it("returns the value once ready, sleeping the interval between checks", async () => {
    const time = fakeClock();
    let n = 0;
    const value = await pollUntil({
      provider: "p",
      waitingFor: "the thing",
      budget,
      clock: time.clock,
      check: async () => (++n < 3 ? { done: false, state: `step ${n}` } : { done: true, value: "ok" }),
    });
    expect(value).toBe("ok");
    expect(time.sleeps).toEqual([10_000, 10_000]);
  });

  it("throws a typed timeout naming what it waited for, how long and the last state (attempt cap)", async () => {
    const time = fakeClock();
    const e = await rejectionOf(
      pollUntil({ provider: "p", waitingFor: "cluster x to become IDLE", budget, clock: time.clock, check: async () => ({ done: false, state: "CREATING" }) }),
    );
    expect(e).toBeInstanceOf(ReadinessTimeoutError);
    const t = e as ReadinessTimeoutError;
    expect(t.attempts).toBe(5);
    expect(t.elapsedMs).toBe(40_000);
    expect(t.lastState).toBe("CREATING");
    expect(t.message).toBe(
      "p: timed out waiting for cluster x to become IDLE after 40s (5 checks; budget: 5 checks every 10s, deadline 1m); last state: CREATING",
    );
  });

  it("stops at the deadline even when checks are left, counting slow checks too", async () => {
    const time = fakeClock();
    const e = (await rejectionOf(
      pollUntil({
        provider: "p",
        waitingFor: "x",
        budget: { intervalMs: 10_000, maxAttempts: 100, deadlineMs: 35_000, initialDelayMs: 5_000 },
        clock: time.clock,
        check: async () => {
          await time.clock.sleep(1_000); // a check that takes a second
          return { done: false, state: "pending" };
        },
      }),
    )) as ReadinessTimeoutError;
    // 5s initial + (1s check + 10s wait) ×2 + 1s check = 28s; another wait would pass 35s.
    expect(e.attempts).toBe(3);
    expect(e.elapsedMs).toBe(28_000);
  });
});

describe("DigestAuth (Atlas legacy API keys)", () => {
  it("parses a challenge and answers it per RFC 7616 (qop=auth, MD5)", () => {
    const challenge = 'Digest realm="MMS Public API", domain="", nonce="abc123", algorithm=MD5, qop="auth", stale=false';
    expect(parseDigestChallenge(challenge)).toEqual({ realm: "MMS Public API", nonce: "abc123", qop: "auth", opaque: undefined, algorithm: "MD5" });
    const auth = new DigestAuth("pubkey", "priv-key-secret", () => "c0ffee");
    expect(auth.header("GET", "/x")).toBeUndefined();
    expect(auth.accept(challenge)).toBe(true);
    const md5 = (s: string) => createHash("md5").update(s).digest("hex");
    const ha1 = md5("pubkey:MMS Public API:priv-key-secret");
    const ha2 = md5("GET:/api/atlas/v2/groups/g1");
    const expected = md5(`${ha1}:abc123:00000001:c0ffee:auth:${ha2}`);
    const header = auth.header("GET", "/api/atlas/v2/groups/g1");
    expect(header).toBe(
      `Digest username="pubkey", realm="MMS Public API", nonce="abc123", uri="/api/atlas/v2/groups/g1", algorithm=MD5, response="${expected}", qop=auth, nc=00000001, cnonce="c0ffee"`,
    );
    expect(auth.header("GET", "/api/atlas/v2/groups/g1")).toContain("nc=00000002");
    expect(header).not.toContain("priv-key-secret");
  });

  it("is driven by a 401 challenge through JsonClient, once", async () => {
    const time = fakeClock();
    const digest = new DigestAuth("pubkey", "priv-key-secret", () => "c0ffee");
    const c = new JsonClient({
      provider: "atlas",
      baseUrl: `${BASE}/api`,
      secrets: new SecretSet().add("priv-key-secret"),
      http: { clock: time.clock },
      auth: {
        headers: ({ method, url }): Record<string, string> => {
          const h = digest.header(method, url.pathname + url.search);
          return h ? { authorization: h } : {};
        },
        onUnauthorized: (res) => digest.accept(res.headers.get("www-authenticate")),
      },
    });
    const scope = nock(BASE)
      .get("/api/one")
      .reply(401, { error: 401, reason: "Unauthorized" }, { "WWW-Authenticate": 'Digest realm="r", nonce="n1", qop="auth"' })
      .get("/api/one")
      .reply(200, { ok: 1 })
      .get("/api/two")
      .reply(200, { ok: 2 });
    const log = logRequests(scope);
    expect((await c.request({ method: "GET", path: "/one" })).body).toEqual({ ok: 1 });
    expect((await c.request({ method: "GET", path: "/two" })).body).toEqual({ ok: 2 });
    expect(log.map((r) => [r.path, r.headers.authorization?.slice(0, 30)])).toEqual([
      ["/api/one", undefined],
      ["/api/one", 'Digest username="pubkey", real'],
      ["/api/two", 'Digest username="pubkey", real'],
    ]);
    expect(log[2]?.headers.authorization).toContain("nc=00000002");
  });
});
