import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFingerprint, linkTree, ModulesStore } from "../../../src/deploy/local/install-cache.js";
import { baseEnvironment, groupAlive, ownership, processIdentity, spawnDetached, stopProcessGroup } from "../../../src/deploy/local/processes.js";
import { redactValues, secretValues, tailFile } from "../../../src/deploy/local/redact.js";
import {
  entryPath,
  listLocalDeployments,
  readLocalDeployment,
  removeLocalDeployment,
  writeLocalDeployment,
  writeUpstream,
  type LocalDeploymentEntry,
} from "../../../src/deploy/local/registry.js";
import { createRouter, PING_HEADER } from "../../../src/deploy/local/router.js";
import type { ServiceManifest } from "../../../src/spec/manifest.js";

/** The local target's pure and near-pure parts: redaction, registry, process ownership, dependency reuse, router. */

const home = mkdtempSync(join(tmpdir(), "sw-local-parts-"));
const previousHome = process.env.STACKWRIGHT_HOME;
beforeAll(() => {
  process.env.STACKWRIGHT_HOME = home;
});
afterAll(() => {
  if (previousHome === undefined) delete process.env.STACKWRIGHT_HOME;
  else process.env.STACKWRIGHT_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

describe("log redaction", () => {
  const service = {
    env: [
      { name: "DATABASE_URL", required: true, secret: true, source: "postgres-url", description: "" },
      { name: "NODE_ENV", required: false, secret: false, source: "constant", description: "" },
      { name: "FRONTEND_ORIGIN", required: false, secret: false, source: "frontend-origin", description: "" },
    ],
  } as unknown as Pick<ServiceManifest, "env">;

  it("masks every value it was given (and URL passwords alone), keeping declared public values readable", () => {
    const env = {
      DATABASE_URL: "postgres://app:p%40ss-w0rd@db.internal:5432/blog",
      JWT_SECRET: "0123456789abcdef0123456789abcdef",
      NODE_ENV: "production",
      FRONTEND_ORIGIN: "http://127.0.0.1:41001",
      FLAG: "1",
    };
    const values = secretValues(env, service);
    const log = [
      "connecting to postgres://app:p%40ss-w0rd@db.internal:5432/blog",
      "password p@ss-w0rd rejected (raw p%40ss-w0rd)",
      "Error: invalid signature for key 0123456789abcdef0123456789abcdef",
      "listening (production), CORS http://127.0.0.1:41001, flag 1",
    ].join("\n");
    const out = redactValues(log, values);
    expect(out).not.toContain("p%40ss-w0rd");
    expect(out).not.toContain("p@ss-w0rd");
    expect(out).not.toContain("0123456789abcdef");
    expect(out).toContain("connecting to [redacted]");
    expect(out).toContain("listening (production), CORS http://127.0.0.1:41001, flag 1");
  });

  it("masks values of variables the manifest does not declare, and credential shapes", () => {
    const out = redactValues("token=ghp_abcdefghijklmnop1234 and my-custom-secret", secretValues({ CUSTOM: "my-custom-secret" }));
    expect(out).not.toContain("my-custom-secret");
    expect(out).not.toContain("ghp_abcdefghijklmnop1234");
  });

  it("tails the last lines of a log file, without colour codes", () => {
    const path = join(home, "tail.log");
    writeFileSync(path, Array.from({ length: 100 }, (_, i) => `\x1b[31mline ${i}\x1b[0m`).join("\n") + "\n");
    expect(tailFile(path, 3)).toBe("line 97\nline 98\nline 99");
    expect(tailFile(join(home, "missing.log"))).toBe("");
  });
});

describe("registry", () => {
  const entry = (service: string, app = "blog", environment = "production"): LocalDeploymentEntry => ({
    version: 1,
    app,
    environment,
    service,
    role: service === "frontend" ? "frontend" : "backend",
    sha: "abc",
    url: "http://127.0.0.1:41001",
    router: { pid: 1234, id: "boot/1", port: 41001, host: "127.0.0.1" },
    process: { pid: 1235, id: "boot/2", kind: "command", port: 40000, argv: ["npm", "start"] },
    logPath: "/tmp/x.log",
    sourceDir: "/tmp/src",
    configHash: "h",
    deployedAt: new Date(0).toISOString(),
  });

  it("writes entries atomically (0600, no temporary files left), reads and lists them", () => {
    writeLocalDeployment(entry("backend"));
    writeLocalDeployment(entry("frontend"));
    writeLocalDeployment(entry("backend", "shop", "pr-3"));
    writeUpstream("blog", "production", "backend", { port: 40000, host: "127.0.0.1" });
    const path = entryPath("blog", "production", "backend");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, "..")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readLocalDeployment("blog", "production", "backend")?.process.pid).toBe(1235);
    expect(readLocalDeployment("blog", "production", "nope")).toBeUndefined();
    expect(listLocalDeployments().map((e) => `${e.app}/${e.environment}/${e.service}`)).toEqual(["blog/production/backend", "blog/production/frontend", "shop/pr-3/backend"]);
    expect(listLocalDeployments("shop")).toHaveLength(1);
    expect(listLocalDeployments("none")).toEqual([]);
    removeLocalDeployment("blog", "production", "backend");
    expect(readLocalDeployment("blog", "production", "backend")).toBeUndefined();
    expect(listLocalDeployments("blog").map((e) => e.service)).toEqual(["frontend"]);
  });

  it("ignores a corrupt file and refuses names that could leave the state directory", () => {
    writeFileSync(entryPath("blog", "production", "broken"), "{not json");
    expect(readLocalDeployment("blog", "production", "broken")).toBeUndefined();
    expect(() => readLocalDeployment("../etc", "production", "x")).toThrow(/invalid app/);
    expect(() => entryPath("blog", "a/b", "x")).toThrow(/invalid environment/);
  });
});

describe("process ownership", () => {
  const logPath = () => join(home, "proc.log");

  it("identifies a process by boot and start time, and stops its whole group", async () => {
    // A leader with a child in its group: stopping must end both.
    const spawned = await spawnDetached(["sh", "-c", "sleep 30 & sleep 30"], { cwd: home, env: baseEnvironment(), logPath: logPath() });
    const { identity } = spawned;
    expect(identity.id).toMatch(/\/\S+$/);
    expect(processIdentity(identity.pid)).toBe(identity.id);
    expect(ownership(identity)).toBe("running");
    expect(await stopProcessGroup(identity, 2_000)).toBe("running");
    expect(groupAlive(identity.pid)).toBe(false);
    expect(ownership(identity)).toBe("gone");
    // Idempotent.
    expect(await stopProcessGroup(identity, 2_000)).toBe("gone");
  });

  it("never signals a pid whose identity differs (a reused pid, another boot)", async () => {
    const spawned = await spawnDetached(["sleep", "30"], { cwd: home, env: baseEnvironment(), logPath: logPath() });
    const real = spawned.identity;
    const stale = { pid: real.pid, id: `${real.id.split("/")[0]}/1` };
    const otherBoot = { pid: real.pid, id: `another-boot/${real.id.split("/")[1]}` };
    expect(ownership(stale)).toBe("gone");
    expect(await stopProcessGroup(stale, 500)).toBe("gone");
    expect(await stopProcessGroup(otherBoot, 500)).toBe("gone");
    expect(processIdentity(real.pid)).toBe(real.id);
    await stopProcessGroup(real, 2_000);
    expect(processIdentity(real.pid)).toBeUndefined();
  });

  it("finds and stops orphans: the leader exited but its group still runs", async () => {
    const spawned = await spawnDetached(["sh", "-c", "sleep 30 & exit 0"], { cwd: home, env: baseEnvironment(), logPath: logPath() });
    await spawned.exited;
    // The leader is gone (reaped by us); its background sleep still holds the group.
    const deadline = Date.now() + 2_000;
    while (processIdentity(spawned.identity.pid) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(ownership(spawned.identity)).toBe("orphans");
    expect(await stopProcessGroup(spawned.identity, 2_000)).toBe("orphans");
    expect(groupAlive(spawned.identity.pid)).toBe(false);
  });

  it("passes only tool settings of our environment to generated code", () => {
    process.env.SW_TEST_APP_SECRET = "do-not-leak";
    process.env.npm_config_cache = process.env.npm_config_cache ?? "/tmp/npm-cache";
    try {
      const env = baseEnvironment();
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.SW_TEST_APP_SECRET).toBeUndefined();
      expect(env.npm_config_cache).toBeDefined();
      expect(baseEnvironment(["SW_TEST_APP_SECRET"]).SW_TEST_APP_SECRET).toBe("do-not-leak");
    } finally {
      delete process.env.SW_TEST_APP_SECRET;
    }
  });
});

describe("dependency reuse", () => {
  const app = (name: string, pkg: Record<string, unknown>) => {
    const dir = join(home, "apps", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, ...pkg }));
    return dir;
  };
  const install = ["npm", "install", "--no-audit"];

  it("fingerprints dependencies, lockfiles, the install command and NODE_ENV, not the package name", () => {
    const a = app("a", { dependencies: { express: "5.3.0" }, scripts: { start: "node ." } });
    const b = app("b", { dependencies: { express: "5.3.0" }, scripts: { start: "node server.js" } });
    const c = app("c", { dependencies: { express: "5.2.0" } });
    const fa = installFingerprint(a, install, {});
    expect(fa).toMatch(/^[0-9a-f]{32}$/);
    expect(installFingerprint(b, install, {})).toBe(fa);
    expect(installFingerprint(c, install, {})).not.toBe(fa);
    expect(installFingerprint(a, [...install, "--include=dev"], {})).not.toBe(fa);
    expect(installFingerprint(a, install, { NODE_ENV: "production" })).not.toBe(fa);
    writeFileSync(join(b, "package-lock.json"), "{}");
    expect(installFingerprint(b, install, {})).not.toBe(fa);
  });

  it("does not reuse when install scripts may write outside node_modules, or without package.json", () => {
    expect(installFingerprint(app("d", { scripts: { postinstall: "node setup.js" } }), install, {})).toBeUndefined();
    expect(installFingerprint(join(home, "apps", "none"), install, {})).toBeUndefined();
  });

  it("stores a node_modules tree with hard links and restores it into a fresh checkout, skipping tool caches", () => {
    const first = app("first", { dependencies: { x: "1.0.0" } });
    mkdirSync(join(first, "node_modules", "x", "lib"), { recursive: true });
    mkdirSync(join(first, "node_modules", ".bin"), { recursive: true });
    mkdirSync(join(first, "node_modules", ".vite", "deps"), { recursive: true });
    writeFileSync(join(first, "node_modules", "x", "lib", "index.js"), "module.exports = 1;\n");
    writeFileSync(join(first, "node_modules", ".vite", "deps", "_metadata.json"), "{}");
    linkTree(join(first, "node_modules", "x"), join(home, "scratch-copy"));
    expect(statSync(join(home, "scratch-copy", "lib", "index.js")).ino).toBe(statSync(join(first, "node_modules", "x", "lib", "index.js")).ino);

    const store = new ModulesStore(join(home, "store"), 2);
    const fp = installFingerprint(first, install, {})!;
    expect(store.save(fp, first)).toBe(true);
    expect(store.save(fp, first)).toBe(false); // already stored
    const second = app("second", { dependencies: { x: "1.0.0" } });
    const stats = store.restore(fp, second)!;
    expect(stats).toEqual({ files: 1, copied: false });
    expect(readFileSync(join(second, "node_modules", "x", "lib", "index.js"), "utf8")).toBe("module.exports = 1;\n");
    expect(existsSync(join(second, "node_modules", ".vite"))).toBe(false);
    // A checkout that already has node_modules is left alone; an unknown fingerprint restores nothing.
    expect(store.restore(fp, second)).toBeUndefined();
    expect(store.restore("0".repeat(32), app("third", {}))).toBeUndefined();
    // Deleting the first checkout breaks nothing in the second.
    rmSync(first, { recursive: true });
    expect(readFileSync(join(second, "node_modules", "x", "lib", "index.js"), "utf8")).toBe("module.exports = 1;\n");
  });
});

describe("router", () => {
  let upstreamA: Server;
  let upstreamB: Server;
  let router: Server;
  let routerUrl: string;
  const upstreamFile = () => join(home, "deployments-router.upstream.json");

  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    const echo = (name: string) =>
      createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          res.writeHead(201, { "content-type": "application/json", "x-served-by": name });
          res.end(JSON.stringify({ name, method: req.method, url: req.url, body, forwardedFor: req.headers["x-forwarded-for"], host: req.headers.host }));
        });
      });
    upstreamA = echo("a");
    upstreamB = echo("b");
    await listen(upstreamA);
    await listen(upstreamB);
    router = createRouter({ upstreamFile: upstreamFile() });
    routerUrl = `http://127.0.0.1:${await listen(router)}`;
  });
  afterAll(async () => {
    for (const s of [router, upstreamA, upstreamB]) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it("answers 503 before any deployment, and its ping with its pid", async () => {
    expect((await fetch(routerUrl)).status).toBe(503);
    const ping = await fetch(routerUrl, { headers: { [PING_HEADER]: "ping" } });
    expect(ping.status).toBe(204);
    expect(ping.headers.get(PING_HEADER)).toBe(String(process.pid));
  });

  it("forwards method, path, body and status to the upstream in the file, and follows the file when it changes", async () => {
    const portA = (upstreamA.address() as AddressInfo).port;
    const portB = (upstreamB.address() as AddressInfo).port;
    writeFileSync(upstreamFile(), JSON.stringify({ port: portA, host: "127.0.0.1" }));
    const res = await fetch(`${routerUrl}/api/posts?limit=2`, { method: "POST", body: "hello", headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-served-by")).toBe("a");
    const echoed = (await res.json()) as Record<string, string>;
    expect(echoed).toMatchObject({ name: "a", method: "POST", url: "/api/posts?limit=2", body: "hello", host: new URL(routerUrl).host });
    expect(echoed.forwardedFor).toMatch(/127\.0\.0\.1/);

    // The target swaps the file atomically (a new inode); the next request goes to B.
    const tmp = `${upstreamFile()}.tmp`;
    writeFileSync(tmp, JSON.stringify({ port: portB, host: "127.0.0.1" }));
    (await import("node:fs")).renameSync(tmp, upstreamFile());
    expect(((await (await fetch(`${routerUrl}/x`)).json()) as { name: string }).name).toBe("b");
  });

  it("answers 502 when the upstream does not", async () => {
    writeFileSync(upstreamFile(), JSON.stringify({ port: 1, host: "127.0.0.1" }));
    const res = await fetch(`${routerUrl}/`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: "The service did not answer." });
  });
});
