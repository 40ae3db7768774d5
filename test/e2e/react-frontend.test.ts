import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSpec } from "../../src/spec/app-spec.js";
import { describeApp } from "../../src/spec/model.js";
import { reactTemplate } from "../../templates/react/index.js";
import type { ServiceRender } from "../../templates/types.js";
import { blogSpec, shopSpec } from "../fixtures/specs.js";

/**
 * Renders the React frontend for real specs, installs it from the npm
 * registry, builds it with `npm run build` and serves it with the manifest's
 * start command. The second app reuses the first one's node_modules (their
 * dependencies are identical), so the registry is asked only once.
 */

const API_URL = "http://api.example.test:1234";
const root = mkdtempSync(join(tmpdir(), "stackwright-react-"));

interface BuiltApp {
  dir: string;
  render: ServiceRender;
  buildStatus: number | null;
  buildOutput: string;
}

function renderApp(spec: AppSpec): { dir: string; render: ServiceRender } {
  const render = reactTemplate.render(describeApp(spec));
  const appDir = join(root, spec.name);
  for (const file of render.files) {
    const path = join(appDir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return { dir: join(appDir, render.service.dir), render };
}

function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const [command, ...args] = argv;
  const result = spawnSync(command!, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 300_000 });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}

function install(app: { dir: string; render: ServiceRender }): void {
  const started = Date.now();
  const result = run([...app.render.service.commands.install, "--prefer-offline"], app.dir);
  if (result.status !== 0) throw new Error(`npm install failed in ${app.dir}:\n${result.output}`);
  console.log(`npm install (${app.dir}): ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function build(app: { dir: string; render: ServiceRender }): BuiltApp {
  const started = Date.now();
  const { status, output } = run(app.render.service.commands.build!, app.dir, { VITE_API_URL: API_URL });
  console.log(`npm run build (${app.dir}): ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { ...app, buildStatus: status, buildOutput: output };
}

const dependencies = (dir: string) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return JSON.stringify([pkg.dependencies, pkg.devDependencies]);
};

function builtScripts(dir: string): string {
  const assets = join(dir, "dist", "assets");
  return readdirSync(assets)
    .filter((file) => file.endsWith(".js"))
    .map((file) => readFileSync(join(assets, file), "utf8"))
    .join("\n");
}

const apps = new Map<string, BuiltApp>();

beforeAll(() => {
  const blog = renderApp(blogSpec);
  const shop = renderApp(shopSpec);
  install(blog);
  if (dependencies(blog.dir) === dependencies(shop.dir)) {
    cpSync(join(blog.dir, "node_modules"), join(shop.dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  } else {
    install(shop);
  }
  apps.set("blog", build(blog));
  apps.set("shop", build(shop));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.each(["blog", "shop"])("the React frontend of %s", (name) => {
  const app = () => apps.get(name)!;

  it("builds with npm run build", () => {
    expect(app().buildStatus, app().buildOutput).toBe(0);
    expect(existsSync(join(app().dir, app().render.service.staticDir!, "index.html"))).toBe(true);
  });

  it("bakes VITE_API_URL into the built JavaScript", () => {
    expect(builtScripts(app().dir)).toContain(API_URL);
  });

  it("ships the web manifest, icons and a service worker stamped with this build's files", () => {
    const dist = join(app().dir, "dist");
    const manifest = JSON.parse(readFileSync(join(dist, "manifest.webmanifest"), "utf8"));
    for (const icon of manifest.icons) expect(existsSync(join(dist, icon.src))).toBe(true);
    const sw = readFileSync(join(dist, "sw.js"), "utf8");
    expect(sw).not.toContain('const BUILD_VERSION = "dev";');
    const files = JSON.parse(/const BUILD_FILES = (\[.*\]);/.exec(sw)![1]!) as string[];
    expect(files).toContain("index.html");
    for (const file of files) expect(existsSync(join(dist, file)), file).toBe(true);
  });
});

describe("the manifest's start command", () => {
  let server: ChildProcess | undefined;

  afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  it("serves the built blog app on $PORT, with index.html for app routes", async () => {
    const blog = apps.get("blog")!;
    expect(blog.buildStatus, blog.buildOutput).toBe(0);
    const port = await freePort();
    const [command, ...args] = blog.render.service.commands.start;
    server = spawn(command!, args, { cwd: blog.dir, env: { ...process.env, PORT: String(port) }, detached: true, stdio: "ignore" });
    const base = `http://127.0.0.1:${port}`;
    const home = await waitForOk(`${base}/`);
    expect(home).toContain('<div id="root"></div>');
    expect(await waitForOk(`${base}/posts/00000000-0000-0000-0000-000000000000`)).toContain('<div id="root"></div>');
    expect(await waitForOk(`${base}/sw.js`)).toContain("BUILD_FILES");
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForOk(url: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      if (response.ok) return await response.text();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}
