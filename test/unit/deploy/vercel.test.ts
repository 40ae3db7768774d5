import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DeployError, type ServiceDeployInput } from "../../../src/deploy/types.js";
import { createVercelTarget, retryAfterMs, shellJoin, vercelProjectName, type VercelTargetOptions } from "../../../src/deploy/vercel/index.js";
import type { ServiceManifest } from "../../../src/spec/manifest.js";
import { renderApp } from "../../../templates/index.js";
import { blogSpec } from "../../fixtures/specs.js";

/**
 * The Vercel target against nock (v14 intercepts the native fetch that both
 * @vercel/client and our REST calls use), following the request sequence of
 * the provider reference §2: project get/create, env upsert, POST
 * /v13/deployments → 400 missing_files → POST /v2/files → POST again → poll
 * GET /v13/deployments/:id. Any request without an interceptor is recorded
 * and fails the test, so "creates nothing new" is checked, not assumed.
 */

const API = "https://api.vercel.test";
const TOKEN = "vercel-test-token-0123456789";
const frontend = renderApp(blogSpec, { generatorVersion: "0.0.0-test", mode: "offline" }).manifest.services.find((s) => s.role === "frontend") as ServiceManifest;

let root: string;
let unmatched: string[];
const onNoMatch = (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
  unmatched.push(`${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
};

beforeAll(() => {
  // @vercel/client adds VERCEL_TEAM_ID from the environment to its requests.
  delete process.env.VERCEL_TEAM_ID;
  nock.disableNetConnect();
  nock.emitter.on("no match", onNoMatch);
});
afterAll(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  nock.enableNetConnect();
  nock.restore();
});

beforeEach(() => {
  unmatched = [];
  root = mkdtempSync(join(tmpdir(), "sw-vercel-"));
});
afterEach(() => {
  nock.cleanAll();
  rmSync(root, { recursive: true, force: true });
});

/** A frontend checkout: more than HTML, so @vercel/client takes the upload path (reference §2.4, inline mode). */
function checkout(name = "frontend"): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "blog-frontend", scripts: { build: "vite build" } }));
  writeFileSync(join(dir, "index.html"), "<!doctype html><div id=root></div><script type=module src=/src/main.js></script>");
  writeFileSync(join(dir, "src", "main.js"), "console.log(import.meta.env.VITE_API_URL);\n");
  return dir;
}

function target(extra: Partial<VercelTargetOptions> = {}) {
  const waits: number[] = [];
  const t = createVercelTarget({
    token: TOKEN,
    apiUrl: API,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
  return { target: t, waits };
}

function input(sourceDir: string, overrides: Partial<ServiceDeployInput> = {}): ServiceDeployInput {
  return { app: "blog", environment: "production", sha: "a".repeat(40), service: frontend, sourceDir, env: { VITE_API_URL: "https://blog-api.example.test" }, ...overrides };
}

const project = { id: "prj_blog", name: "sw-blog", framework: "vite", buildCommand: "npm run build", installCommand: "npm install --no-audit --no-fund --include=dev", outputDirectory: "dist", ssoProtection: null };

interface FileEntry {
  file: string;
  sha: string;
  size: number;
}

/** POST /v13/deployments → 400 missing_files (every file) → POST /v2/files per file → POST /v13/deployments → 200 `created`. */
function deploymentCreation(scope: nock.Scope, created: Record<string, unknown>, bodies: Record<string, unknown>[] = []) {
  const uploaded: string[] = [];
  scope
    .post("/v13/deployments")
    .query({ skipAutoDetectionConfirmation: "1" })
    .reply(400, (_uri, body) => {
      const files = (body as { files: FileEntry[] }).files;
      bodies.push(body as Record<string, unknown>);
      return { error: { code: "missing_files", message: "Missing files", missing: files.map((f) => f.sha) } };
    })
    .post("/v2/files")
    .times(4)
    .reply(function () {
      uploaded.push(String(this.req.headers["x-now-digest"]));
      return [200, {}];
    })
    .post("/v13/deployments")
    .query({ skipAutoDetectionConfirmation: "1" })
    .reply(200, (_uri, body) => {
      bodies.push(body as Record<string, unknown>);
      return { url: "sw-blog-h4sh.vercel.app", inspectorUrl: "https://vercel.com/team/sw-blog/dpl_1", readyState: "QUEUED", aliasAssigned: null, ...created };
    });
  return uploaded;
}

describe("Vercel target", () => {
  it("names projects per app and environment within Vercel's rules, and joins argv as shell words", () => {
    expect(vercelProjectName("blog", "production")).toBe("sw-blog");
    expect(vercelProjectName("blog", "pr-12")).toBe("sw-blog-pr-12");
    expect(vercelProjectName("My App", "PR 7!")).toBe("sw-my-app-pr-7");
    expect(shellJoin(["npm", "install", "--include=dev"])).toBe("npm install --include=dev");
    expect(shellJoin(["sh", "-c", "echo it's"])).toBe(`sh -c 'echo it'\\''s'`);
  });

  it("supports Vite and Next.js frontends only", () => {
    const { target: t } = target();
    expect(t.supports(frontend)).toBe(true);
    expect(t.supports({ ...frontend, role: "backend", framework: "express" })).toBe(false);
  });

  it("success: creates the project public (ssoProtection null), sets the build env, uploads, polls to READY and returns the production alias", async () => {
    const dir = checkout();
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
    scope
      .get("/v9/projects/sw-blog")
      .reply(404, { error: { code: "not_found", message: "Project not found" } })
      .post("/v11/projects", (body) => {
        expect(body).toEqual({
          name: "sw-blog",
          framework: "vite",
          buildCommand: "npm run build",
          installCommand: "npm install --no-audit --no-fund --include=dev",
          outputDirectory: "dist",
          ssoProtection: null,
        });
        return true;
      })
      .reply(200, project)
      .post("/v10/projects/prj_blog/env", (body) => {
        expect(body).toEqual([{ key: "VITE_API_URL", value: "https://blog-api.example.test", type: "encrypted", target: ["production", "preview"] }]);
        return true;
      })
      .query({ upsert: "true" })
      .reply(201, { created: [{ id: "env_1", key: "VITE_API_URL" }], failed: [] });
    const bodies: Record<string, unknown>[] = [];
    const uploaded = deploymentCreation(scope, { id: "dpl_1" }, bodies);
    scope
      .get("/v13/deployments/dpl_1")
      .reply(200, { id: "dpl_1", url: "sw-blog-h4sh.vercel.app", readyState: "BUILDING", inspectorUrl: "https://vercel.com/team/sw-blog/dpl_1" })
      .get("/v13/deployments/dpl_1")
      .reply(200, { id: "dpl_1", url: "sw-blog-h4sh.vercel.app", readyState: "READY", aliasAssigned: 1_700_000_000_000, alias: ["sw-blog-git-main-team.vercel.app", "sw-blog.vercel.app"], inspectorUrl: "https://vercel.com/team/sw-blog/dpl_1" });

    const lines: string[] = [];
    const { target: t, waits } = target();
    const result = await t.deploy(input(dir, { log: (l) => lines.push(l) }));

    expect(unmatched).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({
      target: "vercel",
      service: "frontend",
      url: "https://sw-blog.vercel.app",
      ids: { projectId: "prj_blog", projectName: "sw-blog", deploymentId: "dpl_1", environment: "production", sha: "a".repeat(40) },
      logUrl: "https://vercel.com/team/sw-blog/dpl_1",
    });
    // Ids and URLs only: neither the token nor an env value is recorded.
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain("blog-api.example.test");
    // The deployment: named after the project, production target, the build settings, the commit.
    const final = bodies[1]!;
    expect(final).toMatchObject({ name: "sw-blog", project: "prj_blog", target: "production", projectSettings: { framework: "vite", outputDirectory: "dist", buildCommand: "npm run build" }, meta: { githubCommitSha: "a".repeat(40) } });
    const files = (final.files as FileEntry[]).map((f) => f.file).sort();
    expect(files).toEqual(["index.html", "package.json", "src/main.js", "vercel.json"]);
    expect(uploaded.sort()).toEqual((final.files as FileEntry[]).map((f) => f.sha).sort());
    // The SPA fallback was added for the Vite build.
    expect(JSON.parse(readFileSync(join(dir, "vercel.json"), "utf8")).rewrites[0]).toEqual({ source: "/((?!assets/).*)", destination: "/index.html" });
    expect(waits).toEqual([1_000, 1_000]);
    expect(lines).toContain("created Vercel project sw-blog");
    expect(lines.at(-1)).toBe("live at https://sw-blog.vercel.app");
  });

  it("turns Vercel Authentication off on an existing project that has it on (one PATCH), without creating a project", async () => {
    const dir = checkout();
    const scope = nock(API)
      .get("/v9/projects/sw-blog")
      .reply(200, { ...project, ssoProtection: { deploymentType: "preview" } })
      .patch("/v9/projects/prj_blog", { ssoProtection: null })
      .reply(200, { ...project, ssoProtection: null })
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [], failed: [] });
    deploymentCreation(scope, { id: "dpl_1", readyState: "READY", aliasAssigned: true, alias: ["sw-blog.vercel.app"] });
    const { target: t } = target();
    const result = await t.deploy(input(dir));
    expect(unmatched).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(result.url).toBe("https://sw-blog.vercel.app");
  });

  it("a failing build: ERROR → DeployError with the inspector URL and redacted build log lines; the previous deployment is not touched", async () => {
    const dir = checkout();
    const secret = "sk-live-do-not-print-4242";
    const scope = nock(API)
      .get("/v9/projects/prj_blog")
      .reply(200, project)
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [{}, {}], failed: [] });
    deploymentCreation(scope, { id: "dpl_2", inspectorUrl: "https://vercel.com/team/sw-blog/dpl_2" });
    scope
      .get("/v13/deployments/dpl_2")
      .reply(200, { id: "dpl_2", readyState: "ERROR", errorCode: "BUILD_FAILED", errorMessage: 'Command "npm run build" exited with 1', inspectorUrl: "https://vercel.com/team/sw-blog/dpl_2" })
      .get("/v3/deployments/dpl_2/events")
      .query({ builds: "1", direction: "backward", limit: "100" })
      .reply(200, [
        { type: "stderr", created: 3, payload: { text: "Error: Could not resolve ./App.jsx" } },
        { type: "stdout", created: 2, payload: { text: `building with PAYMENT_KEY=${secret}` } },
        { type: "command", created: 1, payload: { text: "Running \"npm run build\"" } },
      ]);

    const previous = { target: "vercel", service: "frontend", url: "https://sw-blog.vercel.app", ids: { projectId: "prj_blog", projectName: "sw-blog", deploymentId: "dpl_old", environment: "production", sha: "b".repeat(40) } };
    const { target: t } = target();
    const error = await t.deploy(input(dir, { previous, env: { VITE_API_URL: "https://blog-api.example.test", PAYMENT_KEY: secret } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeployError);
    const deployError = error as DeployError;
    expect(deployError.phase).toBe("build");
    expect(deployError.logUrl).toBe("https://vercel.com/team/sw-blog/dpl_2");
    expect(deployError.message).toContain("BUILD_FAILED");
    expect(deployError.message).toContain("the previous deployment stays live");
    expect(deployError.message).toMatch(/Running "npm run build"\nbuilding with PAYMENT_KEY=\[redacted\]\nError: Could not resolve \.\/App\.jsx/);
    expect(deployError.message).not.toContain(secret);
    // Nothing was asked of dpl_old (no DELETE, no PATCH, no promote) and no project was created.
    expect(unmatched).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("honours a 429's Retry-After on the REST calls and a rate_limited deployment create, with the injected sleep", async () => {
    const dir = checkout();
    let now = 1_800_000_000_000;
    const scope = nock(API)
      .get("/v9/projects/sw-blog")
      .reply(429, { error: { code: "rate_limited", message: "Too many requests" } }, { "Retry-After": "7" })
      .get("/v9/projects/sw-blog")
      .reply(200, project)
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [], failed: [] })
      // The create itself rate limited: @vercel/client turns it into an error event (the body, no headers), with limit.reset.
      .post("/v13/deployments")
      .query({ skipAutoDetectionConfirmation: "1" })
      .reply(429, () => ({ error: { code: "rate_limited", message: "Rate limit exceeded", limit: { remaining: 0, reset: Math.floor(now / 1000) + 3, total: 100 } } }));
    deploymentCreation(scope, { id: "dpl_3", readyState: "READY", aliasAssigned: true, alias: ["sw-blog.vercel.app"] });
    const { target: t, waits } = target({ now: () => now });
    const result = await t.deploy(input(dir));
    expect(unmatched).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(waits).toEqual([7_000, 3_000]);
    expect(result.ids.deploymentId).toBe("dpl_3");
    now += 0;
  });

  it("a 429 asking for longer than the wait budget fails at once, saying when to retry", async () => {
    const dir = checkout();
    nock(API).get("/v9/projects/sw-blog").reply(429, { error: { code: "rate_limited", message: "Too many requests" } }, { "Retry-After": "3600" });
    const { target: t, waits } = target();
    const error = (await t.deploy(input(dir)).catch((e: unknown) => e)) as DeployError;
    expect(error).toBeInstanceOf(DeployError);
    expect(error.phase).toBe("configure");
    expect(error.message).toContain("retry in 3600 s");
    expect(waits).toEqual([]);
  });

  it("a rerun with the previous ids creates nothing: no project, no env write, no deployment, when the same commit is live", async () => {
    const dir = checkout();
    // First deploy, to get a real record.
    const first = nock(API)
      .get("/v9/projects/sw-blog")
      .reply(200, project)
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [], failed: [] });
    deploymentCreation(first, { id: "dpl_1", readyState: "READY", aliasAssigned: true, alias: ["sw-blog.vercel.app"] });
    const { target: t } = target();
    const deployed = await t.deploy(input(dir));
    expect(first.isDone()).toBe(true);
    const previous = { target: deployed.target, service: deployed.service, url: deployed.url, ids: deployed.ids };

    // The rerun: one GET of the recorded deployment, nothing else.
    const rerun = nock(API).get("/v13/deployments/dpl_1").reply(200, { id: "dpl_1", readyState: "READY", url: "sw-blog-h4sh.vercel.app", alias: ["sw-blog.vercel.app"], aliasAssigned: true });
    const again = await t.deploy(input(dir, { previous }));
    expect(rerun.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(again).toMatchObject({ url: "https://sw-blog.vercel.app", ids: previous.ids });
  });

  it("a new commit with the previous ids reuses the recorded project (no POST /v11/projects)", async () => {
    const dir = checkout();
    const previous = { target: "vercel", service: "frontend", url: "https://sw-blog.vercel.app", ids: { projectId: "prj_blog", projectName: "sw-blog", deploymentId: "dpl_1", environment: "production", sha: "a".repeat(40), configHash: "x" } };
    const scope = nock(API)
      .get("/v9/projects/prj_blog")
      .reply(200, project)
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [], failed: [] });
    deploymentCreation(scope, { id: "dpl_4", readyState: "READY", aliasAssigned: true, alias: ["sw-blog.vercel.app"] });
    const { target: t } = target();
    const result = await t.deploy(input(dir, { previous, sha: "c".repeat(40) }));
    expect(unmatched).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(result.ids).toMatchObject({ projectId: "prj_blog", deploymentId: "dpl_4", sha: "c".repeat(40) });
  });

  it("reports env vars Vercel refused inside a 2xx", async () => {
    const dir = checkout();
    nock(API)
      .get("/v9/projects/sw-blog")
      .reply(200, project)
      .post("/v10/projects/prj_blog/env")
      .query({ upsert: "true" })
      .reply(201, { created: [], failed: [{ error: { code: "ENV_CONFLICT", message: "conflicts with a system variable", key: "VITE_API_URL" } }] });
    const { target: t } = target();
    const error = (await t.deploy(input(dir)).catch((e: unknown) => e)) as DeployError;
    expect(error.phase).toBe("configure");
    expect(error.message).toContain("VITE_API_URL: ENV_CONFLICT");
    expect(error.message).not.toContain("blog-api.example.test");
  });

  it("stop deletes the deployment; for a preview environment also its project; already gone is fine", async () => {
    const { target: t } = target();
    const production = nock(API).delete("/v13/deployments/dpl_1").reply(200, { uid: "dpl_1", state: "DELETED" });
    await t.stop({ target: "vercel", service: "frontend", url: "https://sw-blog.vercel.app", ids: { projectId: "prj_blog", deploymentId: "dpl_1", environment: "production" } });
    expect(production.isDone()).toBe(true);

    const preview = nock(API)
      .delete("/v13/deployments/dpl_9")
      .reply(404, { error: { code: "not_found", message: "Deployment not found" } })
      .delete("/v9/projects/prj_pr")
      .reply(204);
    await t.stop({ target: "vercel", service: "frontend", url: "https://sw-blog-pr-12.vercel.app", ids: { projectId: "prj_pr", deploymentId: "dpl_9", environment: "pr-12" } });
    expect(preview.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it("fails clearly without a token", async () => {
    const t = createVercelTarget({ token: "", apiUrl: API });
    const error = (await t.deploy(input(checkout())).catch((e: unknown) => e)) as DeployError;
    expect(error.phase).toBe("configure");
    expect(error.message).toContain("VERCEL_TOKEN is not set");
  });

  it("reads Retry-After as seconds or a date, else the body's limit.reset", () => {
    const now = 1_000_000;
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), undefined, now)).toBe(2_000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(now + 5_000).toUTCString() }), undefined, now)).toBe(5_000);
    expect(retryAfterMs(new Headers(), { error: { limit: { reset: 1_010 } } }, now)).toBe(10_000);
    expect(retryAfterMs(new Headers(), {}, now)).toBeUndefined();
  });
});
