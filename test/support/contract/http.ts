import { isDeepStrictEqual } from "node:util";

/** A deviation from the generated-app contract, with the request and what came back. */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContractError";
  }
}

export interface Reply {
  method: string;
  path: string;
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string | undefined;
  /** A JSON value to send. */
  body?: unknown;
  /** Raw text to send as application/json (for malformed-JSON checks). */
  rawBody?: string;
}

const MAX_BODY_IN_MESSAGE = 600;

export function describeReply(reply: Reply): string {
  const text = reply.text.length > MAX_BODY_IN_MESSAGE ? `${reply.text.slice(0, MAX_BODY_IN_MESSAGE)}…` : reply.text;
  return `${reply.method} ${reply.path} → ${reply.status} ${text || "(empty body)"}`;
}

/** Fetch with JSON in and out, against one base URL. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { accept: "application/json" };
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: payload, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new ContractError(`${method} ${path}: request failed: ${(error as Error).message}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { method, path, status: res.status, body, text };
  }
}

/** Throws unless the reply has `expected` status; error replies must be {"error": "<message>"}. */
export function expectStatus(reply: Reply, expected: number, why: string): void {
  if (reply.status !== expected) {
    throw new ContractError(`${why}: expected ${expected}, got ${describeReply(reply)}`);
  }
  if (expected >= 400) expectErrorBody(reply, why);
}

export function expectErrorBody(reply: Reply, why: string): string {
  const body = reply.body as { error?: unknown } | undefined;
  if (!body || typeof body !== "object" || typeof body.error !== "string" || body.error.length === 0) {
    throw new ContractError(`${why}: expected a body {"error": "<message>"}, got ${describeReply(reply)}`);
  }
  return body.error;
}

export function expectThat(condition: boolean, why: string, reply?: Reply): void {
  if (!condition) throw new ContractError(reply ? `${why}; got ${describeReply(reply)}` : why);
}

export function expectEqual(actual: unknown, expected: unknown, why: string, reply?: Reply): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new ContractError(`${why}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}${reply ? ` (${describeReply(reply)})` : ""}`);
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
