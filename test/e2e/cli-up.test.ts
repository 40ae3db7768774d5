import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../support/processes.js";

/**
 * The README's first command, through the real bin: generate the blog app,
 * `stackwright up` it with embedded defaults (no PostgreSQL server given:
 * embedded PostgreSQL), use it over HTTP, `up` again (nothing to redo),
 * `down`.
 */

const root = mkdtempSync(join(tmpdir(), "stackwright-cli-up-"));
const home = join(root, "home");
const app = join(root, "blog");
const CLI = join(process.cwd(), "bin", "stackwright.js");
const env = { STACKWRIGHT_HOME: home, STACKWRIGHT_POSTGRES_URL: undefined, DATABASE_URL: undefined };
const stackwright = (...args: string[]) => run(["node", CLI, ...args], { cwd: root, env, timeoutMs: 300_000 });

afterAll(async () => {
  await stackwright("down", app);
  rmSync(root, { recursive: true, force: true });
});

describe("stackwright generate && stackwright up, on embedded defaults", () => {
  let urls: { frontend: string; backend: string };

  it("runs the generated app: embedded PostgreSQL, migrations, backend and frontend", async () => {
    const generated = await stackwright("generate", "Create a blog app with Express backend and React frontend", "--out", app);
    expect(generated.code).toBe(0);
    const up = await stackwright("up", app, "--json");
    if (up.code !== 0) throw new Error(up.output);
    const summary = JSON.parse(up.stdout) as { urls: typeof urls; resources: { provider: string; ids: Record<string, string> }[] };
    urls = summary.urls;
    expect(summary.resources).toEqual([expect.objectContaining({ kind: "postgres", provider: "local", ids: expect.objectContaining({ engine: "pglite" }) })]);
    console.log(`stackwright up (first run, embedded PostgreSQL): ${(up.durationMs / 1000).toFixed(1)} s`);

    expect((await fetch(`${urls.backend}/health`)).status).toBe(200);
    const register = await fetch(`${urls.backend}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: urls.frontend },
      body: JSON.stringify({ email: "ada@example.com", password: "correct horse battery" }),
    });
    expect(register.status).toBe(201);
    expect(register.headers.get("access-control-allow-origin")).toBe(urls.frontend);
    const { accessToken } = (await register.json()) as { accessToken: string };
    const post = await fetch(`${urls.backend}/api/posts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ title: "Hello", body: "From an embedded database." }),
    });
    expect(post.status).toBe(201);
    const page = await fetch(urls.frontend);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it("refuses to generate into the non-empty app directory unless --force", async () => {
    const again = await stackwright("generate", "a todo app", "--out", app);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/is not empty\. Choose another --out directory, or pass --force/);
    expect(readFileSync(join(app, "stackwright.json"), "utf8")).toContain('"name": "blog"');
  });

  it("does nothing a second time but report the same URLs, and keeps the data", async () => {
    const again = await stackwright("up", app, "--json");
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { urls: typeof urls }).urls).toEqual(urls);
    const list = (await (await fetch(`${urls.backend}/api/posts`)).json()) as { total: number };
    expect(list.total).toBe(1);
  });

  it("stops everything on down", async () => {
    const down = await stackwright("down", app);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/Stopped backend and frontend of blog/);
    await expect(fetch(`${urls.backend}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
