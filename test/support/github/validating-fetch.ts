/**
 * A `fetch` for Probot/Octokit (`new Probot({ request: { fetch } })`) that checks every
 * outgoing GitHub request against GitHub's OpenAPI description before delegating to
 * `globalThis.fetch` (which nock 14 intercepts).
 *
 * - Undocumented method/path, or a request that breaks its operation's contract (path/query
 *   parameters, JSON body with formats on, check-run/deployment URL rules) → recorded in
 *   `failures` AND thrown as a `GitHubContractError` (Octokit turns it into a RequestError
 *   with the same message, status 500). Recording matters because an app may swallow the
 *   error; assert `failures` is empty at the end of every test (`assertNoFailures()`).
 * - Responses are checked too, but only recorded in `warnings` (stubs and even GitHub's own
 *   examples drift from the schema).
 * - `requests` logs every call: `{ method, path, operationId, body, status }` and more, so a
 *   test can count GitHub requests per operation (`count("git/create-blob")`).
 */
import { matchRoute, validateRequest, validateResponse, type RouteMatch } from "./openapi.js";

export interface LoggedRequest {
  method: string;
  /** Path relative to the API root (base path such as `/api/v3` removed), still percent-encoded. */
  path: string;
  /** Query string without `?` ("" when none). */
  query: string;
  url: string;
  operationId: string | undefined;
  /** Matched path template, e.g. `/repos/{owner}/{repo}/git/refs/{ref}`. */
  template: string | undefined;
  /** Decoded path parameters. */
  params: Record<string, string>;
  /** Parsed JSON body (or the raw string if it wasn't JSON); undefined when none. */
  body: unknown;
  /** Response status; undefined when the request was rejected before being sent or fetch threw. */
  status: number | undefined;
  /** Parsed JSON response body (undefined for empty/non-JSON responses). */
  responseBody?: unknown;
}

export interface ContractProblem {
  method: string;
  path: string;
  operationId: string | undefined;
  status?: number;
  /** `request` for failures; `undocumented-status` or `response-schema` for warnings; `host` for a request to the wrong host. */
  kind: "undocumented-route" | "request" | "host" | "undocumented-status" | "response-schema" | "response-not-json";
  problems: string[];
  /** One readable line: `checks/create POST /repos/o/r/check-runs: body/status must be …`. */
  message: string;
}

export class GitHubContractError extends Error {
  readonly operationId: string | undefined;
  readonly problems: string[];
  constructor(problem: ContractProblem) {
    super(`GitHub contract violation: ${problem.message}`);
    this.name = "GitHubContractError";
    this.operationId = problem.operationId;
    this.problems = problem.problems;
  }
}

export interface ValidatingFetchOptions {
  /**
   * GitHub API base URL(s) requests are expected to go to (default: https://api.github.com and
   * any `…/api/v3` GHES base). With an explicit list, a request to any other host or base path
   * is a failure: that's how a hard-coded `api.github.com` is caught when testing GHES.
   */
  baseUrl?: string | string[];
  /** Where validated requests go; default `globalThis.fetch` (read at call time, so nock sees it). */
  fetch?: typeof globalThis.fetch;
  /** Check response bodies against the documented schema (warnings only). Default true. */
  validateResponses?: boolean;
}

export interface ValidatingFetch {
  fetch: typeof globalThis.fetch;
  requests: LoggedRequest[];
  failures: ContractProblem[];
  warnings: ContractProblem[];
  /** Number of logged requests for an operationId (e.g. "git/create-tree"). */
  count(operationId: string): number;
  /** operationIds of all logged requests, in order (undefined entries shown as "METHOD path"). */
  operations(): string[];
  /** Clears requests, failures and warnings. */
  reset(): void;
  /** Throws one error listing every failure (if any). */
  assertNoFailures(): void;
  /** Throws if there are failures or warnings. */
  assertClean(): void;
}

const DEFAULT_BASES = ["https://api.github.com"];

interface Base {
  origin: string;
  path: string;
}

function parseBase(b: string): Base {
  const u = new URL(b);
  return { origin: u.origin, path: u.pathname.replace(/\/+$/, "") };
}

export function createValidatingFetch(options: ValidatingFetchOptions = {}): ValidatingFetch {
  const explicit = options.baseUrl !== undefined;
  const bases = (options.baseUrl === undefined ? DEFAULT_BASES : Array.isArray(options.baseUrl) ? options.baseUrl : [options.baseUrl]).map(parseBase);
  const validateResponses = options.validateResponses !== false;
  const requests: LoggedRequest[] = [];
  const failures: ContractProblem[] = [];
  const warnings: ContractProblem[] = [];

  /** API-relative path, or undefined if the URL isn't under a known base. */
  const relativePath = (url: URL): string | undefined => {
    for (const b of bases) {
      if (url.origin !== b.origin) continue;
      if (b.path === "") return url.pathname;
      if (url.pathname === b.path) return "/";
      if (url.pathname.startsWith(`${b.path}/`)) return url.pathname.slice(b.path.length);
    }
    if (!explicit) {
      // Default: github.com or any GHES host (`/api/v3` prefix).
      if (url.pathname.startsWith("/api/v3/")) return url.pathname.slice("/api/v3".length);
      if (url.hostname === "api.github.com") return url.pathname;
    }
    return undefined;
  };

  const fail = (problem: ContractProblem): never => {
    failures.push(problem);
    throw new GitHubContractError(problem);
  };

  const validatingFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    const contentType = headers.get("content-type") ?? undefined;
    let rawBody: string | undefined;
    const b = init.body ?? undefined;
    if (typeof b === "string") rawBody = b;
    else if (b instanceof Uint8Array || b instanceof ArrayBuffer) rawBody = Buffer.from(b as Uint8Array).toString("utf8");
    else if (b instanceof URLSearchParams) rawBody = b.toString();
    else if (b === undefined && request && request.body) rawBody = await request.clone().text();
    let body: unknown;
    let isJson = false;
    if (rawBody !== undefined && rawBody !== "") {
      try {
        body = JSON.parse(rawBody);
        isJson = true;
      } catch {
        body = rawBody;
      }
    }
    const query = url.search.replace(/^\?/, "");
    const path = relativePath(url);
    const entry: LoggedRequest = {
      method,
      path: path ?? url.pathname,
      query,
      url: url.href,
      operationId: undefined,
      template: undefined,
      params: {},
      body,
      status: undefined,
    };
    requests.push(entry);

    if (path === undefined) {
      const expected = bases.map((x) => x.origin + x.path).join(" or ");
      fail({
        method,
        path: url.href,
        operationId: undefined,
        kind: "host",
        problems: [`request to ${url.origin}${url.pathname} but the GitHub API base URL is ${expected}`],
        message: `${method} ${url.href}: not under the GitHub API base URL ${expected} (hard-coded host?)`,
      });
    }
    const match = matchRoute(method, path!);
    if (!match) {
      fail({
        method,
        path: path!,
        operationId: undefined,
        kind: "undocumented-route",
        problems: [`undocumented ${method} ${path}`],
        message: `${method} ${path}: no such operation in GitHub's OpenAPI description (undocumented method/path)`,
      });
    }
    entry.operationId = match!.operationId;
    entry.template = match!.template;
    entry.params = match!.params;
    const problems = validateRequest(match!, {
      query,
      ...(isJson ? { body } : rawBody ? { rawBody } : {}),
      ...(contentType ? { contentType } : {}),
    });
    if (problems.length > 0) {
      fail({
        method,
        path: path!,
        operationId: match!.operationId,
        kind: "request",
        problems,
        message: `${match!.operationId} ${method} ${path}: ${problems.join("; ")}`,
      });
    }

    const delegate = options.fetch ?? globalThis.fetch;
    const res = await delegate(request ?? url.href, init);
    entry.status = res.status;
    if (res.status !== 204 && res.status !== 304) {
      const ct = res.headers.get("content-type") ?? "";
      if (/json/i.test(ct)) {
        try {
          const text = await res.clone().text();
          if (text !== "") entry.responseBody = JSON.parse(text);
        } catch {
          warnings.push(warning(match!, method, path!, res.status, "response-not-json", ["response says JSON but isn't"]));
        }
      }
    }
    if (validateResponses) {
      const ws = validateResponse(match!, res.status, entry.responseBody, res.headers.get("content-type") ?? undefined);
      if (ws.length > 0) {
        const kind = ws[0]!.includes("is not documented") ? "undocumented-status" : "response-schema";
        warnings.push(warning(match!, method, path!, res.status, kind, ws));
      }
    }
    return res;
  };

  const describe = (list: ContractProblem[]) => list.map((p, i) => `  ${i + 1}. ${p.message}`).join("\n");

  return {
    fetch: validatingFetch as typeof globalThis.fetch,
    requests,
    failures,
    warnings,
    count: (operationId) => requests.filter((r) => r.operationId === operationId).length,
    operations: () => requests.map((r) => r.operationId ?? `${r.method} ${r.path}`),
    reset() {
      requests.length = 0;
      failures.length = 0;
      warnings.length = 0;
    },
    assertNoFailures() {
      if (failures.length > 0) throw new Error(`${failures.length} GitHub contract failure(s):\n${describe(failures)}`);
    },
    assertClean() {
      if (failures.length + warnings.length > 0) {
        throw new Error(`GitHub contract: ${failures.length} failure(s), ${warnings.length} warning(s):\n${describe([...failures, ...warnings])}`);
      }
    },
  };
}

function warning(match: RouteMatch, method: string, path: string, status: number, kind: ContractProblem["kind"], problems: string[]): ContractProblem {
  return { method, path, operationId: match.operationId, status, kind, problems, message: `${match.operationId} ${method} ${path} → ${status}: ${problems.join("; ")}` };
}
