import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManifestSchema, type Manifest, type ServiceManifest } from "../../src/spec/manifest.js";
import { describeApp } from "../../src/spec/model.js";
import { checkContract } from "../support/contract/index.js";
import { createScratchDatabase, postgresAvailable, queryDatabase, type ScratchDatabase } from "../support/postgres.js";
import { freePort, npmInstall, run, runOk, startServer, type RunningServer } from "../support/processes.js";

/**
 * The foundation's promise, end to end through the real CLI: a prompt becomes
 * an app that installs from the npm registry, migrates a real PostgreSQL
 * database, starts, keeps the HTTP contract, passes its own tests, and whose
 * frontend builds; `stackwright verify` passes on it and fails, naming file and
 * line, on broken copies.
 */

const PROMPTS = [
  { prompt: "Create a blog app with Express backend and React frontend", entities: ["User", "Post", "Comment"] },
  { prompt: "A todo app with projects and tasks", entities: ["User", "Project", "Task"] },
  { prompt: "An online shop with products, categories and orders", entities: ["User", "Product", "Category", "Order"] },
] as const;

const CLI = join(process.cwd(), "bin", "stackwright.js");
const JWT_SECRET = "e2e-secret-that-is-certainly-longer-than-32-characters";
const root = mkdtempSync(join(tmpdir(), "stackwright-prompts-"));
const databases: ScratchDatabase[] = [];
const servers: RunningServer[] = [];

interface Generated {
  dir: string;
  manifest: Manifest;
  summary: { files: { path: string }[]; framework: { backend: string; frontend: string }; databases: string[]; migrations: unknown[]; envVars: { name: string }[] };
  service(role: "backend" | "frontend"): ServiceManifest;
}
const generated = new Map<string, Generated>();

const stackwright = (args: string[], cwd = root) => run(["node", CLI, ...args], { cwd, timeoutMs: 120_000 });

async function scratchDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase("sw_prompt");
  databases.push(db);
  return db;
}

beforeAll(async () => {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this test");
  const installs = new Map<string, string>();
  for (const [index, { prompt }] of PROMPTS.entries()) {
    const dir = join(root, `app-${index}`);
    const result = await stackwright(["generate", prompt, "--out", dir, "--json"]);
    if (result.code !== 0) throw new Error(`generate failed:\n${result.output}`);
    const summary = JSON.parse(result.stdout) as Generated["summary"];
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(dir, "stackwright.json"), "utf8")));
    const app: Generated = {
      dir,
      manifest,
      summary,
      service: (role) => manifest.services.find((s) => s.role === role)!,
    };
    generated.set(prompt, app);
    // Apps with identical dependencies share one install per service.
    for (const service of manifest.services) {
      const serviceDir = join(dir, service.dir);
      const key = `${service.role}:${JSON.stringify(JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8"), (k, v) => (k === "name" ? undefined : v)))}`;
      const shared = installs.get(key);
      if (shared) symlinkSync(join(shared, "node_modules"), join(serviceDir, "node_modules"), "dir");
      else {
        const installed = await npmInstall(serviceDir);
        console.log(`npm install (${service.role} of "${prompt}"): ${(installed.durationMs / 1000).toFixed(1)} s`);
        installs.set(key, serviceDir);
      }
    }
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(databases.map((db) => db.drop().catch((error: unknown) => console.error(`could not drop ${db.name}:`, error))));
  rmSync(root, { recursive: true, force: true });
});

describe.each(PROMPTS)("$prompt", ({ prompt, entities }) => {
  const app = () => generated.get(prompt)!;

  it("generates the expected app and says so in the JSON summary", () => {
    const { summary, manifest } = app();
    expect(manifest.spec.entities.map((e) => e.name)).toEqual(expect.arrayContaining([...entities]));
    expect(summary.framework).toEqual({ backend: "express", frontend: "react-vite" });
    expect(summary.databases).toContain("postgresql");
    expect(summary.migrations.length).toBeGreaterThanOrEqual(entities.length);
    expect(summary.envVars.map((v) => v.name)).toEqual(expect.arrayContaining(["DATABASE_URL", "JWT_SECRET", "FRONTEND_ORIGIN", "PORT"]));
    expect(summary.files.map((f) => f.path)).toEqual(expect.arrayContaining(["stackwright.json", "backend/package.json", "frontend/package.json", "frontend/public/sw.js"]));
  });

  it("passes stackwright verify", async () => {
    const result = await stackwright(["verify", app().dir, "--json"]);
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: unknown[]; checks: { id: string; status: string }[] };
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(result.code).toBe(0);
    expect(report.checks.find((c) => c.id === "migrations")?.status).toBe("pass");
  });

  let backendUrl = "";
  let db: ScratchDatabase;

  it("migrates a real PostgreSQL database, starts, and keeps the HTTP contract", async () => {
    const backend = app().service("backend");
    const cwd = join(app().dir, backend.dir);
    db = await scratchDatabase();
    await runOk(backend.commands.migrate!, { cwd, env: { DATABASE_URL: db.url } });
    const again = await runOk(backend.commands.migrate!, { cwd, env: { DATABASE_URL: db.url } });
    expect(again.output).toContain("database is up to date");

    const port = await freePort();
    const server = await startServer({
      argv: backend.commands.start,
      cwd,
      port,
      healthPath: backend.healthPath!,
      env: { PORT: String(port), DATABASE_URL: db.url, JWT_SECRET, FRONTEND_ORIGIN: "http://localhost:4173", NODE_ENV: "production" },
    });
    servers.push(server);
    backendUrl = server.url;
    const users = describeApp(app().manifest.spec).user!.table;
    const report = await checkContract(server.url, app().manifest.spec, {
      promoteToAdmin: async (email) => void (await queryDatabase(db.url, `update ${users} set role = 'admin' where email = $1`, [email])),
    });
    console.log(`contract ("${prompt}"): ${report.checks.length} checks in ${report.durationMs} ms`);
    expect(report.skipped).toEqual([]);
    expect(report.checks).toEqual(
      expect.arrayContaining([expect.stringMatching(/register/i), expect.stringMatching(/refresh/i), expect.stringMatching(/409/), expect.stringMatching(/403/), expect.stringMatching(/401/), expect.stringMatching(/400/)]),
    );
  });

  it("passes its own backend tests", async () => {
    const backend = app().service("backend");
    const testDb = await scratchDatabase();
    const result = await run(backend.commands.test!, { cwd: join(app().dir, backend.dir), env: { DATABASE_URL: testDb.url, NODE_ENV: undefined } });
    if (result.code !== 0) throw new Error(`npm test failed:\n${result.output.slice(-6000)}`);
    expect(Number(/^# fail (\d+)$/m.exec(result.output)?.[1])).toBe(0);
    expect(Number(/^# pass (\d+)$/m.exec(result.output)?.[1])).toBeGreaterThan(10);
  });

  it("builds its frontend with vite build, pointed at the backend", async () => {
    const frontend = app().service("frontend");
    const cwd = join(app().dir, frontend.dir);
    await runOk(frontend.commands.build!, { cwd, env: { VITE_API_URL: backendUrl } });
    const html = readFileSync(join(cwd, frontend.staticDir!, "index.html"), "utf8");
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(readFileSync(join(cwd, frontend.staticDir!, script!), "utf8")).toContain(backendUrl);
  });
});

describe("stackwright verify on broken copies", () => {
  const blog = () => generated.get(PROMPTS[0].prompt)!;
  function brokenCopy(name: string, edit: (dir: string) => void): string {
    const dir = join(root, `broken-${name}`);
    cpSync(blog().dir, dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(`${"/"}dist`) });
    edit(dir);
    return dir;
  }
  async function verifyFails(dir: string) {
    const result = await stackwright(["verify", dir]);
    expect(result.code).toBe(1);
    return result.stdout;
  }

  it("names the file and line of a syntax error", async () => {
    const dir = brokenCopy("syntax", (d) => {
      const path = join(d, "backend/src/app.js");
      const lines = readFileSync(path, "utf8").split("\n");
      lines.splice(4, 0, "const broken = {;");
      writeFileSync(path, lines.join("\n"));
    });
    expect(await verifyFails(dir)).toMatch(/backend\/src\/app\.js:5:\d+/);
  });

  it("names the file and line of an undeclared import", async () => {
    const dir = brokenCopy("import", (d) => {
      const path = join(d, "backend/src/server.js");
      writeFileSync(path, `import leftPad from "left-pad";\n${readFileSync(path, "utf8")}`);
    });
    const report = await verifyFails(dir);
    expect(report).toMatch(/backend\/src\/server\.js:1:\d+/);
    expect(report).toContain("left-pad");
  });

  it("names the file and line of a broken migration", async () => {
    const dir = brokenCopy("migration", (d) => {
      const path = join(d, "backend/migrations/0003_create_posts.sql");
      writeFileSync(path, readFileSync(path, "utf8").replace("references users", "references no_such_table"));
    });
    const report = await verifyFails(dir);
    expect(report).toMatch(/backend\/migrations\/0003_create_posts\.sql:\d+/);
    expect(report).toContain("no_such_table");
  });
});
