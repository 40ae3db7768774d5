import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRepoConfig } from "../../../src/config/index.js";
import type { DeployConfig } from "../../../src/config/schema.js";
import { createManualProvider, createProviderRegistry, ProvisionError, targetFor, type Provider, type ResourceRequest } from "../../../src/provision/index.js";

const home = mkdtempSync(join(tmpdir(), "sw-registry-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const request = (kind: ResourceRequest["kind"]): ResourceRequest => ({ kind, app: "blog", environment: "production" });

function deployConfig(yaml: string): DeployConfig {
  const result = parseRepoConfig(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config.deploy;
}

describe("the manual provider", () => {
  const env = {
    PROD_DATABASE_URL: "postgres://app:db-secret-1@db.example.com:5432/app",
    PROD_REDIS_URL: "rediss://default:redis-secret-2@cache.example.com:6380",
    WRONG_URL: "https://not-a-database.example.com/?password=wrong-secret-3",
  };
  const manual = createManualProvider({ env, secrets: { postgres: "PROD_DATABASE_URL", redis: "PROD_REDIS_URL", mongodb: "MISSING_MONGO_URL" } });

  it("hands out the URL in the named secret, recording only the secret's name", async () => {
    const db = await manual.ensure(request("postgres"));
    expect(db).toEqual({
      kind: "postgres",
      provider: "manual",
      name: "sw-blog-production",
      ids: { secret: "PROD_DATABASE_URL" },
      url: env.PROD_DATABASE_URL,
      env: { DATABASE_URL: env.PROD_DATABASE_URL },
      created: false,
    });
    const redis = await manual.ensure(request("redis"));
    expect(redis.env).toEqual({ REDIS_URL: env.PROD_REDIS_URL, REDIS_KEY_PREFIX: "sw:blog:production:" });
    expect(JSON.stringify({ kind: redis.kind, provider: redis.provider, name: redis.name, ids: redis.ids })).not.toContain("secret-2");
  });

  it("says which secret is missing or malformed, without ever echoing a value", async () => {
    await expect(manual.ensure(request("mongodb"))).rejects.toThrow("manual: deploy.mongodbManualUrlSecret names the secret MISSING_MONGO_URL, but it is not set in Stackwright's environment");
    const wrong = createManualProvider({ env, secrets: { postgres: "WRONG_URL" } });
    const error = (await wrong.ensure(request("postgres")).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ProvisionError);
    expect(error.message).toBe("manual: the postgres connection string in WRONG_URL does not look like one (expected postgres://user:password@host:5432/database)");
    expect(error.message).not.toContain("wrong-secret-3");
    await expect(createManualProvider({ env }).ensure(request("redis"))).rejects.toThrow(/set deploy\.redisManualUrlSecret in \.github\/stackwright\.yml/);
  });

  it("prefers a URL given directly, and never destroys anything", async () => {
    const given = createManualProvider({ env, secrets: { postgres: "PROD_DATABASE_URL" }, urls: { postgres: "postgresql://x:y@h/db" } });
    expect((await given.ensure(request("postgres"))).ids).toEqual({ source: "given" });
    await expect(given.destroy({ kind: "postgres", provider: "manual", name: "sw-blog-production", ids: { secret: "PROD_DATABASE_URL" } })).resolves.toBeUndefined();
  });
});

describe("the provider registry", () => {
  it("chooses per kind from deploy.database, deploy.mongodb and deploy.redis, local by default", () => {
    const defaults = deployConfig("");
    expect([targetFor("postgres", defaults), targetFor("mongodb", defaults), targetFor("redis", defaults)]).toEqual(["local", "local", "local"]);
    const configured = deployConfig("deploy:\n  database: neon\n  mongodb: atlas\n  redis: manual\n  redisManualUrlSecret: PROD_REDIS_URL\n");
    const registry = createProviderRegistry({ deploy: configured, env: { STACKWRIGHT_HOME: home } });
    expect(registry.providerFor("postgres").name).toBe("neon");
    expect(registry.providerFor("mongodb").name).toBe("atlas");
    expect(registry.providerFor("redis").name).toBe("manual");
  });

  it("reads the manual secrets' names from config and their values from the environment only", async () => {
    const registry = createProviderRegistry({
      deploy: deployConfig("deploy:\n  database: manual\n  manualUrlSecret: PROD_DATABASE_URL\n"),
      env: { STACKWRIGHT_HOME: home, PROD_DATABASE_URL: "postgres://u:p@h/db" },
    });
    const db = await registry.providerFor("postgres").ensure(request("postgres"));
    expect(db).toMatchObject({ provider: "manual", ids: { secret: "PROD_DATABASE_URL" }, url: "postgres://u:p@h/db" });
  });

  it("uses a wired cloud provider, and says plainly when one is not wired yet", async () => {
    const calls: string[] = [];
    const fakeNeon: Provider = {
      name: "neon",
      kinds: ["postgres"],
      async ensure(req, recorded) {
        calls.push(`ensure ${req.app}/${req.environment} recorded=${recorded?.ids.branch ?? "-"}`);
        return { kind: "postgres", provider: "neon", name: "sw-blog-production", ids: { branch: "br-1" }, url: "postgres://n:p@neon/db", env: { DATABASE_URL: "postgres://n:p@neon/db" }, created: true };
      },
      async destroy() {},
    };
    const deploy = deployConfig("deploy:\n  database: neon\n  redis: upstash\n");
    const registry = createProviderRegistry({ deploy, env: { STACKWRIGHT_HOME: home }, providers: { neon: () => fakeNeon } });
    const recorded = { kind: "postgres" as const, provider: "neon", name: "sw-blog-production", ids: { branch: "br-1" } };
    await registry.providerFor("postgres").ensure(request("postgres"), recorded);
    // A record from another provider is not handed to this one.
    await registry.providerFor("postgres").ensure(request("postgres"), { ...recorded, provider: "railway" });
    expect(calls).toEqual(["ensure blog/production recorded=br-1", "ensure blog/production recorded=-"]);
    await expect(registry.providerFor("redis").ensure(request("redis"))).rejects.toThrow("upstash: this Stackwright has no upstash provider yet; choose `local` or `manual` in .github/stackwright.yml");
    expect(registry.providerOf(recorded)).toBe(fakeNeon);
  });

  it("falls back to manual when the chosen provider fails and a manual URL is configured, and tells the caller", async () => {
    const failing: Provider = {
      name: "railway",
      kinds: ["postgres"],
      ensure: async () => {
        throw new ProvisionError("railway", "quota exceeded");
      },
      destroy: async () => {},
    };
    const events: string[] = [];
    const registry = createProviderRegistry({
      deploy: deployConfig("deploy:\n  database: railway\n  manualUrlSecret: FALLBACK_DATABASE_URL\n"),
      env: { STACKWRIGHT_HOME: home, FALLBACK_DATABASE_URL: "postgres://f:b@fallback/db" },
      providers: { railway: () => failing },
      onFallback: (e) => events.push(`${e.kind} from ${e.from}: ${(e.error as Error).message}`),
    });
    const db = await registry.providerFor("postgres").ensure(request("postgres"));
    expect(db).toMatchObject({ provider: "manual", ids: { secret: "FALLBACK_DATABASE_URL" } });
    expect(events).toEqual(["postgres from railway: railway: quota exceeded"]);

    const strict = createProviderRegistry({
      deploy: deployConfig("deploy:\n  database: railway\n  manualUrlSecret: FALLBACK_DATABASE_URL\n"),
      env: { STACKWRIGHT_HOME: home, FALLBACK_DATABASE_URL: "postgres://f:b@fallback/db" },
      providers: { railway: () => failing },
      fallbackToManual: false,
    });
    await expect(strict.providerFor("postgres").ensure(request("postgres"))).rejects.toThrow("railway: quota exceeded");
  });

  it("says which variable to set when a local server is missing", async () => {
    const registry = createProviderRegistry({ env: { STACKWRIGHT_HOME: home } });
    await expect(registry.providerFor("redis").ensure(request("redis"))).rejects.toThrow(
      "local: no Redis server is configured: set STACKWRIGHT_REDIS_URL to an admin connection (for example redis://127.0.0.1:6379), or choose another provider with deploy.redis in .github/stackwright.yml",
    );
    await expect(registry.providerFor("mongodb").ensure(request("mongodb"))).rejects.toThrow(/set STACKWRIGHT_MONGODB_URL/);
    expect(registry.local.postgresEngine).toBe("pglite");
    expect(createProviderRegistry({ env: { STACKWRIGHT_HOME: home, STACKWRIGHT_POSTGRES_URL: "postgres://postgres@127.0.0.1:5432/postgres" } }).local.postgresEngine).toBe("postgresql");
  });
});
