import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalTarget, listLocalDeployments, localDeploymentRecord, readLocalDeployment } from "../../../src/deploy/local/index.js";
import { processIdentity } from "../../../src/deploy/local/processes.js";
import { DeployError, type ServiceDeployment } from "../../../src/deploy/types.js";
import type { ServiceManifest } from "../../../src/spec/manifest.js";

/**
 * The local target on real processes, with tiny stand-in services (plain
 * node, no npm) so it runs in seconds: install, build, start, health, the
 * stable URL through the router, replacement, a failed deploy leaving the
 * previous one serving, a rerun that changes nothing, and stop.
 * test/e2e/deploy-local.test.ts does the same with a generated app.
 */

const root = mkdtempSync(join(tmpdir(), "sw-local-target-"));
const home = join(root, "home");
const installsLog = join(root, "installs.log");
const previousHome = process.env.STACKWRIGHT_HOME;
const target = createLocalTarget({ healthTimeoutMs: 10_000, stopGraceMs: 3_000 });
const deployed: ServiceDeployment[] = [];

beforeAll(() => {
  process.env.STACKWRIGHT_HOME = home;
});
afterAll(async () => {
  for (const d of deployed) await target.stop(d).catch(() => undefined);
  if (previousHome === undefined) delete process.env.STACKWRIGHT_HOME;
  else process.env.STACKWRIGHT_HOME = previousHome;
  rmSync(root, { recursive: true, force: true });
});

const fakeInstall = [
  "node",
  "-e",
  `const fs = require("fs"); fs.mkdirSync("node_modules/dep", { recursive: true }); fs.writeFileSync("node_modules/dep/index.js", "module.exports = 42;"); fs.appendFileSync(${JSON.stringify(installsLog)}, "x"); console.log("installed 1 package");`,
];

const backend: ServiceManifest = {
  name: "backend",
  role: "backend",
  dir: "backend",
  framework: "express",
  language: "javascript",
  commands: { install: fakeInstall, start: ["node", "server.js"] },
  port: { env: "PORT", default: 3000 },
  healthPath: "/health",
  env: [
    { name: "REQUIRED", required: true, secret: true, source: "user", description: "" },
    { name: "TRUST_PROXY", required: false, secret: false, source: "constant", description: "" },
  ],
};

const frontend: ServiceManifest = {
  name: "frontend",
  role: "frontend",
  dir: "frontend",
  framework: "react-vite",
  language: "javascript",
  commands: {
    install: fakeInstall,
    build: ["node", "-e", `const fs = require("fs"); fs.mkdirSync("dist/assets", { recursive: true }); fs.writeFileSync("dist/index.html", "<title>app</title><script src=/assets/app-Ab12Cd34.js></script>"); fs.writeFileSync("dist/assets/app-Ab12Cd34.js", "fetch(" + JSON.stringify(process.env.VITE_API_URL) + ")");`],
    start: ["node", "-e", "process.exit(1)"],
  },
  port: { env: "PORT", default: 4173 },
  healthPath: "/",
  staticDir: "dist",
  env: [{ name: "VITE_API_URL", required: true, secret: false, source: "backend-url", description: "" }],
};

const SERVER = `
const http = require("http");
if (!process.env.REQUIRED) { console.error("Cannot start: REQUIRED is not set (have " + (process.env.OTHER_SECRET || "") + ")"); process.exit(1); }
const dep = require("./node_modules/dep");
const server = http.createServer((req, res) => {
  res.writeHead(req.url === "/health" ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify({ pid: process.pid, version: process.env.VERSION, dep, trustProxy: process.env.TRUST_PROXY, leaked: process.env.SW_TEST_HOST_SECRET ?? null }));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening on " + process.env.PORT));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

/** A fresh checkout of the "app" at a commit, as the deploy flow makes one per commit. */
function checkout(sha: string): { backend: string; frontend: string } {
  const dir = join(root, "checkouts", sha);
  for (const service of ["backend", "frontend"]) {
    mkdirSync(join(dir, service), { recursive: true });
    writeFileSync(join(dir, service, "package.json"), JSON.stringify({ name: `x-${service}`, dependencies: { dep: "1.0.0" } }));
  }
  writeFileSync(join(dir, "backend", "server.js"), SERVER);
  return { backend: join(dir, "backend"), frontend: join(dir, "frontend") };
}

const input = (service: ServiceManifest, sourceDir: string, sha: string, env: Record<string, string>) => ({ app: "demo", environment: "production", sha, service, sourceDir, env });
const health = async (url: string) => (await (await fetch(`${url}/health`)).json()) as { pid: number; version: string; dep: number; trustProxy?: string; leaked: string | null };
const installs = () => (existsSync(installsLog) ? readFileSync(installsLog, "utf8").length : 0);

describe("local target", () => {
  let first: ServiceDeployment;
  let second: ServiceDeployment;
  let reservedFrontend: string;

  it("reserves a service's URL before it is deployed", async () => {
    reservedFrontend = await target.reserveUrl("demo", "production", "frontend");
    expect(reservedFrontend).toMatch(/^http:\/\/127\.0\.0\.1:24\d{3}$/);
    expect(await target.reserveUrl("demo", "production", "frontend")).toBe(reservedFrontend);
  });

  it("deploys a backend: install, start on a free port, health check, a stable URL through the router, a registry entry", async () => {
    process.env.SW_TEST_HOST_SECRET = "the-host-process-secret";
    const lines: string[] = [];
    try {
      const dirs = checkout("sha1");
      first = await target.deploy({ ...input(backend, dirs.backend, "sha1", { REQUIRED: "yes-a-secret-value", VERSION: "1" }), log: (l) => lines.push(l) });
    } finally {
      delete process.env.SW_TEST_HOST_SECRET;
    }
    deployed.push(first);
    expect(first).toMatchObject({ target: "local", service: "backend", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(first.url).not.toBe(reservedFrontend);
    const answer = await health(first.url);
    expect(answer).toMatchObject({ version: "1", dep: 42, trustProxy: "loopback", leaked: null });
    expect(String(answer.pid)).toBe(first.ids.pid); // the recorded pid leads the process group (here node itself)
    expect(processIdentity(Number(first.ids.pid))).toBe(first.ids.processId);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^installing: node -e/), "health check passed (GET /health → 200)", `live at ${first.url}`]));
    // What is recorded holds no secret, and the log holds command output only.
    expect(JSON.stringify(first)).not.toContain("yes-a-secret-value");
    expect(readFileSync(first.logUrl!, "utf8")).not.toContain("yes-a-secret-value");
    expect(readFileSync(first.logUrl!, "utf8")).toContain("installed 1 package");
    expect(readLocalDeployment("demo", "production", "backend")).toMatchObject({ sha: "sha1", url: first.url, process: { pid: Number(first.ids.pid), kind: "command" } });
    expect(installs()).toBe(1);
  });

  it("redeploys a new commit behind the same URL, reusing the installed dependencies, and stops the old process", async () => {
    const dirs = checkout("sha2");
    second = await target.deploy(input(backend, dirs.backend, "sha2", { REQUIRED: "yes-a-secret-value", VERSION: "2" }));
    deployed.push(second);
    expect(second.url).toBe(first.url);
    expect(second.ids.pid).not.toBe(first.ids.pid);
    expect((await health(second.url)).version).toBe("2");
    expect(processIdentity(Number(first.ids.pid))).toBeUndefined();
    expect(second.ids.routerPid).toBe(first.ids.routerPid);
    expect(installs()).toBe(1); // linked from the store, not installed again
    expect(readFileSync(second.logUrl!, "utf8")).toMatch(/reused the installed node_modules \(1 files linked/);
  });

  it("a deploy whose health check fails leaves the previous deployment serving, and says why without secrets", async () => {
    const dirs = checkout("sha3");
    const error = (await target.deploy(input(backend, dirs.backend, "sha3", { OTHER_SECRET: "hunter2-but-longer", VERSION: "3" })).catch((e: unknown) => e)) as DeployError;
    expect(error).toBeInstanceOf(DeployError);
    expect(error.phase).toBe("health");
    expect(error.message).toContain("the process exited (1) before answering 200 on /health; the previous deployment was left running");
    expect(error.message).toContain("Cannot start: REQUIRED is not set (have [redacted])");
    expect(error.message).not.toContain("hunter2-but-longer");
    expect(error.logUrl).toMatch(/\.log$/);
    const answer = await health(first.url);
    expect(answer.version).toBe("2");
    expect(readLocalDeployment("demo", "production", "backend")?.sha).toBe("sha2");
  });

  it("a rerun of the live deploy changes nothing", async () => {
    const logsBefore = readdirSync(join(home, "local", "deployments", "demo", "production", "logs", "backend")).length;
    const again = await target.deploy(input(backend, join(root, "checkouts", "sha2", "backend"), "sha2", { REQUIRED: "yes-a-secret-value", VERSION: "2" }));
    expect(again.ids).toEqual(second.ids);
    expect(readdirSync(join(home, "local", "deployments", "demo", "production", "logs", "backend")).length).toBe(logsBefore);
    // Changed settings (as when the flow connects the frontend's origin) are a real redeploy.
    const connected = await target.deploy(input(backend, join(root, "checkouts", "sha2", "backend"), "sha2", { REQUIRED: "yes-a-secret-value", VERSION: "2b" }));
    deployed.push(connected);
    expect(connected.ids.pid).not.toBe(second.ids.pid);
    expect(connected.url).toBe(second.url);
    expect((await health(connected.url)).version).toBe("2b");
    expect(installs()).toBe(1); // same checkout, same dependencies: nothing installed over the linked tree
    expect(readFileSync(connected.logUrl!, "utf8")).toContain("dependencies already installed in this checkout");
    second = connected;
  });

  it("deploys a static frontend on its reserved URL, built with the backend URL, with the SPA fallback", async () => {
    const dirs = checkout("sha2");
    const web = await target.deploy(input(frontend, dirs.frontend, "sha2", { VITE_API_URL: second.url }));
    deployed.push(web);
    expect(web.url).toBe(reservedFrontend);
    const page = await fetch(`${web.url}/posts/1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>app</title>");
    const script = await fetch(`${web.url}/assets/app-Ab12Cd34.js`);
    expect(script.headers.get("cache-control")).toContain("immutable");
    expect(await script.text()).toContain(second.url);
    expect(readLocalDeployment("demo", "production", "frontend")?.process.kind).toBe("static");
  });

  it("stop ends the processes and routers and forgets them; stopping again is fine", async () => {
    const entries = listLocalDeployments("demo");
    expect(entries.map((e) => e.service)).toEqual(["backend", "frontend"]);
    const pids = entries.flatMap((e) => [e.process, e.router]);
    for (const entry of entries) await target.stop(localDeploymentRecord(entry));
    for (const p of pids) expect(processIdentity(p.pid), `pid ${p.pid}`).toBeUndefined();
    expect(listLocalDeployments("demo")).toEqual([]);
    await expect(fetch(first.url)).rejects.toThrow();
    for (const d of deployed) await target.stop(d);
  });
});
