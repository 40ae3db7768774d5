/**
 * GitHub's own REST description (@octokit/openapi, generated/api.github.com.json) as a
 * request/response checker for tests.
 *
 * - The 13 MB file is read and prepared ONCE per process (module-level cache); see
 *   `specStats()` for how long that took.
 * - Routes: method + path template. Each `{param}` matches one path segment (Octokit
 *   %2F-encodes slashes inside `{ref}`/`{path}`); when nothing matches, parameters the spec
 *   marks `x-multi-segment` (ref, path, branch, sha, …) may also span raw `/`. The most
 *   literal template wins (`/issues/comments/{id}` beats `/issues/{n}/comments`).
 * - Requests are checked strictly (problems are returned for the caller to fail on): path
 *   parameter types, query parameters (unknown names, types, enums), and the JSON body with
 *   Ajv + ajv-formats (formats ON). Plus checks the schema can't express (see
 *   `extraRequestChecks`).
 * - Responses are checked leniently: undocumented status or a body that doesn't match the
 *   documented schema is returned as a warning text.
 * - Compiled validators are memoized per schema object (so per operation/status).
 *
 * Never import the @octokit/openapi package index: it loads every variant (385 MB).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";

const addFormats = addFormatsImport.default;
const require = createRequire(import.meta.url);

export const SPEC_FILE = require.resolve("@octokit/openapi/generated/api.github.com.json");

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

type Json = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
  "x-multi-segment"?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> } | { $ref: string };
  responses: Record<string, Json>;
  "x-github"?: { enabledForGitHubApps?: boolean; category?: string; subcategory?: string };
}

export interface GitHubSpec {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, Json>;
    examples: Record<string, { value: unknown; summary?: string }>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, Json>;
    headers: Record<string, Json>;
  };
}

export interface Route {
  method: HttpMethod;
  template: string;
  operationId: string;
  operation: OpenApiOperation;
  /** Parameters (path, query, header), with `$ref`s resolved. */
  parameters: OpenApiParameter[];
  segments: string[];
  /** One-segment-per-parameter regex. */
  strict: RegExp;
  /** Regex where `x-multi-segment` parameters may contain raw slashes (undefined if none). */
  multi: RegExp | undefined;
  paramNames: string[];
  /** Per segment: 2 literal, 1 mixed (`{base}...{head}`), 0 a lone parameter. */
  score: number[];
  literalChars: number;
}

export interface RouteMatch {
  method: HttpMethod;
  template: string;
  operationId: string;
  operation: OpenApiOperation;
  route: Route;
  /** Path parameters, percent-decoded (`heads%2Ffeature` → `heads/feature`). */
  params: Record<string, string>;
}

export interface SpecStats {
  /** Reading + JSON.parse (of the cached prepared spec, or of the 13 MB file + preparing it). */
  readMs: number;
  /** Route table and Ajv setup. */
  prepareMs: number;
  /** Total time of the one-time load. */
  loadMs: number;
  /** Whether the prepared spec came from the disk cache (else it was built from the 13 MB file). */
  fromCache: boolean;
  routes: number;
  validatorsCompiled: number;
  /** Total time spent compiling validators so far. */
  compileMs: number;
}

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

interface Loaded {
  spec: GitHubSpec;
  ajv: Ajv;
  byMethod: Map<string, Route[]>;
  byOperationId: Map<string, Route>;
  stats: SpecStats;
  validators: WeakMap<object, ValidateFunction>;
  /** Component schemas already added to Ajv. */
  added: Set<string>;
  /** Direct component refs of each visited schema object. */
  refsOf: WeakMap<object, string[]>;
}

let loaded: Loaded | undefined;
let examplesCache: GitHubSpec["components"]["examples"] | undefined;

/**
 * Bump when the preparation below changes: the prepared ("slim") spec is cached on disk in
 * node_modules/.cache/stackwright-github-harness/, keyed by this, the package version and the
 * spec file's size. Set STACKWRIGHT_GH_SPEC_CACHE=0 to bypass the cache.
 */
const CACHE_VERSION = 2;

/** Component schemas are referenced as `${SCHEMA_URI}<name>` and added to Ajv lazily. */
const SCHEMA_URI = "https://schemas.github.test/";

/** The parsed spec (shared and prepared for Ajv: treat it as read-only). */
export function loadGitHubSpec(): GitHubSpec {
  return load().spec;
}

export function specStats(): SpecStats {
  return { ...load().stats };
}

function cachePaths(): { dir: string; slim: string; examples: string } | undefined {
  if (process.env.STACKWRIGHT_GH_SPEC_CACHE === "0") return undefined;
  try {
    const pkgFile = require.resolve("@octokit/openapi/package.json");
    const version = (JSON.parse(readFileSync(pkgFile, "utf8")) as { version: string }).version;
    const size = statSync(SPEC_FILE).size;
    // node_modules/@octokit/openapi/package.json → node_modules/.cache/…
    const dir = join(dirname(pkgFile), "..", "..", ".cache", "stackwright-github-harness");
    const key = `openapi-${version}-${size}-v${CACHE_VERSION}`;
    return { dir, slim: join(dir, `${key}.json`), examples: join(dir, `${key}.examples.json`) };
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file); // atomic: concurrent test workers never see half a file
}

/** Reads the prepared spec from the disk cache, or builds it from the 13 MB file (and caches it). */
function readPreparedSpec(): { spec: GitHubSpec; fromCache: boolean } {
  const cache = cachePaths();
  if (cache && existsSync(cache.slim)) {
    try {
      const spec = JSON.parse(readFileSync(cache.slim, "utf8")) as GitHubSpec;
      return { spec, fromCache: true };
    } catch {
      // corrupt cache: rebuild below
    }
  }
  const full = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as GitHubSpec;
  const spec: GitHubSpec = {
    openapi: full.openapi,
    paths: prepare(full.paths, undefined) as GitHubSpec["paths"],
    components: {
      schemas: prepare(full.components.schemas, undefined) as GitHubSpec["components"]["schemas"],
      parameters: prepare(full.components.parameters, undefined) as GitHubSpec["components"]["parameters"],
      responses: prepare(full.components.responses, undefined) as GitHubSpec["components"]["responses"],
      headers: prepare(full.components.headers, undefined) as GitHubSpec["components"]["headers"],
      examples: {},
    },
  };
  examplesCache = full.components.examples;
  if (cache) {
    try {
      mkdirSync(cache.dir, { recursive: true });
      writeAtomic(cache.examples, JSON.stringify(full.components.examples));
      writeAtomic(cache.slim, JSON.stringify(spec));
    } catch {
      // read-only file system: fine, just slower next time
    }
  }
  return { spec, fromCache: false };
}

function examples(): GitHubSpec["components"]["examples"] {
  if (examplesCache) return examplesCache;
  const cache = cachePaths();
  if (cache && existsSync(cache.examples)) {
    try {
      examplesCache = JSON.parse(readFileSync(cache.examples, "utf8")) as GitHubSpec["components"]["examples"];
      return examplesCache;
    } catch {
      // fall through
    }
  }
  examplesCache = (JSON.parse(readFileSync(SPEC_FILE, "utf8")) as GitHubSpec).components.examples;
  return examplesCache;
}

function load(): Loaded {
  if (loaded) return loaded;
  const t0 = performance.now();
  const { spec, fromCache } = readPreparedSpec();
  const t1 = performance.now();

  // inlineRefs:false compiles each referenced component once (shared by every validator that
  // uses it); optimize:false roughly halves compile time. Both matter more than validation speed.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, messages: true, inlineRefs: false, code: { optimize: false } });
  addFormats(ajv);
  // Formats GitHub uses that ajv-formats doesn't know: accept any value.
  for (const name of ["int32", "int64", "double", "float", "repo.nwo", "binary"]) {
    if (!ajv.formats[name]) ajv.addFormat(name, true);
  }
  // GitHub's schemas declare URL fields as `format: uri` with `default: ""` (deployment-status
  // target_url/log_url/environment_url) and GitHub sends "" when unset: accept the empty string.
  const uri = ajv.formats.uri;
  if (typeof uri === "function") ajv.addFormat("uri", (s: string) => s === "" || uri(s));

  const byMethod = new Map<string, Route[]>();
  const byOperationId = new Map<string, Route>();
  let count = 0;
  for (const [template, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
    for (const method of METHODS) {
      const operation = item[method.toLowerCase()] as OpenApiOperation | undefined;
      if (!operation) continue;
      const route = buildRoute(spec, method, template, operation, shared);
      const list = byMethod.get(method) ?? [];
      list.push(route);
      byMethod.set(method, list);
      byOperationId.set(operation.operationId, route);
      count++;
    }
  }
  for (const list of byMethod.values()) list.sort(compareSpecificity);
  const t2 = performance.now();
  loaded = {
    spec,
    ajv,
    byMethod,
    byOperationId,
    validators: new WeakMap(),
    added: new Set(),
    refsOf: new WeakMap(),
    stats: { readMs: t1 - t0, prepareMs: t2 - t1, loadMs: t2 - t0, fromCache, routes: count, validatorsCompiled: 0, compileMs: 0 },
  };
  return loaded;
}

const DROP = new Set(["description", "summary", "example", "examples", "externalDocs", "title"]);

/**
 * A prepared copy of a spec subtree: prose and examples dropped (except as property names),
 * schema `$ref`s made absolute URIs (each component is its own Ajv schema, added on first
 * use: adding all 969 at once costs ~250 ms of Ajv traversal), and the
 * OpenAPI 3.0 `nullable` quirks fixed for Ajv.
 */
function prepare(node: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((x) => prepare(x, undefined));
  if (!node || typeof node !== "object") return node;
  const src = node as Json;
  const o: Json = {};
  for (const k in src) {
    if (parentKey !== "properties" && DROP.has(k)) continue;
    o[k] = prepare(src[k], k);
  }
  if (typeof o.$ref === "string" && o.$ref.startsWith("#/components/schemas/")) o.$ref = SCHEMA_URI + o.$ref.slice("#/components/schemas/".length);
  if ("nullable" in o && parentKey !== "properties") {
    if (o.type === undefined) {
      // Ajv throws on `nullable` without `type`: {nullable, oneOf…} → anyOf [null, the schema]
      const nullable = o.nullable === true;
      delete o.nullable;
      const rest = Object.keys(o).filter((k) => k !== "readOnly");
      if (nullable && rest.length > 0) {
        const inner: Json = {};
        for (const k of rest) {
          inner[k] = o[k];
          delete o[k];
        }
        o.anyOf = [{ type: "null" }, inner];
      }
    } else if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) {
      o.enum.push(null); // ajv-validator/ajv#993
    }
  }
  return o;
}

function resolveRef<T>(spec: GitHubSpec, value: T | { $ref: string }): T {
  let v: unknown = value;
  for (let i = 0; i < 5 && v && typeof v === "object" && typeof (v as { $ref?: unknown }).$ref === "string"; i++) {
    let ref = (v as { $ref: string }).$ref;
    if (ref.startsWith(SCHEMA_URI)) ref = `#/components/schemas/${ref.slice(SCHEMA_URI.length)}`;
    const parts = ref.replace(/^#\//, "").split("/").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    let cur: unknown = spec;
    for (const p of parts) cur = (cur as Json | undefined)?.[p];
    v = cur;
  }
  return v as T;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function buildRoute(spec: GitHubSpec, method: HttpMethod, template: string, operation: OpenApiOperation, shared: OpenApiParameter[]): Route {
  const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => resolveRef<OpenApiParameter>(spec, p));
  const multiNames = new Set(parameters.filter((p) => p.in === "path" && p["x-multi-segment"]).map((p) => p.name));
  const segments = template.split("/").slice(1);
  const paramNames: string[] = [];
  const score: number[] = [];
  let strictSrc = "";
  let multiSrc = "";
  let literalChars = 0;
  for (const seg of segments) {
    const parts = seg.split(/(\{[^}]+\})/).filter((x) => x !== "");
    let s = "";
    let m = "";
    let hasLiteral = false;
    let hasParam = false;
    for (const part of parts) {
      const pm = /^\{([^}]+)\}$/.exec(part);
      if (pm) {
        const name = pm[1]!;
        paramNames.push(name);
        hasParam = true;
        s += "([^/]+?)";
        m += multiNames.has(name) ? "(.+?)" : "([^/]+?)";
      } else {
        hasLiteral = true;
        literalChars += part.length;
        s += escapeRe(part);
        m += escapeRe(part);
      }
    }
    score.push(hasParam ? (hasLiteral ? 1 : 0) : 2);
    strictSrc += "/" + s;
    multiSrc += "/" + m;
  }
  return {
    method,
    template,
    operationId: operation.operationId,
    operation,
    parameters,
    segments,
    strict: new RegExp(`^${strictSrc}$`),
    multi: multiNames.size > 0 ? new RegExp(`^${multiSrc}$`) : undefined,
    paramNames,
    score,
    literalChars,
  };
}

/** Sort order: most specific first (literal segments beat parameters, left to right). */
function compareSpecificity(a: Route, b: Route): number {
  const n = Math.min(a.score.length, b.score.length);
  for (let i = 0; i < n; i++) {
    const d = b.score[i]! - a.score[i]!;
    if (d !== 0) return d;
  }
  if (a.literalChars !== b.literalChars) return b.literalChars - a.literalChars;
  return b.score.length - a.score.length;
}

/**
 * The documented operation for `method` + `pathname` (relative to the API root, e.g.
 * `/repos/o/r/git/ref/heads%2Fmain`, still percent-encoded), or undefined.
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const { byMethod } = load();
  const m = method.toUpperCase();
  const routes = byMethod.get(m) ?? [];
  const clean = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const segCount = clean.split("/").length - 1;
  for (const pass of ["strict", "multi"] as const) {
    for (const route of routes) {
      const re = pass === "strict" ? route.strict : route.multi;
      if (!re || (pass === "strict" && route.segments.length !== segCount)) continue;
      const hit = re.exec(clean);
      if (!hit) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        const raw = hit[i + 1] ?? "";
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return { method: route.method, template: route.template, operationId: route.operationId, operation: route.operation, route, params };
    }
  }
  return undefined;
}

export function findOperation(operationId: string): Route | undefined {
  return load().byOperationId.get(operationId);
}

/** Every documented operationId (for "is this a real operation?" checks). */
export function operationIds(): string[] {
  return [...load().byOperationId.keys()];
}

function directRefs(l: Loaded, schema: object): string[] {
  let refs = l.refsOf.get(schema);
  if (refs) return refs;
  const found = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
    } else if (n && typeof n === "object") {
      const o = n as Json;
      if (typeof o.$ref === "string" && o.$ref.startsWith(SCHEMA_URI)) found.add(o.$ref.slice(SCHEMA_URI.length));
      for (const k in o) walk(o[k]);
    }
  };
  walk(schema);
  refs = [...found];
  l.refsOf.set(schema, refs);
  return refs;
}

/** Adds every component schema `schema` needs (transitively) to Ajv. */
function addReferencedComponents(l: Loaded, schema: object): void {
  const stack = [...directRefs(l, schema)];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (l.added.has(name)) continue;
    const component = l.spec.components.schemas[name];
    if (!component) continue; // Ajv will report the missing ref
    l.ajv.addSchema(component, SCHEMA_URI + name);
    l.added.add(name);
    stack.push(...directRefs(l, component));
  }
}

function validatorFor(schema: object): ValidateFunction {
  const l = load();
  let v = l.validators.get(schema);
  if (!v) {
    const t0 = performance.now();
    addReferencedComponents(l, schema);
    v = l.ajv.compile(schema);
    l.stats.compileMs += performance.now() - t0;
    l.stats.validatorsCompiled++;
    l.validators.set(schema, v);
  }
  return v;
}

/** Readable Ajv errors: `/status must be equal to one of the allowed values (queued, in_progress, completed; got "bogus")`. */
export function formatAjvErrors(errors: ErrorObject[] | null | undefined, data: unknown, prefix = ""): string[] {
  if (!errors) return [];
  const out: string[] = [];
  for (const e of errors) {
    let msg = `${prefix}${e.instancePath || "/"} ${e.message ?? e.keyword}`;
    if (e.keyword === "enum") {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      msg += ` (${allowed.map((x) => JSON.stringify(x)).join(", ")}; got ${JSON.stringify(pointer(data, e.instancePath))})`;
    } else if (e.keyword === "additionalProperties") {
      msg += ` (${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})`;
    } else if (e.keyword === "type" || e.keyword === "format" || e.keyword === "maxLength" || e.keyword === "minLength") {
      const got = pointer(data, e.instancePath);
      const shown = typeof got === "string" && got.length > 80 ? `${got.slice(0, 80)}… (${got.length} chars)` : JSON.stringify(got);
      msg += ` (got ${shown})`;
    }
    if (!out.includes(msg)) out.push(msg);
  }
  // oneOf/anyOf explode into many branch errors; the first few say enough.
  return out.length > 12 ? [...out.slice(0, 12), `… and ${out.length - 12} more`] : out;
}

function pointer(data: unknown, path: string): unknown {
  if (!path) return data;
  let cur: unknown = data;
  for (const raw of path.split("/").slice(1)) {
    const k = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    cur = cur && typeof cur === "object" ? (cur as Json)[k] : undefined;
  }
  return cur;
}

/** Validate any value against a component schema, e.g. `validateComponent("issue-comment", body)`. */
export function validateComponent(name: string, value: unknown): string[] {
  const schema = load().spec.components.schemas[name];
  if (!schema) return [`no component schema "${name}"`];
  const v = validatorFor(schema);
  return v(value) ? [] : formatAjvErrors(v.errors, value);
}

/** A deep copy of `components.examples[name].value`. */
export function componentExample<T = unknown>(name: string): T {
  const ex = examples()[name];
  if (!ex) throw new Error(`no component example "${name}" in ${SPEC_FILE}`);
  return structuredClone(ex.value) as T;
}

function coerce(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if (type === "integer" || type === "number") return value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type === "array") return value.split(",");
  return value;
}

export interface RequestToCheck {
  /** Query string of the request (without the leading `?` is fine too). */
  query?: URLSearchParams | string;
  /** Parsed JSON body, or undefined when the request had none. */
  body?: unknown;
  /** Raw body present but not JSON (e.g. text/plain). */
  rawBody?: string;
  contentType?: string;
}

/** Every problem with a request to a matched route; empty when it conforms. */
export function validateRequest(match: RouteMatch, req: RequestToCheck): string[] {
  const problems: string[] = [];
  const { route } = match;
  // Path parameters (e.g. `/issues/undefined/comments`).
  for (const p of route.parameters) {
    if (p.in !== "path") continue;
    const raw = match.params[p.name];
    if (raw === undefined) continue;
    if (raw === "" || raw === "undefined" || raw === "null" || raw === "NaN" || raw === "[object Object]") {
      problems.push(`path parameter {${p.name}} is ${JSON.stringify(raw)}`);
      continue;
    }
    if (p.schema) {
      const v = validatorFor(p.schema);
      const val = coerce(raw, p.schema);
      if (!v(val)) problems.push(...formatAjvErrors(v.errors, val, `path parameter {${p.name}}`));
    }
  }
  // Query parameters: unknown names (GitHub silently ignores them — a bug in the caller), types, enums.
  const query = typeof req.query === "string" ? new URLSearchParams(req.query) : (req.query ?? new URLSearchParams());
  const declared = new Map(route.parameters.filter((p) => p.in === "query").map((p) => [p.name, p] as const));
  for (const name of new Set(query.keys())) {
    const p = declared.get(name);
    if (!p) {
      problems.push(`query parameter "${name}" is not documented for ${match.operationId} (documented: ${[...declared.keys()].join(", ") || "none"})`);
      continue;
    }
    if (p.schema) {
      const values = query.getAll(name);
      const val = p.schema.type === "array" ? values.flatMap((x) => x.split(",")) : coerce(values[values.length - 1] ?? "", p.schema);
      const v = validatorFor(p.schema);
      if (!v(val)) problems.push(...formatAjvErrors(v.errors, val, `query parameter "${name}"`));
    }
  }
  for (const p of declared.values()) {
    if (p.required && !query.has(p.name)) problems.push(`required query parameter "${p.name}" is missing`);
  }
  problems.push(...extraQueryChecks(match.operationId, query));
  // Body.
  const rb = match.operation.requestBody ? resolveRef<{ required?: boolean; content?: Record<string, { schema?: Json }> }>(load().spec, match.operation.requestBody) : undefined;
  const hasBody = req.body !== undefined || (req.rawBody !== undefined && req.rawBody !== "");
  if (!rb) {
    if (hasBody && !(req.body && typeof req.body === "object" && Object.keys(req.body).length === 0)) {
      problems.push(`${match.operationId} documents no request body, but one was sent`);
    }
  } else {
    const jsonSchema = rb.content?.["application/json"]?.schema;
    if (!hasBody) {
      if (rb.required) problems.push(`${match.operationId} requires a request body`);
    } else if (req.body !== undefined && jsonSchema) {
      const v = validatorFor(jsonSchema);
      if (!v(req.body)) problems.push(...formatAjvErrors(v.errors, req.body, "body"));
      problems.push(...extraRequestChecks(match.operationId, req.body));
    } else if (req.body === undefined && jsonSchema && !Object.keys(rb.content ?? {}).some((c) => !c.includes("json"))) {
      problems.push(`${match.operationId} expects a JSON body (content-type ${req.contentType ?? "none"})`);
    }
  }
  return problems;
}

const URL_FIELDS = ["details_url", "environment_url", "log_url", "target_url"];
const NO_CONCLUSION_STATUSES = new Set(["queued", "in_progress", "waiting", "requested", "pending"]);

/**
 * What GitHub enforces but the schema doesn't say (held-out check F): URL fields must be
 * absolute http(s) URLs, a completed check run needs a conclusion, a conclusion must not
 * come with a non-completed status, and annotation columns need a single-line annotation.
 */
function extraQueryChecks(operationId: string, query: URLSearchParams): string[] {
  const problems: string[] = [];
  const head = query.get("head");
  if (operationId === "pulls/list" && head !== null && !head.includes(":")) {
    problems.push(`query parameter "head" must be "owner:branch" (got ${JSON.stringify(head)}); without the owner GitHub silently ignores the filter and returns every PR`);
  }
  return problems;
}

function extraRequestChecks(operationId: string, body: unknown): string[] {
  const problems: string[] = [];
  if (!body || typeof body !== "object") return problems;
  const b = body as Json;
  for (const f of URL_FIELDS) {
    const v = b[f];
    if (typeof v === "string" && v !== "") {
      let ok = false;
      try {
        ok = ["http:", "https:"].includes(new URL(v).protocol);
      } catch {
        ok = false;
      }
      if (!ok) problems.push(`body/${f} must be an absolute http(s) URL (got ${JSON.stringify(v)})`);
    }
  }
  if (operationId === "checks/create" || operationId === "checks/update") {
    const annotations = (b.output as Json | undefined)?.annotations;
    if (Array.isArray(annotations)) {
      annotations.forEach((a: Json, i) => {
        if (a.start_line !== a.end_line && (a.start_column !== undefined || a.end_column !== undefined)) {
          problems.push(`body/output/annotations/${i}: start_column/end_column are only allowed when start_line equals end_line`);
        }
      });
    }
    if (b.status === "completed" && b.conclusion === undefined) problems.push(`body/conclusion is required when status is "completed"`);
    if (typeof b.status === "string" && NO_CONCLUSION_STATUSES.has(b.status) && b.conclusion != null) {
      problems.push(`body/conclusion ${JSON.stringify(b.conclusion)} cannot be sent with status ${JSON.stringify(b.status)}`);
    }
  }
  return problems;
}

/**
 * Warnings about a response: status not documented for the operation, or a JSON body that
 * doesn't match the documented schema. Never throws.
 */
export function validateResponse(match: RouteMatch, status: number, body: unknown, contentType: string | undefined): string[] {
  const l = load();
  const responses = match.operation.responses;
  const resp = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (!resp) return [`${match.operationId}: status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
  const r = resolveRef<{ content?: Record<string, { schema?: Json }> }>(l.spec, resp);
  if (body === undefined) return [];
  if (contentType && !/json/i.test(contentType)) return [];
  const schema = r.content?.["application/json"]?.schema ?? Object.entries(r.content ?? {}).find(([k]) => k.includes("json"))?.[1].schema;
  if (!schema) return [];
  const v = validatorFor(schema);
  if (v(body)) return [];
  return formatAjvErrors(v.errors, body, `${match.operationId} ${status} response`);
}
