import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalTarget, listLocalDeployments, localDeploymentRecord } from "../../src/deploy/local/index.js";
import { processIdentity } from "../../src/deploy/local/processes.js";
import { DeployError, type ServiceDeployment } from "../../src/deploy/types.js";
import type { Manifest, ServiceManifest } from "../../src/spec/manifest.js";
import { renderApp } from "../../templates/index.js";
import { blogSpec } from "../fixtures/specs.js";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../support/postgres.js";
import { runOk } from "../support/processes.js";

/**
 * The local target on the generated blog app (Express + React), real
 * processes and the real PostgreSQL: deploy the backend (install, start,
 * health), migrate, deploy the frontend built with the backend's URL, use the
 * app through both URLs; redeploy a new commit (processes replaced, URLs
 * kept); a deploy that cannot start (no JWT_SECRET in production) leaves the
 * previous one serving; stop leaves nothing running.
 */

const root = mkdtempSync(join(tmpdir(), "sw-deploy-local-"));
const previousHome = process.env.STACKWRIGHT_HOME;
const target = createLocalTarget();
const rendered = renderApp(blogSpec, { generatorVersion: "0.0.0-e2e", mode: "offline" });
const manifest: Manifest = rendered.manifest;
const backend = manifest.services.find((s) => s.role === "backend") as ServiceManifest;
const frontend = manifest.services.find((s) => s.role === "frontend") as ServiceManifest;
const JWT_SECRET = "e2e-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
let db: ScratchDatabase | undefined;
const started: ServiceDeployment[] = [];

/** The merged tree at a commit, checked out into its own directory as the deploy flow does. */
function checkout(sha: string): string {
  const dir = join(root, "checkouts", sha);
  for (const file of rendered.files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return dir;
}

function backendEnv(frontendOrigin: string): Record<string, string> {
  return { DATABASE_URL: db!.url, JWT_SECRET, FRONTEND_ORIGIN: frontendOrigin, NODE_ENV: "production" };
}

async function deploy(service: ServiceManifest, sha: string, env: Record<string, string>): Promise<ServiceDeployment> {
  const t0 = performance.now();
  const result = await target.deploy({ app: "blog", environment: "production", sha, service, sourceDir: join(root, "checkouts", sha, service.dir), env, log: (line) => console.log(`[${service.name} ${sha}] ${line}`) });
  console.log(`[${service.name} ${sha}] deployed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  started.push(result);
  return result;
}

async function register(backendUrl: string, origin: string, email: string) {
  return fetch(`${backendUrl}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password: "correct horse battery" }),
  });
}

/** The frontend's built JavaScript, fetched the way a browser would: index.html, then its module scripts. */
async function builtScripts(frontendUrl: string): Promise<string> {
  const html = await (await fetch(frontendUrl)).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  expect(sources.length).toBeGreaterThan(0);
  const scripts = await Promise.all(sources.map(async (src) => (await fetch(new URL(src, frontendUrl))).text()));
  return scripts.join("\n");
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not answering at 127.0.0.1:5432 (or STACKWRIGHT_TEST_POSTGRES_URL)");
  process.env.STACKWRIGHT_HOME = join(root, "home");
  db = await createScratchDatabase("sw_deploy_local");
});

afterAll(async () => {
  for (const entry of listLocalDeployments()) await target.stop(localDeploymentRecord(entry)).catch(() => undefined);
  for (const d of started) await target.stop(d).catch(() => undefined);
  await db?.drop();
  if (previousHome === undefined) delete process.env.STACKWRIGHT_HOME;
  else process.env.STACKWRIGHT_HOME = previousHome;
  rmSync(root, { recursive: true, force: true });
});

describe("local deploy of the generated blog app", () => {
  let api: ServiceDeployment;
  let web: ServiceDeployment;
  let frontendUrl: string;

  it("deploys the backend, migrates, deploys the frontend with the backend URL, and the app works through both", async () => {
    checkout("c1");
    frontendUrl = await target.reserveUrl("blog", "production", frontend.name);
    api = await deploy(backend, "c1", backendEnv(frontendUrl));
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    await runOk(backend.commands.migrate!, { cwd: join(root, "checkouts", "c1", backend.dir), env: { DATABASE_URL: db!.url } });

    web = await deploy(frontend, "c1", { VITE_API_URL: api.url });
    expect(web.url).toBe(frontendUrl);
    const page = await fetch(web.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${web.url}/posts`)).status).toBe(200); // a client-side route
    expect(await builtScripts(web.url)).toContain(api.url);

    const res = await register(api.url, web.url, "first@example.com");
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe(web.url);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe("first@example.com");
  });

  it("a new commit replaces both processes behind the same URLs", async () => {
    checkout("c2");
    const api2 = await deploy(backend, "c2", backendEnv(frontendUrl));
    const web2 = await deploy(frontend, "c2", { VITE_API_URL: api2.url });
    expect(api2.url).toBe(api.url);
    expect(web2.url).toBe(web.url);
    for (const [old, now] of [
      [api, api2],
      [web, web2],
    ] as const) {
      expect(now.ids.pid).not.toBe(old.ids.pid);
      expect(processIdentity(Number(old.ids.pid)), `old ${old.service} pid ${old.ids.pid}`).toBeUndefined();
      expect(processIdentity(Number(now.ids.pid))).toBe(now.ids.processId);
      expect(now.ids.sourceDir).toContain(join("checkouts", "c2"));
    }
    expect((await fetch(`${api2.url}/health`)).status).toBe(200);
    expect((await register(api2.url, web2.url, "second@example.com")).status).toBe(201);
    expect(await builtScripts(web2.url)).toContain(api2.url);
    api = api2;
    web = web2;
  });

  it("a deploy that fails its health check (no JWT_SECRET in production) leaves the previous deployment answering", async () => {
    checkout("c3");
    const { JWT_SECRET: _omitted, ...withoutSecret } = backendEnv(frontendUrl);
    const error = (await deploy(backend, "c3", withoutSecret).catch((e: unknown) => e)) as DeployError;
    expect(error).toBeInstanceOf(DeployError);
    expect(error.phase).toBe("health");
    expect(error.message).toContain("JWT_SECRET is not set");
    expect(error.message).toContain("the previous deployment was left running");
    expect(error.message).not.toContain(db!.url);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(processIdentity(Number(api.ids.pid))).toBe(api.ids.processId);
    expect((await register(api.url, web.url, "third@example.com")).status).toBe(201);
  });

  it("stop ends every process and router", async () => {
    const entries = listLocalDeployments("blog");
    expect(entries.map((e) => e.service).sort()).toEqual(["backend", "frontend"]);
    const pids = entries.flatMap((e) => [e.process.pid, e.router.pid]);
    for (const entry of entries) await target.stop(localDeploymentRecord(entry));
    for (const pid of pids) expect(processIdentity(pid), `pid ${pid}`).toBeUndefined();
    expect(listLocalDeployments("blog")).toEqual([]);
    await expect(fetch(`${api.url}/health`)).rejects.toThrow();
    await expect(fetch(web.url)).rejects.toThrow();
  });
});
