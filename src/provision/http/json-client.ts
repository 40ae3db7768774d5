import { type ApiFailureInfo, ProviderApiError } from "./errors.js";
import type { SecretSet } from "./redact.js";
import { type HttpSettings, type ResolvedHttp, RetryGaveUp, resolveHttp, sendWithRetry } from "./retry.js";

/**
 * A small JSON-over-HTTP client for the REST providers (Neon, Atlas,
 * Upstash): base URL, auth headers, timeouts and retries (./retry.ts), and
 * errors that name the operation and carry the provider's own message, with
 * every known secret scrubbed.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface JsonRequest {
  method: HttpMethod;
  /** Path below the base URL, with its parameters already encoded. */
  path: string;
  /** Names the call in errors; defaults to "METHOD path". */
  operation?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON (or as-is when `rawBody`). */
  body?: unknown;
  /** A pre-encoded body (form posts); `headers` must give its Content-Type. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Non-2xx statuses handed back instead of thrown (e.g. 404 when looking something up). */
  accept?: readonly number[];
  /** Retry 5xx/timeouts too. Defaults to true for GET/PUT/DELETE, false for POST/PATCH. */
  idempotent?: boolean;
}

export interface JsonResponse<T> {
  status: number;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: T;
  headers: Headers;
}

export interface AuthHooks {
  /** Headers for one request (may fetch a token). */
  headers(request: { method: HttpMethod; url: URL }): Promise<Record<string, string>> | Record<string, string>;
  /** Called on a 401. Return true to send the request once more (fresh token, digest challenge). */
  onUnauthorized?(response: Response, request: { method: HttpMethod; url: URL }): Promise<boolean> | boolean;
}

export interface JsonClientOptions {
  provider: string;
  baseUrl: string;
  secrets: SecretSet;
  auth: AuthHooks;
  http?: HttpSettings;
}

export class JsonClient {
  readonly provider: string;
  readonly secrets: SecretSet;
  readonly http: ResolvedHttp;
  readonly #baseUrl: string;
  readonly #auth: AuthHooks;
  #requests = 0;

  constructor(options: JsonClientOptions) {
    this.provider = options.provider;
    this.secrets = options.secrets;
    this.http = resolveHttp(options.http);
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#auth = options.auth;
  }

  /** HTTP requests sent so far, retries included. */
  get requestCount(): number {
    return this.#requests;
  }

  async request<T = unknown>(request: JsonRequest): Promise<JsonResponse<T>> {
    const url = new URL(this.#baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const operation = request.operation ?? `${request.method} ${request.path}`;
    const idempotent = request.idempotent ?? (request.method === "GET" || request.method === "PUT" || request.method === "DELETE");
    const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));

    let response: Response;
    let attempts: number;
    for (let authRound = 0; ; authRound++) {
      const headers: Record<string, string> = {
        accept: "application/json",
        ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
        ...request.headers,
        ...(await this.#auth.headers({ method: request.method, url })),
      };
      try {
        ({ response, attempts } = await sendWithRetry(this.http, url, { method: request.method, headers, body }, {
          idempotent,
          onAttempt: () => void this.#requests++,
        }));
      } catch (error) {
        if (error instanceof RetryGaveUp) {
          throw new ProviderApiError(this.provider, operation, error.kind, this.secrets.scrub(error.detail), {
            status: error.status,
            retryAfterMs: error.retryAfterMs,
            attempts: error.attempts,
          });
        }
        throw error;
      }
      if (response.status === 401 && authRound === 0 && this.#auth.onUnauthorized) {
        if (await this.#auth.onUnauthorized(response, { method: request.method, url })) {
          await response.body?.cancel().catch(() => undefined);
          continue;
        }
      }
      break;
    }

    const text = await readText(response, this.provider, operation);
    const parsed = parseBody(text);
    if (response.ok || request.accept?.includes(response.status)) {
      return { status: response.status, body: parsed as T, headers: response.headers };
    }
    const info = describeErrorBody(parsed, text, (s) => this.secrets.scrub(s, 300));
    const statusText = response.statusText ? ` ${response.statusText}` : "";
    const detail = `HTTP ${response.status}${statusText}${info.message ? `: ${info.message}` : ""}${info.code ? ` (${info.code})` : ""}`;
    throw new ProviderApiError(this.provider, operation, "http", detail, {
      status: response.status,
      code: info.code,
      messages: info.message ? [info.message] : [],
      attempts,
    } satisfies ApiFailureInfo);
  }

  /** A ProviderApiError for a 2xx response that does not have the documented shape. */
  invalid(operation: string, what: string): ProviderApiError {
    return new ProviderApiError(this.provider, operation, "invalid-response", what);
  }
}

async function readText(response: Response, provider: string, operation: string): Promise<string> {
  try {
    return await response.text();
  } catch {
    throw new ProviderApiError(provider, operation, "timeout", "the response body did not arrive in time");
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The provider's message and code from an error body, whatever its dialect:
 * Neon `{code, message}`, Atlas `{error, errorCode, reason, detail}`, Vercel
 * `{error: {code, message}}`, Upstash (undocumented: a string or `{error}`).
 */
export function describeErrorBody(parsed: unknown, text: string, scrub: (s: string) => string): { message?: string; code?: string } {
  const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const o = parsed as Record<string, unknown>;
    const nested = o.error && typeof o.error === "object" ? (o.error as Record<string, unknown>) : undefined;
    const message = str(o.detail) ?? str(o.message) ?? str(nested?.message) ?? str(o.error) ?? str(o.reason);
    const code = str(o.errorCode) ?? str(o.code) ?? str(nested?.code);
    return { message: message === undefined ? undefined : scrub(message), code: code === undefined ? undefined : scrub(code) };
  }
  const raw = str(typeof parsed === "string" ? parsed : text);
  return { message: raw === undefined ? undefined : scrub(raw.replace(/\s+/g, " ")) };
}
