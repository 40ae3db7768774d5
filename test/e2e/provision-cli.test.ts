import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnvFile, writeEnvFile } from "../../src/cli/provision-command.js";
import { packagePath } from "../../src/util/package-root.js";
import { ADMIN_URL, postgresAvailable, queryDatabase } from "../support/postgres.js";
import { run, runOk } from "../support/processes.js";

/**
 * `stackwright provision` through the built bin, on the real PostgreSQL and
 * Redis servers: kinds from the app's stackwright.json, providers from its
 * config, secrets masked for people and absent from --json, --dotenv written
 * 0600, a second run finding everything by its recorded ids, and --destroy.
 */

const BIN = packagePath("bin", "stackwright.js");
const REDIS_URL = process.env.STACKWRIGHT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const root = mkdtempSync(join(tmpdir(), "sw-provision-cli-"));
const home = join(root, "home");
const tag = randomBytes(3).toString("hex");
const environment = `e2e-${tag}`;
const appDir = join(root, "tasks");
const env = { STACKWRIGHT_HOME: home, STACKWRIGHT_POSTGRES_URL: ADMIN_URL, STACKWRIGHT_REDIS_URL: REDIS_URL };
const cli = (args: string[], extra: Record<string, string | undefined> = {}) => run(["node", BIN, ...args], { cwd: root, env: { ...env, ...extra }, timeoutMs: 180_000 });

/** Every password the servers know for this run's resources: none may appear in any output. */
function secretsIn(dotenv: string): string[] {
  return [...dotenv.matchAll(/^[A-Z_]+_URL=.*?:\/\/[^:]+:([^@]+)@/gm)].map((m) => decodeURIComponent(m[1]!));
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this test");
  await runOk(["node", BIN, "generate", "Create a task tracker with Express backend, React frontend and a Redis cache", "--out", appDir], { cwd: root });
});

afterAll(async () => {
  await cli(["provision", appDir, "--environment", environment, "--destroy"]);
  await cli(["provision", appDir, "--environment", `${environment}-x`, "--destroy"]);
  const left = await queryDatabase(ADMIN_URL, "select datname from pg_database where datname like $1 union all select rolname from pg_roles where rolname like $1", [`%${tag}%`]);
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const users = (await redis.aclUsers()).filter((u) => u.includes(tag));
  redis.destroy();
  rmSync(root, { recursive: true, force: true });
  expect({ databases: left.rows, users }).toEqual({ databases: [], users: [] });
});

describe("stackwright provision", () => {
  let dotenv = "";

  it("makes what the app's stackwright.json asks for (PostgreSQL and Redis here), masking secrets in its human output", async () => {
    const result = await cli(["provision", appDir, "--environment", environment]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`provisioning task-tracker (${environment})`);
    expect(result.output).toMatch(new RegExp(`✔ PostgreSQL: local  created database sw_task_tracker__e2e_${tag}, role sw_task_tracker__e2e_${tag}`));
    expect(result.output).toMatch(new RegExp(`✔ Redis: local  created user sw_task_tracker__e2e_${tag}, keys sw:task-tracker:e2e-${tag}:\\*`));
    expect(result.stdout).toContain(`DATABASE_URL=postgres://sw_task_tracker__e2e_${tag}:****@127.0.0.1:5432/sw_task_tracker__e2e_${tag}`);
    expect(result.stdout).toContain(`REDIS_URL=redis://sw_task_tracker__e2e_${tag}:****@127.0.0.1:6379`);
    expect(result.stdout).toContain(`REDIS_KEY_PREFIX=sw:task-tracker:e2e-${tag}:`);
    expect(result.stdout).toContain(`stackwright migrate ${appDir} --dotenv`);
  });

  it("--json holds recorded ids and variable names, never a secret; --dotenv writes the secrets to a 0600 file, keeping its other lines", async () => {
    const envPath = join(appDir, ".env.local");
    writeFileSync(envPath, "# mine\nJWT_SECRET=keep-me\nDATABASE_URL=postgres://old\n", { mode: 0o644 });
    const result = await cli(["provision", appDir, "--environment", environment, "--json", "--dotenv", envPath]);
    expect(result.code, result.output).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ ok: true, app: "task-tracker", environment, envFile: envPath });
    expect(summary.resources).toEqual([
      {
        kind: "postgres",
        provider: "local",
        name: `sw-task-tracker-e2e-${tag}`,
        ids: { engine: "postgresql", database: `sw_task_tracker__e2e_${tag}`, role: `sw_task_tracker__e2e_${tag}` },
        created: false,
        env: ["DATABASE_URL"],
      },
      {
        kind: "redis",
        provider: "local",
        name: `sw-task-tracker-e2e-${tag}`,
        ids: { mode: "acl", user: `sw_task_tracker__e2e_${tag}`, prefix: `sw:task-tracker:e2e-${tag}:` },
        created: false,
        env: ["REDIS_KEY_PREFIX", "REDIS_URL"],
      },
    ]);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    dotenv = readFileSync(envPath, "utf8");
    expect(dotenv).toMatch(/^# mine\nJWT_SECRET=keep-me\nDATABASE_URL=postgres:\/\/sw_task_tracker__e2e_\w+:[^@]+@127\.0\.0\.1:5432\/sw_task_tracker__e2e_\w+\nREDIS_URL=redis:\/\/.+\nREDIS_KEY_PREFIX=sw:task-tracker:e2e-\w+:\n$/);
    const secrets = secretsIn(dotenv);
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(result.output).not.toContain(secret);

    // The written URLs work.
    const url = /^DATABASE_URL=(.*)$/m.exec(dotenv)![1]!;
    expect((await queryDatabase(url, "select current_user as u")).rows[0].u).toBe(`sw_task_tracker__e2e_${tag}`);
  });

  it("a second run finds everything by the recorded ids and creates nothing; records hold ids only", async () => {
    const records = readFileSync(join(home, "provisioned", "task-tracker", `${environment}.json`), "utf8");
    for (const secret of secretsIn(dotenv)) expect(records).not.toContain(secret);
    expect(JSON.parse(records).resources.map((r: { kind: string }) => r.kind)).toEqual(["postgres", "redis"]);
    const result = await cli(["provision", appDir, "--environment", environment, "--json"]);
    expect(JSON.parse(result.stdout).resources.map((r: { created: boolean }) => r.created)).toEqual([false, false]);
    const human = await cli(["provision", appDir, "--environment", environment]);
    for (const secret of secretsIn(dotenv)) expect(human.output).not.toContain(secret);
  });

  it("follows the app's .github/stackwright.yml: deploy.redis manual reads the URL from the named secret", async () => {
    mkdirSync(join(appDir, ".github"), { recursive: true });
    writeFileSync(join(appDir, ".github", "stackwright.yml"), "deploy:\n  redis: manual\n  redisManualUrlSecret: MY_REDIS_URL\n");
    try {
      const missing = await cli(["provision", appDir, "--environment", `${environment}-x`, "--json"]);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stdout).error).toBe("manual: deploy.redisManualUrlSecret names the secret MY_REDIS_URL, but it is not set in Stackwright's environment; set it to the redis connection string");
      const given = await cli(["provision", appDir, "--environment", `${environment}-x`, "--json"], { MY_REDIS_URL: "redis://:given-secret-pw@127.0.0.1:6379" });
      expect(given.code, given.output).toBe(0);
      const redis = JSON.parse(given.stdout).resources.find((r: { kind: string }) => r.kind === "redis");
      expect(redis).toMatchObject({ provider: "manual", ids: { secret: "MY_REDIS_URL" }, created: false });
      expect(given.output).not.toContain("given-secret-pw");

      writeFileSync(join(appDir, ".github", "stackwright.yml"), "deploy:\n  redis: memcached\n");
      const invalid = await cli(["provision", appDir, "--environment", `${environment}-x`]);
      expect(invalid.code).toBe(2);
      expect(invalid.output).toMatch(/stackwright\.yml is not valid:\n  deploy\.redis \(line 2\): .*`memcached`/);
    } finally {
      rmSync(join(appDir, ".github"), { recursive: true, force: true });
    }
  });

  it("says what to fix when a server is missing, and refuses a directory without stackwright.json", async () => {
    const noRedis = await cli(["provision", appDir, "--environment", `${environment}-x`], { STACKWRIGHT_REDIS_URL: "" });
    expect(noRedis.code).toBe(1);
    expect(noRedis.output).toContain("local: no Redis server is configured: set STACKWRIGHT_REDIS_URL to an admin connection");
    const notAnApp = await cli(["provision", root]);
    expect(notAnApp.code).toBe(2);
    expect(notAnApp.output).toContain(`${root} has no stackwright.json`);
  });

  it("--destroy removes a preview environment's databases (and refuses production without --force)", async () => {
    const production = await cli(["provision", appDir, "--destroy"]);
    expect(production.code).toBe(2);
    expect(production.output).toContain("Refusing to destroy task-tracker's production databases");
    const result = await cli(["provision", appDir, "--environment", environment, "--destroy", "--json"]);
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.stdout).destroyed.map((r: { kind: string }) => r.kind)).toEqual(["postgres", "redis"]);
    const left = await queryDatabase(ADMIN_URL, "select 1 from pg_database where datname = $1", [`sw_task_tracker__e2e_${tag}`]);
    expect(left.rows).toEqual([]);
    const again = await cli(["provision", appDir, "--environment", environment, "--destroy"]);
    expect(again.stdout).toContain("nothing to remove");
  });
});

describe("the --dotenv file", () => {
  it("round-trips values that need quoting, replaces only the variables it writes, and stays 0600", async () => {
    const path = join(root, "roundtrip.env");
    writeFileSync(path, "export KEEP=1\nDATABASE_URL=old # comment\n", { mode: 0o644 });
    const values = { DATABASE_URL: "postgres://u:p%40ss@h:5432/db?sslmode=require&x=1", ODD: 'has space, "quotes" and \\ backslash # not a comment' };
    await writeEnvFile(path, values);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readEnvFile(path)).toEqual({ KEEP: "1", ...values });
    expect(readFileSync(path, "utf8").startsWith("export KEEP=1\n")).toBe(true);
  });
});
