import { createReadStream, realpathSync, statSync, type Stats } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * A small static file server for built frontends (a Vite `dist/`), run by the
 * local target as its own detached process:
 *
 *   node static-server.js --root <dir> --port <port> [--host 127.0.0.1]
 *
 * - GET and HEAD only; paths cannot leave the root.
 * - Single-page app fallback: a path that is not a file and looks like a page
 *   (no extension, or the client accepts HTML) gets index.html, so deep links
 *   work; a missing asset (`/assets/x.js`, `/logo.png`) is a real 404, never HTML.
 * - Caching: content-hashed files (`index-C-V3B-ta.js`, anything under
 *   `/assets/`) are immutable for a year; everything else, including
 *   index.html, sw.js and the web manifest, is `no-cache` (revalidated with
 *   the ETag on every use), so a new deploy is picked up at once and a service
 *   worker is never stuck on an old version.
 * - No dependencies beyond Node, so it starts in a few tens of milliseconds.
 */

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** Whether a URL path names a content-hashed build output (safe to cache forever). */
export function isHashedAsset(urlPath: string): boolean {
  if (urlPath.startsWith("/assets/")) return true;
  // Vite/Rollup/webpack style: name-<hash>.ext or name.<hash>.ext, hash of 8+ url-safe characters with a digit or capital in it.
  const name = urlPath.slice(urlPath.lastIndexOf("/") + 1);
  const match = /[.-]([A-Za-z0-9_-]{8,})\.[a-z0-9]+$/.exec(name);
  return !!match && /[0-9A-Z]/.test(match[1]!) && !/^(index|sw|service-worker|manifest)\./.test(name);
}

export function cacheControl(urlPath: string): string {
  return isHashedAsset(urlPath) ? IMMUTABLE : REVALIDATE;
}

export interface StaticServerOptions {
  root: string;
  /** Serve index.html for unknown page paths (default true). */
  spa?: boolean;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "x-content-type-options": "nosniff", ...headers });
  res.end(body);
}

export function createStaticServer(options: StaticServerOptions): Server {
  const root = realpathSync(resolve(options.root));
  const spa = options.spa ?? true;

  const fileAt = (urlPath: string): { path: string; stats: Stats } | undefined => {
    const path = resolve(join(root, urlPath));
    if (path !== root && !path.startsWith(root + sep)) return undefined;
    try {
      let stats = statSync(path);
      let file = path;
      if (stats.isDirectory()) {
        file = join(path, "index.html");
        stats = statSync(file);
      }
      if (!stats.isFile()) return undefined;
      // A symlink inside the root must not lead outside it.
      const real = realpathSync(file);
      if (real !== root && !real.startsWith(root + sep)) return undefined;
      return { path: file, stats };
    } catch {
      return undefined;
    }
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse, file: { path: string; stats: Stats }, cache: string) => {
    const etag = `W/"${file.stats.size.toString(16)}-${Math.floor(file.stats.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      "content-type": contentType(file.path),
      "cache-control": cache,
      etag,
      "last-modified": file.stats.mtime.toUTCString(),
      "x-content-type-options": "nosniff",
    };
    const inm = req.headers["if-none-match"];
    if (inm && inm.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers["content-length"] = String(file.stats.size);
    res.writeHead(200, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  };

  return createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "Method Not Allowed\n", { allow: "GET, HEAD" });
      return;
    }
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      send(res, 400, "Bad Request\n");
      return;
    }
    if (urlPath.includes("\0")) {
      send(res, 400, "Bad Request\n");
      return;
    }
    const file = fileAt(urlPath);
    if (file) {
      serveFile(req, res, file, file.path.endsWith(".html") ? REVALIDATE : cacheControl(urlPath));
      return;
    }
    const lastSegment = urlPath.slice(urlPath.lastIndexOf("/") + 1);
    const looksLikePage = !lastSegment.includes(".") || (req.headers.accept ?? "").includes("text/html");
    if (spa && looksLikePage && !urlPath.startsWith("/assets/")) {
      const index = fileAt("/index.html");
      if (index) {
        serveFile(req, res, index, REVALIDATE);
        return;
      }
    }
    send(res, 404, "Not Found\n");
  });
}


/** Runs the server from the command line until SIGTERM/SIGINT. */
export function main(argv: string[]): void {
  const { values: args } = parseArgs({ args: argv, options: { port: { type: "string" }, root: { type: "string" }, host: { type: "string" } }, strict: false }) as { values: Record<string, string | undefined> };
  const port = Number(args.port);
  if (!args.root || !Number.isInteger(port)) {
    process.stderr.write("usage: static-server --root <dir> --port <port> [--host <host>]\n");
    process.exit(2);
  }
  const host = args.host ?? "127.0.0.1";
  const server = createStaticServer({ root: args.root });
  server.on("error", (error) => {
    process.stderr.write(`static server: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, () => process.stdout.write(`serving ${args.root} on http://${host}:${port}\n`));
  const stop = (signal: string) => {
    process.stdout.write(`${signal} received, shutting down\n`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main(process.argv.slice(2));
