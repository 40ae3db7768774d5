import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aclRules, appMongoUrl, appUrl, isLocalName, LocalSecrets, localName, parseMongoUrl, redisKeyPrefix, scramVerifier, scramVerifierMatches } from "../../../src/provision/local/index.js";
import { maskUrl } from "../../../src/provision/index.js";

const root = mkdtempSync(join(tmpdir(), "sw-provision-unit-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("local names", () => {
  it("are sw_<app>__<environment>, lowercase, at most 63 characters", () => {
    expect(localName({ app: "blog", environment: "production" })).toBe("sw_blog__production");
    expect(localName({ app: "task-tracker", environment: "pr-12" })).toBe("sw_task_tracker__pr_12");
    expect(localName({ app: "blog", environment: "Staging EU" })).toBe("sw_blog__staging_eu");
    const long = localName({ app: "a".repeat(40), environment: "preview-" + "x".repeat(60) });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^sw_a+__preview_x+_[0-9a-f]{8}$/);
    for (const name of ["sw_blog__production", long]) expect(isLocalName(name)).toBe(true);
    for (const name of ["postgres", "sw_x; drop", "SW_BLOG", "template1"]) expect(isLocalName(name)).toBe(false);
  });

  it("never give two (app, environment) pairs one name", () => {
    const pairs = [
      ["shop-eu", "production"],
      ["shop", "eu-production"],
      ["shop", "eu_production"],
      ["a-b", "c"],
      ["a", "b-c"],
      ["a--b", "c"],
      ["a-b", "-c"],
    ] as const;
    const names = pairs.map(([app, environment]) => localName({ app, environment }));
    // eu-production and eu_production are one environment of one app, spelled two ways (GitHub treats them alike too).
    expect(names[1]).toBe(names[2]);
    const distinctApps = [names[0], names[1], names[3], names[4], names[5]];
    expect(new Set(distinctApps).size).toBe(distinctApps.length);
    expect(redisKeyPrefix({ app: "shop-eu", environment: "production" })).toBe("sw:shop-eu:production:");
    expect(redisKeyPrefix({ app: "shop", environment: "eu-production" })).toBe("sw:shop:eu-production:");
  });
});

describe("LocalSecrets", () => {
  it("derives the same password every time from one key kept in a 0600 file, and different ones per resource", async () => {
    const keyFile = join(root, "home", "provision", "local.key");
    const a = new LocalSecrets(keyFile);
    const p1 = await a.password("postgres", "sw_blog__production");
    expect(p1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await new LocalSecrets(keyFile).password("postgres", "sw_blog__production")).toBe(p1);
    expect(await a.password("redis", "sw_blog__production")).not.toBe(p1);
    expect(await a.password("postgres", "sw_blog__pr_1")).not.toBe(p1);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "home", "provision")).mode & 0o777).toBe(0o700);
    expect(readFileSync(keyFile, "utf8")).not.toContain(p1);
  });

  it("agrees across concurrent first uses (one key is made, atomically), and tightens a key file others can read", async () => {
    const keyFile = join(root, "race", "local.key");
    const passwords = await Promise.all(Array.from({ length: 8 }, () => new LocalSecrets(keyFile).password("postgres", "x")));
    expect(new Set(passwords).size).toBe(1);
    chmodSync(keyFile, 0o644);
    await new LocalSecrets(keyFile).password("postgres", "x");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });
});

describe("SCRAM-SHA-256 verifiers", () => {
  it("are PostgreSQL's format and accept only their password", () => {
    const verifier = scramVerifier("pencil");
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    expect(scramVerifierMatches(verifier, "pencil")).toBe(true);
    expect(scramVerifierMatches(verifier, "pencil2")).toBe(false);
    expect(scramVerifierMatches("md5abcdef", "pencil")).toBe(false);
    expect(scramVerifierMatches(null, "pencil")).toBe(false);
    // Fixed salt and iterations give a fixed verifier (the real server check is in test/e2e/provision-postgres.test.ts).
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    expect(scramVerifier("pencil", { salt, iterations: 4096 })).toBe(scramVerifier("pencil", { salt, iterations: 4096 }));
  });
});

describe("connection strings", () => {
  it("keep the admin URL's host, port and parameters, with the app's credentials and database", () => {
    expect(appUrl("postgres://postgres:admin-pw@db.internal:6543/postgres?sslmode=require", "sw_blog__production", "p/w+x", "sw_blog__production")).toBe(
      "postgres://sw_blog__production:p%2Fw%2Bx@db.internal:6543/sw_blog__production?sslmode=require",
    );
    expect(appMongoUrl("mongodb://root:pw@h1:27017,h2:27018/admin?replicaSet=rs0&authSource=admin", "sw_blog__production", { name: "sw_blog__production", password: "s3cret" })).toBe(
      "mongodb://sw_blog__production:s3cret@h1:27017,h2:27018/sw_blog__production?replicaSet=rs0&authSource=sw_blog__production",
    );
    expect(appMongoUrl("mongodb://127.0.0.1:27017", "sw_a__b", undefined)).toBe("mongodb://127.0.0.1:27017/sw_a__b");
    expect(parseMongoUrl("mongodb+srv://u:p@cluster0.example.net/?retryWrites=true")).toMatchObject({ scheme: "mongodb+srv://", credentials: "u:p", hosts: "cluster0.example.net" });
  });

  it("are masked for people", () => {
    expect(maskUrl("postgres://sw_blog__production:abc123@127.0.0.1:5432/sw_blog__production")).toBe("postgres://sw_blog__production:****@127.0.0.1:5432/sw_blog__production");
    expect(maskUrl("mongodb://u:p%40ss@h1,h2/db?x=1")).toBe("mongodb://u:****@h1,h2/db?x=1");
    expect(maskUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(maskUrl("postgres://postgres@127.0.0.1:5433/postgres")).toBe("postgres://postgres@127.0.0.1:5433/postgres");
  });
});

describe("Redis ACL rules", () => {
  it("confine the user to its prefix's keys and channels and deny dangerous and key-listing commands", () => {
    const rules = aclRules("sw:blog:production:", "pw");
    expect(rules.slice(0, 5)).toEqual(["reset", "on", ">pw", "~sw:blog:production:*", "&sw:blog:production:*"]);
    expect(rules).toEqual(expect.arrayContaining(["+@all", "-@dangerous", "-@admin", "-scan", "-randomkey", "-dbsize"]));
    expect(rules.indexOf("+@all")).toBeLessThan(rules.indexOf("-@dangerous"));
  });
});
