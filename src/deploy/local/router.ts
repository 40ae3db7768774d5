import { readFileSync, realpathSync, statSync } from "node:fs";
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * The router keeps a locally deployed service's URL stable across deploys:
 * it listens on the service's fixed port and forwards every request (and
 * WebSocket upgrade) to the port of the process that is live now, read from
 * an upstream file that the local target rewrites atomically when a new
 * process has passed its health check. Requests in flight finish on the old
 * process (which shuts down gracefully on SIGTERM); new ones go to the new one.
 *
 *   node router.js --port <port> --host 127.0.0.1 --upstream-file <path>
 *
 * The upstream file is `{"port": 43123, "host": "127.0.0.1"}`; it is read
 * again whenever its modification time or size changes.
 *
 * A request carrying `x-stackwright-router: ping` is answered by the router
 * itself (204, with its pid), so the target can tell it is ours and alive
 * without shadowing any of the app's paths.
 */

export const PING_HEADER = "x-stackwright-router";

export interface RouterOptions {
  upstreamFile: string;
}

interface UpstreamState {
  key: string;
  port: number;
  host: string;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection"]);

function forwardedHeaders(headers: IncomingHttpHeaders, remoteAddress: string | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  const prior = headers["x-forwarded-for"];
  out["x-forwarded-for"] = [prior, remoteAddress].filter(Boolean).join(", ");
  out["x-forwarded-proto"] = (headers["x-forwarded-proto"] as string | undefined) ?? "http";
  if (headers.host) out["x-forwarded-host"] = (headers["x-forwarded-host"] as string | undefined) ?? headers.host;
  return out;
}

export function createRouter(options: RouterOptions): Server {
  let state: UpstreamState | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  const upstream = (): UpstreamState | undefined => {
    try {
      const stats = statSync(options.upstreamFile);
      const key = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
      if (state?.key === key) return state;
      const parsed = JSON.parse(readFileSync(options.upstreamFile, "utf8")) as { port?: unknown; host?: unknown };
      if (typeof parsed.port !== "number") return undefined;
      state = { key, port: parsed.port, host: typeof parsed.host === "string" ? parsed.host : "127.0.0.1" };
      return state;
    } catch {
      return state;
    }
  };

  const server = createServer((req, res) => {
    if (req.headers[PING_HEADER] === "ping") {
      res.writeHead(204, { [PING_HEADER]: String(process.pid) });
      res.end();
      return;
    }
    const target = upstream();
    if (!target) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "No deployment of this service is live yet." }));
      return;
    }
    const proxied = request(
      { host: target.host, port: target.port, method: req.method, path: req.url, headers: forwardedHeaders(req.headers, req.socket.remoteAddress), agent },
      (upstreamRes) => {
        const headers: IncomingHttpHeaders = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, headers);
        upstreamRes.pipe(res);
        upstreamRes.on("error", () => res.destroy());
      },
    );
    proxied.on("error", () => {
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "The service did not answer." }));
      } else res.destroy();
    });
    res.on("close", () => {
      if (!res.writableFinished) proxied.destroy();
    });
    req.pipe(proxied);
  });

  server.on("upgrade", (req, socket, head) => {
    const target = upstream();
    if (!target) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n");
      return;
    }
    const upstreamSocket = connect(target.port, target.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`x-forwarded-for: ${req.socket.remoteAddress ?? ""}`);
      upstreamSocket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
    });
    const close = () => {
      upstreamSocket.destroy();
      socket.destroy();
    };
    upstreamSocket.on("error", close);
    socket.on("error", close);
  });

  server.on("close", () => agent.destroy());
  return server;
}


export function main(argv: string[]): void {
  const { values: args } = parseArgs({ args: argv, options: { port: { type: "string" }, "upstream-file": { type: "string" }, host: { type: "string" } }, strict: false }) as { values: Record<string, string | undefined> };
  const port = Number(args.port);
  if (!args["upstream-file"] || !Number.isInteger(port)) {
    process.stderr.write("usage: router --port <port> --upstream-file <path> [--host <host>]\n");
    process.exit(2);
  }
  const host = args.host ?? "127.0.0.1";
  const server = createRouter({ upstreamFile: args["upstream-file"] });
  server.on("error", (error) => {
    process.stderr.write(`router: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, () => process.stdout.write(`router on http://${host}:${port} → ${args["upstream-file"]}\n`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main(process.argv.slice(2));
