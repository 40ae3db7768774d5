/**
 * Merge → live on the local deploy target, for the generated blog app
 * (Express + React): the time from the merged tree on disk to both services
 * answering, through the target's own steps (install, build, start, health
 * check, route) plus the backend's migrations on a scratch database of the
 * real PostgreSQL (127.0.0.1:5432, or STACKWRIGHT_TEST_POSTGRES_URL).
 * Prints figures; asserts nothing. Targets: under 20 s with the app's
 * dependencies in npm's cache, under 60 s from a cold cache.
 *
 *   npx tsx bench/local-deploy.ts            # cold, cached, redeploy
 *   npx tsx bench/local-deploy.ts --no-cold  # skip the cold run (it downloads every package)
 *
 * Three runs, each with a fresh checkout directory per commit, as the deploy flow makes one:
 * - cold: an empty npm cache (`npm_config_cache` pointed at a new directory)
 *   and an empty Stackwright state directory: every package is downloaded;
 * - cached: the npm cache the cold run filled, a fresh state directory: npm
 *   installs from its cache (it still revalidates package metadata with the registry);
 * - redeploy: a new commit with the same dependencies on the cached run's
 *   state: the installed node_modules are reused (hard-linked), and the new
 *   processes replace the old ones behind the same URLs.
 * Database creation is timed apart and not counted (a scratch database stands in for provisioning).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createLocalTarget, listLocalDeployments, localDeploymentRecord } from "../src/deploy/local/index.js";
import type { ServiceDeployment } from "../src/deploy/types.js";
import type { ServiceManifest } from "../src/spec/manifest.js";
import { renderApp } from "../templates/index.js";
import { blogSpec } from "../test/fixtures/specs.js";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../test/support/postgres.js";

const root = mkdtempSync(join(tmpdir(), "sw-bench-local-"));
const coldCache = join(root, "npm-cache");
const rendered = renderApp(blogSpec, { generatorVersion: "0.0.0-bench", mode: "offline" });
const backend = rendered.manifest.services.find((s) => s.role === "backend") as ServiceManifest;
const frontend = rendered.manifest.services.find((s) => s.role === "frontend") as ServiceManifest;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function checkout(sha: string): string {
  const dir = join(root, "checkouts", sha);
  for (const file of rendered.files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return dir;
}

interface Timed {
  deployment: ServiceDeployment;
  /** Seconds per step, from the target's progress lines. */
  steps: Record<string, number>;
  totalMs: number;
}

/** Deploys one service and splits its time into steps by the moments the target reports them. */
async function timedDeploy(service: ServiceManifest, sha: string, env: Record<string, string>): Promise<Timed> {
  const target = createLocalTarget();
  const t0 = performance.now();
  const marks: { at: number; step: string }[] = [{ at: t0, step: "install" }];
  const mark = (line: string) => {
    const step = /^(installing|dependencies unchanged|dependencies already)/.test(line)
      ? "install"
      : line.startsWith("building")
        ? "build"
        : line.startsWith("starting")
          ? "start + health"
          : line.startsWith("health check passed")
            ? "route + replace"
            : undefined;
    if (step) marks.push({ at: performance.now(), step });
  };
  const deployment = await target.deploy({ app: "blog", environment: "production", sha, service, sourceDir: join(root, "checkouts", sha, service.dir), env, log: mark });
  const end = performance.now();
  const steps: Record<string, number> = {};
  marks.forEach((m, i) => {
    const next = marks[i + 1]?.at ?? end;
    steps[m.step] = (steps[m.step] ?? 0) + (next - m.at) / 1000;
  });
  return { deployment, steps, totalMs: end - t0 };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function migrate(sha: string, databaseUrl: string): number {
  const t0 = performance.now();
  const result = spawnSync(backend.commands.migrate![0]!, backend.commands.migrate!.slice(1), { cwd: join(root, "checkouts", sha, backend.dir), env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`migrate failed:\n${result.stdout}${result.stderr}`);
  return performance.now() - t0;
}

async function run(name: string, options: { home: string; npmCache?: string; sha: string; db: ScratchDatabase }): Promise<void> {
  process.env.STACKWRIGHT_HOME = options.home;
  if (options.npmCache) process.env.npm_config_cache = options.npmCache;
  else delete process.env.npm_config_cache;
  checkout(options.sha);
  const target = createLocalTarget();
  const t0 = performance.now();
  const frontendUrl = await target.reserveUrl("blog", "production", frontend.name);
  const api = await timedDeploy(backend, options.sha, { DATABASE_URL: options.db.url, JWT_SECRET: "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz", FRONTEND_ORIGIN: frontendUrl, NODE_ENV: "production" });
  const migrateMs = migrate(options.sha, options.db.url);
  const web = await timedDeploy(frontend, options.sha, { VITE_API_URL: api.deployment.url });
  const liveMs = performance.now() - t0;

  // Live means usable: the frontend page and a sign-up through the backend.
  const page = await fetch(web.deployment.url);
  const signUp = await fetch(`${api.deployment.url}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.deployment.url },
    body: JSON.stringify({ email: `${name}-${Date.now()}@example.com`, password: "correct horse battery" }),
  });
  const verdict = liveMs < (name === "cold" ? 60_000 : 20_000) ? "within target" : "OVER TARGET";
  console.log(`\n${name}: merge → live ${seconds(liveMs)} (${verdict}; frontend ${page.status}, sign-up ${signUp.status})`);
  for (const [label, timed] of [
    ["backend ", api],
    ["frontend", web],
  ] as const) {
    const steps = Object.entries(timed.steps)
      .filter(([, s]) => s >= 0.05)
      .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
      .join(", ");
    console.log(`  ${label} ${seconds(timed.totalMs).padStart(7)}  ${steps}`);
  }
  console.log(`  migrate  ${seconds(migrateMs).padStart(7)}`);
}

async function main(): Promise<void> {
  if (!(await postgresAvailable())) throw new Error("PostgreSQL is not answering (127.0.0.1:5432 or STACKWRIGHT_TEST_POSTGRES_URL)");
  const npmVersion = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  console.log(`local deploy of the generated blog app (Express + React/Vite) · Node ${process.versions.node}, npm ${npmVersion}, ${cpus().length} CPUs`);
  const withCold = !process.argv.includes("--no-cold");
  const dbStart = performance.now();
  const db = await createScratchDatabase("sw_bench");
  console.log(`scratch database created in ${seconds(performance.now() - dbStart)} (not counted)`);
  const cachedHome = join(root, "home-cached");
  try {
    if (withCold) {
      await run("cold", { home: join(root, "home-cold"), npmCache: coldCache, sha: "cold", db });
      console.log(`  (the cold npm cache now holds ${(dirBytes(coldCache) / 1e6).toFixed(0)} MB: every package was downloaded)`);
    }
    await run("cached", { home: cachedHome, ...(withCold ? { npmCache: coldCache } : {}), sha: "cached", db });
    await run("redeploy", { home: cachedHome, ...(withCold ? { npmCache: coldCache } : {}), sha: "redeploy", db });
  } finally {
    for (const home of [join(root, "home-cold"), cachedHome]) {
      process.env.STACKWRIGHT_HOME = home;
      const target = createLocalTarget();
      for (const entry of listLocalDeployments()) await target.stop(localDeploymentRecord(entry));
    }
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
