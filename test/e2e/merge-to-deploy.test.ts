import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLocalDeployments, localDeploymentRecord, createLocalTarget } from "../../src/deploy/local/index.js";
import { deployResources } from "../../src/deploy/services.js";
import { deployScope } from "../../src/github/jobs.js";
import { DEPLOY_CHECK_NAME, parseDeploymentRecord } from "../../src/github/render/deploy-report.js";
import { createProviderRegistry } from "../../src/provision/registry.js";
import { startApp, waitForScope, type AppUnderTest } from "../support/app-under-test.js";
import { ADMIN_URL, postgresAvailable, queryDatabase } from "../support/postgres.js";

/**
 * The card's whole flow with GitHub played by the stand-in (every request
 * validated against GitHub's OpenAPI description): `/generate` on an issue →
 * PR → merge → the merged commit deployed on the local target: a database and
 * role on the real PostgreSQL server, migrations applied, backend and frontend
 * really running, the frontend built against the backend's URL, and the
 * deployment statuses and check run carrying those URLs. Then a broken
 * migration: the deploy fails with the reason, the previous one still serves.
 */

const home = mkdtempSync(join(tmpdir(), "stackwright-deploy-home-"));
const previousHome = process.env.STACKWRIGHT_HOME;
const env = () => ({ ...process.env, STACKWRIGHT_HOME: home, STACKWRIGHT_POSTGRES_URL: ADMIN_URL });
let t: AppUnderTest;

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this test");
  process.env.STACKWRIGHT_HOME = home;
  t = await startApp({ deployServices: { forConfig: (config) => deployResources(config, { allowLocal: true, env: env() }) } });
  // GitHub stays behind nock; the deployed app's own URLs are real sockets on this machine.
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));
});

afterAll(async () => {
  const target = createLocalTarget();
  for (const entry of listLocalDeployments()) await target.stop(localDeploymentRecord(entry)).catch(() => undefined);
  const registry = createProviderRegistry({ env: env() });
  const records = (t?.h.fake.checkRuns() ?? []).filter((c) => c.name === DEPLOY_CHECK_NAME).map((c) => parseDeploymentRecord(c.output.text));
  for (const resource of records.flatMap((r) => r?.resources ?? [])) await registry.local.destroy(resource).catch((error: unknown) => console.error("cleanup:", error));
  await t?.stop();
  if (previousHome === undefined) delete process.env.STACKWRIGHT_HOME;
  else process.env.STACKWRIGHT_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

const scope = () => deployScope({ owner: "octo-org", repo: "demo" });

describe("merge to deploy on the local target", () => {
  let frontendUrl = "";
  let backendUrl = "";

  it("generates, merges, and deploys the merged commit with every URL reported", async () => {
    await t.say(1, "/generate Create a blog app with Express backend and React frontend");
    expect((await t.settle(1))?.state).toBe("succeeded");
    const [pr] = t.h.fake.pulls();

    const started = performance.now();
    const { sha, payload } = t.h.merge(pr!.number, { by: "alice" });
    await t.h.receive("pull_request", payload);
    const job = await waitForScope(t.queue, scope(), 300_000);
    console.log(`merge → live (in-process App, local target): ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(job?.error ?? null).toBeNull();
    expect(job?.state).toBe("succeeded");

    const [deployment] = t.h.fake.deployments();
    expect(deployment).toMatchObject({ sha, environment: "production", production: true });
    expect(deployment!.statuses.map((s) => s.state)).toEqual(["queued", "in_progress", "success"]);
    frontendUrl = deployment!.statuses.at(-1)!.environmentUrl;
    expect(frontendUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

    const check = t.h.fake.checkRuns().find((c) => c.name === DEPLOY_CHECK_NAME)!;
    console.log(check.output.summary);
    expect(check.output.summary).toMatch(/⏭️ \| Connect the backend/); // the frontend's URL was reserved before the backend started
    expect(check).toMatchObject({ headSha: sha, status: "completed", conclusion: "success" });
    backendUrl = /API: (http:\/\/\S+)/.exec(check.output.summary ?? "")![1]!;
    expect(check.output.summary).toContain(frontendUrl);
    for (const phase of ["Provision databases", "Run migrations", "Deploy the backend", "Deploy the frontend", "Check health"]) expect(check.output.summary).toContain(phase);

    const comment = t.h.fake.comments(pr!.number).filter((c) => c.viaApp).at(-1)!;
    expect(comment.body).toContain(frontendUrl);
    expect(comment.body).toContain(backendUrl);
  });

  it("really serves both, wired together, on a database of its own", async () => {
    expect((await fetch(`${backendUrl}/health`)).status).toBe(200);
    const page = await fetch(frontendUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect(await (await fetch(`${frontendUrl}/${script}`)).text()).toContain(backendUrl);

    const register = await fetch(`${backendUrl}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: frontendUrl },
      body: JSON.stringify({ email: "ada@example.com", password: "correct horse battery" }),
    });
    expect(register.status).toBe(201);
    expect(register.headers.get("access-control-allow-origin")).toBe(frontendUrl);

    const databases = await queryDatabase(ADMIN_URL, "select datname from pg_database where datname like 'sw_blog%'");
    expect(databases.rows.map((r) => r.datname)).toHaveLength(1);
    const users = await queryDatabase(ADMIN_URL.replace(/\/postgres$/, `/${databases.rows[0].datname}`), "select email from users");
    expect(users.rows).toEqual([{ email: "ada@example.com" }]);
  });

  it("fails a deploy with a broken migration, says why, and leaves the previous deployment serving", async () => {
    t.h.fake.pushForeignCommit("main", { "backend/migrations/0005_add_broken.sql": "alter table posts add column rating integer;\nselect * from no_such_table;\n" }, { login: "ada", name: "Ada" });
    const id = await t.say(1, "/deploy", "ada");
    expect(id).toBeGreaterThan(0);
    const job = await waitForScope(t.queue, scope(), 300_000);
    expect(job?.state).toBe("failed");

    const latest = t.h.fake.deployments().at(-1)!;
    expect(latest.statuses.map((s) => s.state)).toEqual(["queued", "in_progress", "failure"]);
    expect(latest.statuses.at(-1)!.description).toMatch(/0005_add_broken\.sql/);
    const check = t.h.fake.checkRuns().filter((c) => c.name === DEPLOY_CHECK_NAME).at(-1)!;
    expect(check.conclusion).toBe("failure");
    expect(check.output.summary).toContain("no_such_table");

    expect((await fetch(`${backendUrl}/health`)).status).toBe(200);
    expect((await fetch(frontendUrl)).status).toBe(200);
    // The failed deploy's checkout is gone; the one the live deployment runs from stays.
    expect(readdirSync(join(home, "checkouts", "octo-org", "demo", "production"))).toHaveLength(1);
    t.h.assertNoFailures();
  });
});
