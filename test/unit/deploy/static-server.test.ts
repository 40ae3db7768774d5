import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheControl, contentType, createStaticServer, isHashedAsset } from "../../../src/deploy/local/static-server.js";

/** The static server for built frontends, started in-process on port 0 over a Vite-like dist/. */

const root = mkdtempSync(join(tmpdir(), "sw-static-"));
const dist = join(root, "dist");
let base: string;
let server: ReturnType<typeof createStaticServer>;

beforeAll(async () => {
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Blog</title><div id=root></div>");
  writeFileSync(join(dist, "assets", "index-C-V3B-ta.js"), "console.log('app')");
  writeFileSync(join(dist, "assets", "index-BkC4IjZY.css"), "body{}");
  writeFileSync(join(dist, "sw.js"), "self.addEventListener('fetch', () => {})");
  writeFileSync(join(dist, "manifest.webmanifest"), "{}");
  writeFileSync(join(dist, "icon.svg"), "<svg/>");
  writeFileSync(join(root, "secret.txt"), "outside the root");
  symlinkSync(join(root, "secret.txt"), join(dist, "leak.txt"));
  server = createStaticServer({ root: dist });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** A raw request (fetch would normalise `..` out of the path before sending it). */
function raw(path: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("static server", () => {
  it("serves index.html at / with no-cache and an HTML content type", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.text()).toContain("<title>Blog</title>");
  });

  it("caches hashed assets for a year (immutable) with the right content types", async () => {
    const js = await fetch(`${base}/assets/index-C-V3B-ta.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    const css = await fetch(`${base}/assets/index-BkC4IjZY.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toContain("immutable");
  });

  it("never caches sw.js, the web manifest or other unhashed files for long", async () => {
    for (const [path, type] of [
      ["/sw.js", "text/javascript; charset=utf-8"],
      ["/manifest.webmanifest", "application/manifest+json; charset=utf-8"],
      ["/icon.svg", "image/svg+xml"],
      ["/index.html", "text/html; charset=utf-8"],
    ] as const) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(res.headers.get("cache-control"), path).toBe("no-cache");
    }
  });

  it("falls back to index.html for page routes (deep links), but not for missing assets", async () => {
    const page = await fetch(`${base}/posts/3f1c2a9e-0000-4000-8000-000000000000/edit`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(await page.text()).toContain("<title>Blog</title>");

    const htmlAccepting = await fetch(`${base}/users/jane.doe`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(htmlAccepting.status).toBe(200);

    expect((await fetch(`${base}/assets/index-gone1234.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/chunk`)).status).toBe(404);
    expect((await fetch(`${base}/logo.png`)).status).toBe(404);
  });

  it("answers If-None-Match with 304 and HEAD without a body", async () => {
    const first = await fetch(`${base}/sw.js`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${base}/sw.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const head = await fetch(`${base}/assets/index-C-V3B-ta.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("console.log('app')".length));
    expect(await head.text()).toBe("");
  });

  it("refuses other methods, and paths or symlinks that leave the root", async () => {
    const post = await fetch(`${base}/`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/leak.txt"]) {
      const res = await raw(path);
      expect(res.body, path).not.toContain("outside the root");
      expect([400, 404], path).toContain(res.status);
    }
    expect((await raw("/%E0%A4%A")).status).toBe(400);
  });

  it("classifies hashed assets and content types", () => {
    expect(isHashedAsset("/assets/anything.png")).toBe(true);
    expect(isHashedAsset("/index-C-V3B-ta.js")).toBe(true);
    expect(isHashedAsset("/main.3f9a1c2b.js")).toBe(true);
    expect(isHashedAsset("/react-router-dom.js")).toBe(false);
    expect(isHashedAsset("/sw.js")).toBe(false);
    expect(isHashedAsset("/manifest.webmanifest")).toBe(false);
    expect(cacheControl("/sw.js")).toBe("no-cache");
    expect(contentType("/a/b.woff2")).toBe("font/woff2");
    expect(contentType("/unknown.bin")).toBe("application/octet-stream");
  });
});
