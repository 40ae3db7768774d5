/**
 * A stateful, in-memory GitHub served through nock 14 (which intercepts the global `fetch`
 * Octokit uses). Requests are routed with GitHub's own OpenAPI route table (./openapi.ts), so
 * a handler runs per operationId; response bodies are built from the spec's component
 * examples with the fields that matter overridden, and are expected to pass the spec's
 * response schemas (the harness tests assert zero warnings).
 *
 * Base URL: `https://api.github.com` by default, or a GHES base such as
 * `http://ghe.test/api/v3` (every URL in responses uses the configured base; web URLs use
 * `https://github.com` or the GHES host).
 *
 * Auth (on by default, `auth: false` to skip): `/app/*` needs the app's JWT (`iss` = appId when
 * `appId` is given); everything else needs an installation token issued by
 * `POST /app/installations/{id}/access_tokens` (or a token listed in `tokens`). A token only
 * sees the repositories of its installation (others → 404, as GitHub hides them). Writes made
 * with an installation token are attributed to the bot user `<appSlug>[bot]`.
 *
 * SUPPORTED ROUTES (operationId — behaviour)
 *   apps/create-installation-access-token  POST /app/installations/{installation_id}/access_tokens — 201 ghs_ token; unknown installation 404
 *   repos/get                              GET  /repos/{owner}/{repo}
 *   repos/get-branch                       GET  /repos/{owner}/{repo}/branches/{branch} — 404 "Branch not found"
 *   repos/get-collaborator-permission-level GET /repos/{owner}/{repo}/collaborators/{username}/permission — {permission, role_name, user};
 *                                            owner = admin; others via setPermission(); anyone else: read (public) / none (private)
 *   repos/get-content                      GET  /repos/{owner}/{repo}/contents/{path}?ref= — file (base64), directory listing, raw media type; 404 when missing
 *   repos/list-commits                     GET  /repos/{owner}/{repo}/commits?sha=&path=&per_page=&page= — newest first, Link pagination
 *   repos/get-commit                       GET  /repos/{owner}/{repo}/commits/{ref} — with files and stats
 *   repos/compare-commits(-with-basehead)  GET  /repos/{owner}/{repo}/compare/{base}...{head} — status ahead|behind|diverged|identical, ahead_by, behind_by, commits, files
 *   git/create-blob, git/get-blob          POST /git/blobs (utf-8 | base64), GET /git/blobs/{file_sha}
 *   git/create-tree, git/get-tree          POST /git/trees (base_tree; entries with content | sha; sha:null deletes; type tree replaces a directory),
 *                                          GET /git/trees/{tree_sha}?recursive=1 (tree sha, commit sha or branch)
 *   git/create-commit, git/get-commit      POST /git/commits (tree + parents must exist), GET /git/commits/{commit_sha}
 *   git/get-ref                            GET  /git/ref/{ref} (`heads/x`) — 404 when missing
 *   git/list-matching-refs                 GET  /git/matching-refs/{ref}
 *   git/create-ref                         POST /git/refs — 422 "Reference already exists"; 422 "Object does not exist"
 *   git/update-ref                         PATCH /git/refs/{ref} — 422 "Update is not a fast forward" unless force; 422 "Reference does not exist"
 *   git/delete-ref                         DELETE /git/refs/{ref} — 204; 422 "Reference does not exist"
 *   issues/create, issues/get, issues/update   issues and PRs share numbers; GET on a PR number has `pull_request`
 *   issues/create-comment, issues/update-comment, issues/get-comment, issues/delete-comment, issues/list-comments (since, Link pagination)
 *                                          — body over 65536 characters → 422 as GitHub
 *   reactions/create-for-issue-comment, reactions/list-for-issue-comment, reactions/delete-for-issue-comment,
 *   reactions/create-for-issue, reactions/list-for-issue — 201 new, 200 when the same user already reacted with that content
 *   pulls/create                           head `branch` or `owner:branch`; 422 when head/base missing, "A pull request already exists for o:b.", "No commits between …"
 *   pulls/list                             state (open|closed|all), head=owner:branch (a bare branch is ignored, as on GitHub), base, sort/direction, Link pagination
 *   pulls/get, pulls/update                title, body, state, base; head.sha follows the branch
 *   pulls/merge                            merge|squash|rebase; 405 not mergeable, 409 sha mismatch; moves the base branch
 *   checks/create, checks/update, checks/get, checks/list-for-ref, checks/list-annotations
 *                                          — annotations appended across updates (annotations_count); conclusion ⇒ completed;
 *                                            unknown head_sha → 422; list-for-ref: check_name, status, filter=latest|all
 *   repos/create-deployment                ref → sha (branch, tag, sha; 422 otherwise); required_contexts omitted ⇒ every
 *                                          check run on the sha must have succeeded, else 409 as GitHub; auto_merge (default true)
 *                                          merges the default branch into a branch that's behind (202) or 409 on conflict
 *   repos/list-deployments, repos/get-deployment  (sha, ref, task, environment filters; newest first)
 *   repos/create-deployment-status, repos/list-deployment-statuses, repos/get-deployment-status
 *                                          — log_url also sets target_url; auto_inactive marks older successful
 *                                            non-transient, non-production deployments of the environment inactive
 * Any other documented route → 404 "Not Found" from the fake and an entry in `fake.unhandled`.
 * Test-side controls: failNext(), on(), and the seeding/inspection helpers on the class.
 */
import { randomBytes } from "node:crypto";
import nock from "nock";
import { componentExample, matchRoute, type RouteMatch } from "./openapi.js";
import { EMPTY_TREE_SHA, GitStore, sortCommits, type Commit, type FlatEntry, type Signature, type TreeMode } from "./git-objects.js";

// ───────────────────────────── public types ─────────────────────────────

// Response bodies are built as loose JSON objects.
type JsonObject = Record<string, any>;

export type RepoRef = string | { owner: string; repo: string };
export type Role = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface FakeGitHubOptions {
  /** API base URL; default https://api.github.com. GHES: e.g. http://ghe.test/api/v3 */
  baseUrl?: string;
  /** When set, the app JWT's `iss` must equal it. */
  appId?: number;
  /** App slug (bot login `<slug>[bot]`); default "stackwright". */
  appSlug?: string;
  /** App display name; default "Stackwright". */
  appName?: string;
  /** Enforce tokens (default true). */
  auth?: boolean;
  /** Extra accepted tokens (e.g. a PAT passed to Probot's `githubToken`) → login they act as. */
  tokens?: Record<string, string>;
  /** Installation ids that exist besides those of seeded repos. */
  installations?: number[];
  /** Permissions reported on installation tokens. */
  permissions?: Record<string, "read" | "write">;
  /** Clock for timestamps (default `new Date()`). */
  now?: () => Date;
}

export interface SeedRepoOptions {
  owner: string;
  repo: string;
  files?: Record<string, string | Buffer>;
  defaultBranch?: string;
  private?: boolean;
  installationId?: number;
  ownerType?: "User" | "Organization";
  /** Issues to create, in order (numbers 1, 2, … unless given). */
  issues?: Array<{ title: string; body?: string; user?: string; number?: number }>;
  collaborators?: Record<string, Role>;
}

export interface RepoHandle {
  owner: string;
  repo: string;
  fullName: string;
  id: number;
  defaultBranch: string;
  private: boolean;
  installationId: number;
  /** Sha the default branch points at (when the handle was made). */
  headSha: string;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** For failNext: run the real handler first (state changes happen), then answer with this failure. */
  apply?: boolean;
}

/** operationId (e.g. "git/create-ref"), or a method and a path pattern (RegExp on the API path, or a template/exact path string). */
export type RequestMatcher = string | { method?: string; pathPattern: RegExp | string };

export interface FakeRequest {
  method: string;
  /** API-relative path (base path removed), percent-encoded. */
  path: string;
  query: URLSearchParams;
  operationId: string | undefined;
  params: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

export interface CommentView {
  id: number;
  issueNumber: number;
  body: string;
  user: { login: string; type: "User" | "Bot" | "Organization" };
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  /** Number of PATCHes. */
  edits: number;
}

export interface PullView {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  head: string;
  headSha: string;
  base: string;
  /** Base sha (frozen when merged/closed). */
  baseSha: string;
  user: string;
  mergeCommitSha: string | null;
}

export interface CheckRunView {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: JsonObject[];
  actions: JsonObject[];
  /** Number of PATCHes. */
  updates: number;
}

export interface DeploymentView {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: unknown;
  description: string | null;
  creator: string;
  transient: boolean;
  production: boolean;
  createdAt: string;
  /** Oldest first. */
  statuses: Array<{ id: number; state: string; description: string; environment: string; environmentUrl: string; logUrl: string; targetUrl: string; creator: string; createdAt: string }>;
}

export interface ReactionView {
  id: number;
  content: string;
  user: string;
}

export interface CommitView {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
}

export interface FakeLogEntry {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
}

/** 403 secondary rate limit, as GitHub sends it. */
export function secondaryRateLimit(retryAfterSeconds = 1): FakeReply {
  return {
    status: 403,
    headers: { "retry-after": String(retryAfterSeconds), "x-ratelimit-remaining": "4000" },
    body: {
      message:
        "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
      documentation_url: "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: "403",
    },
  };
}

/** A 5xx as GitHub's edge sends it. */
export function serverError(status = 503, message = status === 502 ? "Server Error" : "Service Unavailable"): FakeReply {
  return { status, body: { message, status: String(status) } };
}

// ───────────────────────────── internal state ─────────────────────────────

export interface FakeUser {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
}

interface Actor {
  login: string;
  type: "User" | "Bot" | "Organization";
  viaApp: boolean;
  installationId: number | undefined;
  kind: "installation" | "app" | "token" | "anonymous";
}

interface PullState {
  id: number;
  nodeId: string;
  headRef: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  maintainerCanModify: boolean;
  /** Head sha frozen when the PR is merged/closed (the branch may move or be deleted later). */
  frozenHeadSha: string | null;
  frozenBaseSha: string | null;
}

interface IssueState {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: PullState | undefined;
}

interface CommentState {
  id: number;
  nodeId: string;
  repoKey: string;
  issueNumber: number;
  body: string;
  user: string;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  edits: number;
}

interface ReactionState {
  id: number;
  nodeId: string;
  subject: string;
  user: string;
  content: string;
  createdAt: string;
}

interface CheckRunState {
  id: number;
  nodeId: string;
  repoKey: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: JsonObject[];
  actions: JsonObject[];
  suiteId: number;
  updates: number;
}

interface DeploymentStatusState {
  id: number;
  nodeId: string;
  state: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  viaApp: boolean;
  createdAt: string;
}

interface DeploymentState {
  id: number;
  nodeId: string;
  repoKey: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: string;
  viaApp: boolean;
  transient: boolean;
  production: boolean;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatusState[];
}

interface RepoState {
  key: string;
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  ownerType: "User" | "Organization";
  defaultBranch: string;
  private: boolean;
  installationId: number;
  createdAt: string;
  pushedAt: string;
  git: GitStore;
  refs: Map<string, string>;
  issues: Map<number, IssueState>;
  collaborators: Map<string, Role>;
  checkSuites: Map<string, number>;
}

interface Ctx {
  req: FakeRequest;
  match: RouteMatch;
  actor: Actor;
    body: any;
  repo: RepoState | undefined;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
  }
}

const notFound = (message = "Not Found") => new HttpError(404, message);
const unprocessable = (message: string, extra: JsonObject = {}) => new HttpError(422, message, extra);
const validationFailed = (errors: JsonObject[]) => new HttpError(422, "Validation Failed", { errors });

const MAX_COMMENT = 65536;
const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];
const DOCS = "https://docs.github.com/rest";

const b64 = (buf: Buffer) => buf.toString("base64");
/** GitHub wraps base64 content at 60 characters. */
const b64Wrapped = (buf: Buffer) => (b64(buf).match(/.{1,60}/g) ?? [""]).join("\n") + (buf.length > 0 ? "\n" : "");
const nodeId = (kind: string, id: number | string) => Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64");

/** Deep string replacement, for retargeting spec examples to our base URLs, repo and users. */
function rewrite<T>(value: T, pairs: Array<[string, string]>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = v;
      for (const [from, to] of pairs) if (s.includes(from)) s = s.split(from).join(to);
      return s;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const o: JsonObject = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x);
      return o;
    }
    return v;
  };
  return walk(value) as T;
}

// ───────────────────────────── the fake ─────────────────────────────

export class FakeGitHub {
  readonly baseUrl: string;
  readonly webUrl: string;
  readonly appSlug: string;
  readonly appName: string;
  readonly appId: number | undefined;
  /** Every request the fake answered (method, path, operationId, status). */
  readonly log: FakeLogEntry[] = [];
  /** Documented routes the fake doesn't model (answered 404). */
  readonly unhandled: Array<{ method: string; path: string; operationId: string | undefined }> = [];

  private readonly origin: string;
  private readonly basePath: string;
  private readonly authEnabled: boolean;
  private readonly extraTokens: Map<string, string>;
  private readonly permissions: Record<string, "read" | "write">;
  private readonly clock: () => Date;
  private readonly interceptors: nock.Interceptor[] = [];
  private readonly repos = new Map<string, RepoState>();
  private readonly users = new Map<string, FakeUser>();
  private readonly installations = new Set<number>();
  private readonly tokens = new Map<string, { installationId: number; expiresAt: string }>();
  private readonly commentMap = new Map<number, CommentState>();
  private readonly reactionList: ReactionState[] = [];
  private readonly checkRunMap = new Map<number, CheckRunState>();
  private readonly deploymentMap = new Map<number, DeploymentState>();
  private readonly failures: Array<{ matcher: RequestMatcher; replies: FakeReply[] }> = [];
  private readonly hooks: Array<{ matcher: RequestMatcher; handler: (req: FakeRequest) => FakeReply | undefined }> = [];
  private seq = 0;
  private firstRepo: string | undefined;

  constructor(options: FakeGitHubOptions = {}) {
    const base = new URL(options.baseUrl ?? "https://api.github.com");
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, "");
    this.baseUrl = this.origin + this.basePath;
    this.webUrl = base.hostname === "api.github.com" ? "https://github.com" : base.origin;
    this.appSlug = options.appSlug ?? "stackwright";
    this.appName = options.appName ?? "Stackwright";
    this.appId = options.appId;
    this.authEnabled = options.auth !== false;
    this.extraTokens = new Map(Object.entries(options.tokens ?? {}));
    this.permissions = options.permissions ?? { checks: "write", contents: "write", deployments: "write", issues: "write", metadata: "read", pull_requests: "write" };
    this.clock = options.now ?? (() => new Date());
    for (const id of options.installations ?? []) this.installations.add(id);
    this.start();
  }

  // ─────────── nock wiring ───────────

  private start(): void {
    const scope = nock(this.origin).persist();
    const prefix = this.basePath;
    const matches = (uri: string) => {
      const path = uri.split("?")[0] ?? "";
      return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
    };
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const interceptor = scope.intercept(matches, method);
      this.interceptors.push(interceptor);
      const fake = this;
      interceptor.reply(function (uri, body) {
        return fake.handle(method, uri, body, this.req.headers);
      });
    }
  }

  /** Removes this fake's nock interceptors (other nock state is left alone). */
  done(): void {
    for (const i of this.interceptors) nock.removeInterceptor(i);
    this.interceptors.length = 0;
  }

  /**
   * The next requests matching `matcher` get these replies, one per request, instead of the
   * model's answer (unless a reply says `apply: true`, then the model runs first).
   */
  failNext(matcher: RequestMatcher, responses: FakeReply[]): void {
    this.failures.push({ matcher, replies: [...responses] });
  }

  /** Custom handler for matching requests; return undefined to fall through to the model. */
  on(matcher: RequestMatcher, handler: (req: FakeRequest) => FakeReply | undefined): void {
    this.hooks.push({ matcher, handler });
  }

  private matcherHits(m: RequestMatcher, req: FakeRequest, template: string | undefined): boolean {
    if (typeof m === "string") return req.operationId === m;
    if (m.method && m.method.toUpperCase() !== req.method) return false;
    if (m.pathPattern instanceof RegExp) return m.pathPattern.test(req.path);
    return m.pathPattern === req.path || m.pathPattern === template || decodeURIComponent(req.path) === m.pathPattern;
  }

  private handle(method: string, uri: string, rawBody: unknown, headers: Record<string, string>): [number, string, Record<string, string>] {
    const [rawPath = "", qs = ""] = uri.split(/\?(.*)/s);
    const path = this.basePath && rawPath.startsWith(this.basePath) ? rawPath.slice(this.basePath.length) || "/" : rawPath;
    let body: unknown = rawBody;
    if (typeof rawBody === "string" && rawBody !== "") {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    } else if (rawBody === "") body = undefined;
    const match = matchRoute(method, path);
    const req: FakeRequest = { method, path, query: new URLSearchParams(qs), operationId: match?.operationId, params: match?.params ?? {}, body, headers: lowerKeys(headers) };
    const reply = this.dispatch(req, match);
    this.log.push({ method, path, operationId: req.operationId, status: reply.status });
    const out: Record<string, string> = {
      "x-github-request-id": `FAKE:${(++this.seq).toString(16).toUpperCase()}`,
      "x-github-api-version-selected": "2022-11-28",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(0, 5000 - this.log.length)),
      "x-ratelimit-reset": String(Math.floor(this.clock().getTime() / 1000) + 3600),
      "x-ratelimit-used": String(this.log.length),
      "x-ratelimit-resource": "core",
      ...reply.headers,
    };
    if (reply.body === undefined) return [reply.status, "", out];
    if (typeof reply.body === "string" && out["content-type"]) return [reply.status, reply.body, out];
    out["content-type"] ??= "application/json; charset=utf-8";
    return [reply.status, JSON.stringify(reply.body), out];
  }

  private dispatch(req: FakeRequest, match: RouteMatch | undefined): FakeReply {
    let deferred: FakeReply | undefined;
    for (const f of this.failures) {
      if (f.replies.length > 0 && this.matcherHits(f.matcher, req, match?.template)) {
        const r = f.replies.shift()!;
        if (!r.apply) return r;
        deferred = r;
        break;
      }
    }
    for (const h of this.hooks) {
      if (this.matcherHits(h.matcher, req, match?.template)) {
        const r = h.handler(req);
        if (r) return deferred ?? r;
      }
    }
    const real = this.route(req, match);
    return deferred ?? real;
  }

  private route(req: FakeRequest, match: RouteMatch | undefined): FakeReply {
    if (!match) return this.errorReply(notFound());
    try {
      const actor = this.authenticate(req, match);
      const handler = this.handlers[match.operationId];
      if (!handler) {
        this.unhandled.push({ method: req.method, path: req.path, operationId: match.operationId });
        return this.errorReply(notFound(`Not Found (the fake GitHub does not model ${match.operationId})`));
      }
      let repo: RepoState | undefined;
      if (match.params.owner !== undefined && match.params.repo !== undefined) {
        repo = this.repos.get(`${match.params.owner}/${match.params.repo}`.toLowerCase());
        if (!repo) throw notFound();
        if (actor.kind === "installation" && actor.installationId !== repo.installationId) throw notFound();
      }
      return handler.call(this, { req, match, actor, body: req.body ?? {}, repo });
    } catch (e) {
      if (e instanceof HttpError) return this.errorReply(e);
      throw e;
    }
  }

  private errorReply(e: HttpError): FakeReply {
    return { status: e.status, body: { message: e.message, documentation_url: DOCS, ...e.extra, status: String(e.status) } };
  }

  private authenticate(req: FakeRequest, match: RouteMatch): Actor {
    const bot = this.botLogin();
    const header = req.headers.authorization ?? "";
    const m = /^(token|bearer)\s+(.+)$/i.exec(header.trim());
    const token = m?.[2];
    const appRoute = match.template.startsWith("/app");
    if (!this.authEnabled) {
      const t = token ? this.tokens.get(token) : undefined;
      return { login: bot, type: "Bot", viaApp: true, installationId: t?.installationId, kind: t ? "installation" : "anonymous" };
    }
    if (!token) throw new HttpError(401, "Requires authentication");
    if (appRoute) {
      const payload = decodeJwt(token);
      if (!payload) throw new HttpError(401, "A JSON web token could not be decoded");
      if (this.appId !== undefined && String(payload.iss) !== String(this.appId)) {
        throw new HttpError(401, `'Issuer' claim ('iss') must be an Integer (the app's id ${this.appId}), got ${JSON.stringify(payload.iss)}`);
      }
      return { login: bot, type: "Bot", viaApp: true, installationId: undefined, kind: "app" };
    }
    const inst = this.tokens.get(token);
    if (inst) return { login: bot, type: "Bot", viaApp: true, installationId: inst.installationId, kind: "installation" };
    const userLogin = this.extraTokens.get(token);
    if (userLogin) return { login: userLogin, type: "User", viaApp: false, installationId: undefined, kind: "token" };
    if (decodeJwt(token)) throw new HttpError(403, "Resource not accessible by integration (a JWT can only call /app endpoints; use an installation token)");
    throw new HttpError(401, "Bad credentials");
  }

  // ─────────── seeding and test-side actions ───────────

  private botLogin(): string {
    return `${this.appSlug}[bot]`;
  }

  private now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  private nextId(): number {
    return 1000 + ++this.seq;
  }

  /** Registers (or returns) a user; ids are stable per login. */
  user(login: string, type?: "User" | "Bot" | "Organization"): FakeUser {
    const key = login.toLowerCase();
    let u = this.users.get(key);
    if (!u) {
      u = { login, id: 100 + this.users.size + 1, type: type ?? (login.endsWith("[bot]") ? "Bot" : "User") };
      this.users.set(key, u);
    } else if (type) u.type = type;
    return u;
  }

  seedRepo(options: SeedRepoOptions): RepoHandle {
    const key = `${options.owner}/${options.repo}`.toLowerCase();
    if (this.repos.has(key)) throw new Error(`fake GitHub: repo ${options.owner}/${options.repo} already seeded`);
    const ownerType = options.ownerType ?? "User";
    this.user(options.owner, ownerType);
    const installationId = options.installationId ?? 1;
    this.installations.add(installationId);
    const createdAt = this.now();
    const id = 500000 + this.repos.size + 1;
    const repo: RepoState = {
      key,
      id,
      nodeId: nodeId("Repository", id),
      owner: options.owner,
      name: options.repo,
      ownerType,
      defaultBranch: options.defaultBranch ?? "main",
      private: options.private ?? false,
      installationId,
      createdAt,
      pushedAt: createdAt,
      git: new GitStore(),
      refs: new Map(),
      issues: new Map(),
      collaborators: new Map(Object.entries(options.collaborators ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      checkSuites: new Map(),
    };
    this.repos.set(key, repo);
    this.firstRepo ??= key;
    const files = new Map<string, FlatEntry>();
    for (const [path, content] of Object.entries(options.files ?? { "README.md": `# ${options.repo}\n` })) {
      files.set(path, { mode: "100644", type: "blob", sha: repo.git.putBlob(content).sha });
    }
    const tree = repo.git.buildTree(files);
    const sig = { name: options.owner, email: `${options.owner}@users.noreply.github.com`, date: createdAt };
    const commit = repo.git.putCommit({ tree: tree.sha, parents: [], message: "Initial commit", author: sig, committer: sig });
    repo.refs.set(`refs/heads/${repo.defaultBranch}`, commit.sha);
    for (const issue of options.issues ?? []) this.createIssue({ ...issue, repo: key });
    return this.handleFor(repo);
  }

  private handleFor(repo: RepoState): RepoHandle {
    return {
      owner: repo.owner,
      repo: repo.name,
      fullName: `${repo.owner}/${repo.name}`,
      id: repo.id,
      defaultBranch: repo.defaultBranch,
      private: repo.private,
      installationId: repo.installationId,
      headSha: repo.refs.get(`refs/heads/${repo.defaultBranch}`)!,
    };
  }

  private repoState(ref?: RepoRef): RepoState {
    const key = ref === undefined ? this.firstRepo : typeof ref === "string" ? ref.toLowerCase() : `${ref.owner}/${ref.repo}`.toLowerCase();
    const repo = key ? this.repos.get(key) : undefined;
    if (!repo) throw new Error(`fake GitHub: no repo ${key ?? "(none seeded)"}`);
    return repo;
  }

  repoHandle(repo?: RepoRef): RepoHandle {
    return this.handleFor(this.repoState(repo));
  }

  /** Creates an issue (as a user, not through the API). */
  createIssue(options: { title: string; body?: string; user?: string; number?: number; repo?: RepoRef }): number {
    const repo = this.repoState(options.repo);
    const number = options.number ?? this.nextNumber(repo);
    if (repo.issues.has(number)) throw new Error(`fake GitHub: #${number} already exists in ${repo.key}`);
    const at = this.now();
    const id = this.nextId();
    const user = this.user(options.user ?? repo.owner).login;
    repo.issues.set(number, { number, id, nodeId: nodeId("Issue", id), title: options.title, body: options.body ?? null, user, state: "open", createdAt: at, updatedAt: at, closedAt: null, pull: undefined });
    return number;
  }

  private nextNumber(repo: RepoState): number {
    return Math.max(0, ...repo.issues.keys()) + 1;
  }

  /** Adds a comment as a (human) user; returns its id (use it as the webhook's comment.id). */
  addComment(issueNumber: number, body: string, user: string, repo?: RepoRef): number {
    const r = this.repoState(repo);
    if (!r.issues.has(issueNumber)) throw new Error(`fake GitHub: no issue #${issueNumber} in ${r.key}`);
    const u = this.user(user);
    return this.insertComment(r, issueNumber, body, { login: u.login, type: u.type, viaApp: false, installationId: undefined, kind: "token" }).id;
  }

  setPermission(username: string, role: Role, repo?: RepoRef): void {
    this.user(username);
    this.repoState(repo).collaborators.set(username.toLowerCase(), role);
  }

  /**
   * Simulates a person pushing a commit to `branch` (created from the default branch when
   * missing). `files` maps paths to new content, or null to delete. Returns the commit sha.
   */
  pushForeignCommit(branch: string, files: Record<string, string | Buffer | null>, author: { name?: string; email?: string; login?: string } = {}, repo?: RepoRef): string {
    const r = this.repoState(repo);
    const refName = `refs/heads/${branch.replace(/^refs\/heads\//, "")}`;
    const parent = r.refs.get(refName) ?? r.refs.get(`refs/heads/${r.defaultBranch}`)!;
    const flat = r.git.flatten(r.git.commit(parent)!.tree);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) flat.delete(path);
      else flat.set(path, { mode: "100644", type: "blob", sha: r.git.putBlob(content).sha });
    }
    const login = author.login ?? "octo-human";
    this.user(login);
    const sig = { name: author.name ?? login, email: author.email ?? `${login}@users.noreply.github.com`, date: this.now() };
    const commit = r.git.putCommit({ tree: r.git.buildTree(flat).sha, parents: [parent], message: `Edit ${Object.keys(files).join(", ")}`, author: sig, committer: sig });
    r.refs.set(refName, commit.sha);
    r.pushedAt = sig.date;
    return commit.sha;
  }

  /** Merges an open PR as a person would (merge commit by default); returns the merge commit sha. */
  mergePull(number: number, options: { method?: "merge" | "squash" | "rebase"; by?: string; repo?: RepoRef } = {}): string {
    const r = this.repoState(options.repo);
    const issue = r.issues.get(number);
    if (!issue?.pull) throw new Error(`fake GitHub: #${number} is not a pull request`);
    const by = this.user(options.by ?? r.owner);
    return this.doMerge(r, issue, options.method ?? "merge", undefined, undefined, { login: by.login, type: by.type, viaApp: false, installationId: undefined, kind: "token" });
  }

  /** Closes an open PR without merging, as a person would. */
  closePull(number: number, repo?: RepoRef): void {
    const r = this.repoState(repo);
    const i = r.issues.get(number);
    if (!i?.pull) throw new Error(`fake GitHub: #${number} is not a pull request`);
    if (i.state === "closed") return;
    const at = this.now();
    i.pull.frozenHeadSha = this.pullHeadSha(r, i);
    i.pull.frozenBaseSha = this.pullBaseSha(r, i);
    i.state = "closed";
    i.closedAt = at;
    i.updatedAt = at;
  }

  // ─────────── inspectors ───────────

  comments(issueNumber: number, repo?: RepoRef): CommentView[] {
    const r = this.repoState(repo);
    return [...this.commentMap.values()]
      .filter((c) => c.repoKey === r.key && c.issueNumber === issueNumber)
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ id: c.id, issueNumber: c.issueNumber, body: c.body, user: { login: c.user, type: this.user(c.user).type }, viaApp: c.viaApp, createdAt: c.createdAt, updatedAt: c.updatedAt, edits: c.edits }));
  }

  pulls(repo?: RepoRef): PullView[] {
    const r = this.repoState(repo);
    return [...r.issues.values()]
      .filter((i) => i.pull)
      .sort((a, b) => a.number - b.number)
      .map((i) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state,
        merged: i.pull!.merged,
        draft: i.pull!.draft,
        head: i.pull!.headRef,
        headSha: this.pullHeadSha(r, i),
        base: i.pull!.baseRef,
        baseSha: this.pullBaseSha(r, i),
        user: i.user,
        mergeCommitSha: i.pull!.mergeCommitSha,
      }));
  }

  checkRuns(repo?: RepoRef): CheckRunView[] {
    const r = this.repoState(repo);
    return [...this.checkRunMap.values()]
      .filter((c) => c.repoKey === r.key)
      .sort((a, b) => a.id - b.id)
      .map((c) => ({
        id: c.id,
        name: c.name,
        headSha: c.headSha,
        status: c.status,
        conclusion: c.conclusion,
        startedAt: c.startedAt,
        completedAt: c.completedAt,
        detailsUrl: c.detailsUrl,
        externalId: c.externalId,
        output: { ...c.output },
        annotations: structuredClone(c.annotations),
        actions: structuredClone(c.actions),
        updates: c.updates,
      }));
  }

  deployments(repo?: RepoRef): DeploymentView[] {
    const r = this.repoState(repo);
    return [...this.deploymentMap.values()]
      .filter((d) => d.repoKey === r.key)
      .sort((a, b) => a.id - b.id)
      .map((d) => ({
        id: d.id,
        sha: d.sha,
        ref: d.ref,
        task: d.task,
        environment: d.environment,
        payload: structuredClone(d.payload),
        description: d.description,
        creator: d.creator,
        transient: d.transient,
        production: d.production,
        createdAt: d.createdAt,
        statuses: d.statuses.map((s) => ({ id: s.id, state: s.state, description: s.description, environment: s.environment, environmentUrl: s.environmentUrl, logUrl: s.logUrl, targetUrl: s.targetUrl, creator: s.creator, createdAt: s.createdAt })),
      }));
  }

  /** Reactions on an issue comment (by comment id). */
  reactions(commentId: number): ReactionView[] {
    return this.reactionList.filter((x) => x.subject === `comment:${commentId}`).map((x) => ({ id: x.id, content: x.content, user: x.user }));
  }

  /** Reactions on an issue or PR itself. */
  issueReactions(issueNumber: number, repo?: RepoRef): ReactionView[] {
    const r = this.repoState(repo);
    return this.reactionList.filter((x) => x.subject === `issue:${r.key}#${issueNumber}`).map((x) => ({ id: x.id, content: x.content, user: x.user }));
  }

  /** Files (utf-8 text) at a branch name, `heads/x`, `refs/heads/x`, tag, commit sha or tree sha. */
  readTree(ref: string, repo?: RepoRef): Record<string, string> {
    const r = this.repoState(repo);
    const treeSha = r.git.tree(ref) ? ref : this.resolveCommit(r, ref) ? r.git.commit(this.resolveCommit(r, ref)!)!.tree : undefined;
    if (!treeSha) throw new Error(`fake GitHub: ${ref} is not a branch, tag, commit or tree in ${r.key}`);
    const out: Record<string, string> = {};
    for (const [path, e] of [...r.git.flatten(treeSha)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (e.type === "blob") out[path] = r.git.blob(e.sha)!.content.toString("utf8");
    }
    return out;
  }

  /** Ref name → sha, e.g. `{"refs/heads/main": "…"}`. */
  refs(repo?: RepoRef): Record<string, string> {
    return Object.fromEntries([...this.repoState(repo).refs].sort());
  }

  /** Sha a branch points at, or undefined. */
  branchSha(branch: string, repo?: RepoRef): string | undefined {
    return this.repoState(repo).refs.get(`refs/heads/${branch.replace(/^(refs\/)?heads\//, "")}`);
  }

  commit(sha: string, repo?: RepoRef): CommitView | undefined {
    const c = this.repoState(repo).git.commit(sha);
    return c ? { sha: c.sha, message: c.message, tree: c.tree, parents: [...c.parents], author: { ...c.author }, committer: { ...c.committer } } : undefined;
  }

  /** Commits reachable from a branch or sha, newest first (like `git log`). */
  history(ref: string, repo?: RepoRef): CommitView[] {
    const r = this.repoState(repo);
    const sha = this.resolveCommit(r, ref);
    if (!sha) return [];
    return sortCommits([...r.git.ancestors(sha)].map((s) => r.git.commit(s)!), "desc").map((c) => this.commit(c.sha, r.key)!);
  }

  /** Issue state (title, body, state) or undefined. */
  issue(number: number, repo?: RepoRef): { number: number; title: string; body: string | null; state: string; isPull: boolean } | undefined {
    const i = this.repoState(repo).issues.get(number);
    return i ? { number: i.number, title: i.title, body: i.body, state: i.state, isPull: !!i.pull } : undefined;
  }

  /** Issues an installation token test-side (no JWT round trip), e.g. for a plain Octokit in a test. */
  createInstallationToken(installationId = 1): string {
    if (!this.installations.has(installationId)) throw new Error(`fake GitHub: no installation ${installationId}`);
    return this.issueToken(installationId).token;
  }

  private issueToken(installationId: number): { token: string; expiresAt: string } {
    const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
    const expiresAt = new Date(this.clock().getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    this.tokens.set(token, { installationId, expiresAt });
    return { token, expiresAt };
  }

  /** Installation tokens issued so far. */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  // ─────────── model helpers ───────────

  /** Resolves a branch, `heads/…`, `refs/heads/…`, tag or (full) commit sha to a commit sha. */
  private resolveCommit(r: RepoState, ref: string): string | undefined {
    if (/^[0-9a-f]{40}$/i.test(ref)) return r.git.commit(ref) ? ref.toLowerCase() : undefined;
    const candidates = ref.startsWith("refs/") ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
    for (const c of candidates) {
      const sha = r.refs.get(c);
      if (sha && r.git.commit(sha)) return sha;
    }
    return undefined;
  }

  private pullHeadSha(r: RepoState, i: IssueState): string {
    const p = i.pull!;
    return p.frozenHeadSha ?? r.refs.get(`refs/heads/${p.headRef}`) ?? EMPTY_TREE_SHA;
  }

  private pullBaseSha(r: RepoState, i: IssueState): string {
    const p = i.pull!;
    return p.frozenBaseSha ?? r.refs.get(`refs/heads/${p.baseRef}`) ?? EMPTY_TREE_SHA;
  }

  private signature(actor: Actor): Signature {
    const u = this.user(actor.login);
    return { name: actor.login, email: `${u.id}+${actor.login}@users.noreply.github.com`, date: this.now() };
  }

  private insertComment(r: RepoState, issueNumber: number, body: string, actor: Actor): CommentState {
    const id = this.nextId();
    const at = this.now();
    const c: CommentState = { id, nodeId: nodeId("IssueComment", id), repoKey: r.key, issueNumber, body, user: actor.login, viaApp: actor.viaApp, createdAt: at, updatedAt: at, edits: 0 };
    this.commentMap.set(id, c);
    return c;
  }

  private authorAssociation(r: RepoState, login: string): string {
    if (login.toLowerCase() === r.owner.toLowerCase()) return "OWNER";
    if (login.endsWith("[bot]")) return "NONE";
    const role = r.collaborators.get(login.toLowerCase());
    return role && role !== "none" ? "COLLABORATOR" : "NONE";
  }

  private doMerge(r: RepoState, issue: IssueState, method: "merge" | "squash" | "rebase", title: string | undefined, message: string | undefined, actor: Actor): string {
    const p = issue.pull!;
    if (issue.state !== "open" || p.merged) throw new HttpError(405, "Pull Request is not mergeable");
    const headSha = this.pullHeadSha(r, issue);
    const baseSha = r.refs.get(`refs/heads/${p.baseRef}`);
    if (!baseSha || !r.git.commit(headSha)) throw new HttpError(405, "Pull Request is not mergeable");
    const base = r.git.mergeBase(baseSha, headSha);
    const merged = r.git.merge3(base ? r.git.commit(base)!.tree : EMPTY_TREE_SHA, r.git.commit(baseSha)!.tree, r.git.commit(headSha)!.tree);
    if ("conflicts" in merged) throw new HttpError(405, "Pull Request is not mergeable");
    const tree = r.git.buildTree(merged.files);
    const sig = this.signature(actor);
    const commitTitle = title ?? (method === "merge" ? `Merge pull request #${issue.number} from ${r.owner}/${p.headRef}` : `${issue.title} (#${issue.number})`);
    const fullMessage = message ? `${commitTitle}\n\n${message}` : commitTitle;
    const parents = method === "merge" ? [baseSha, headSha] : [baseSha];
    const commit = r.git.putCommit({ tree: tree.sha, parents, message: fullMessage, author: sig, committer: sig });
    r.refs.set(`refs/heads/${p.baseRef}`, commit.sha);
    r.pushedAt = sig.date;
    const at = this.now();
    p.merged = true;
    p.mergedAt = at;
    p.mergedBy = actor.login;
    p.mergeCommitSha = commit.sha;
    p.frozenHeadSha = headSha;
    p.frozenBaseSha = baseSha;
    issue.state = "closed";
    issue.closedAt = at;
    issue.updatedAt = at;
    return commit.sha;
  }

  private paginate<T>(req: FakeRequest, items: T[]): { page: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
    const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number) => {
      const q = new URLSearchParams(req.query);
      q.set("per_page", String(perPage));
      q.set("page", String(p));
      return `${this.baseUrl}${req.path}?${q.toString()}`;
    };
    const parts: string[] = [];
    if (page > 1) parts.push(`<${link(page - 1)}>; rel="prev"`);
    if (page < last) parts.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) parts.push(`<${link(1)}>; rel="first"`);
    return { page: slice, headers: parts.length > 0 ? { link: parts.join(", ") } : {} };
  }

  // ─────────── JSON builders (shapes from the spec's examples) ───────────

  private urlPairs(): Array<[string, string]> {
    return [
      ["https://api.github.com", this.baseUrl],
      ["https://github.com", this.webUrl],
    ];
  }

  private userJson(login: string): JsonObject {
    const u = this.user(login);
    const base = componentExample<JsonObject>("issue-comment").user as JsonObject;
    const j = rewrite(base, [["/users/octocat", `/users/${encodeURIComponent(u.login)}`], ["github.com/octocat", `github.com/${u.login}`], ...this.urlPairs()]);
    j.login = u.login;
    j.id = u.id;
    j.node_id = nodeId(u.type === "Bot" ? "Bot" : "User", u.id);
    j.avatar_url = `https://avatars.githubusercontent.com/u/${u.id}?v=4`;
    j.html_url = u.type === "Bot" ? `${this.webUrl}/apps/${this.appSlug}` : `${this.webUrl}/${u.login}`;
    j.type = u.type;
    j.site_admin = false;
    return j;
  }

  private appJson(): JsonObject {
    const j = rewrite(componentExample<JsonObject>("check-run").app as JsonObject, this.urlPairs());
    const id = this.appId ?? 1;
    j.id = id;
    j.slug = this.appSlug;
    j.node_id = nodeId("Integration", id);
    j.name = this.appName;
    j.description = `${this.appName} (fake GitHub)`;
    j.external_url = "https://example.com";
    j.html_url = `${this.webUrl}/apps/${this.appSlug}`;
    j.owner = this.userJson(`${this.appSlug}-owner`);
    j.permissions = { ...this.permissions };
    j.events = ["issue_comment", "pull_request", "check_run"];
    j.created_at = "2024-01-01T00:00:00Z";
    j.updated_at = "2024-01-01T00:00:00Z";
    return j;
  }

  private repoUrlPairs(r: RepoState): Array<[string, string]> {
    return [
      ["octocat/Hello-World", `${r.owner}/${r.name}`],
      ["/users/octocat", `/users/${r.owner}`],
      ["git:github.com/", `git:${new URL(this.webUrl).host}/`],
      ["git@github.com:", `git@${new URL(this.webUrl).host}:`],
      ["https://svn.github.com", this.webUrl],
      ...this.urlPairs(),
    ];
  }

  /** `repository` schema (PR head/base repo). */
  private repositoryJson(r: RepoState): JsonObject {
    const ex = componentExample<JsonObject>("pull-request").head.repo as JsonObject;
    const j = rewrite(ex, this.repoUrlPairs(r));
    Object.assign(j, this.repoCommon(r));
    j.owner = this.userJson(r.owner);
    return j;
  }

  private repoCommon(r: RepoState): JsonObject {
    const openIssues = [...r.issues.values()].filter((i) => i.state === "open").length;
    return {
      id: r.id,
      node_id: r.nodeId,
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      private: r.private,
      visibility: r.private ? "private" : "public",
      html_url: `${this.webUrl}/${r.owner}/${r.name}`,
      description: null,
      fork: false,
      homepage: null,
      language: null,
      default_branch: r.defaultBranch,
      created_at: r.createdAt,
      updated_at: r.pushedAt,
      pushed_at: r.pushedAt,
      open_issues_count: openIssues,
      open_issues: openIssues,
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 1,
      archived: false,
      disabled: false,
      license: null,
      mirror_url: null,
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      topics: [],
      is_template: false,
    };
  }

  /** `full-repository` schema (GET /repos/{owner}/{repo}). */
  private fullRepositoryJson(r: RepoState, actor: Actor): JsonObject {
    const ex = componentExample<JsonObject>("full-repository-default-response");
    delete ex.parent;
    delete ex.source;
    delete ex.organization;
    delete ex.security_and_analysis;
    delete ex.code_of_conduct;
    const j = rewrite(ex, this.repoUrlPairs(r));
    Object.assign(j, this.repoCommon(r));
    j.owner = this.userJson(r.owner);
    j.has_discussions = false;
    j.network_count = 0;
    j.subscribers_count = 0;
    j.template_repository = null;
    j.temp_clone_token = null;
    const role = actor.kind === "token" ? this.roleOf(r, actor.login) : "write";
    j.permissions = { admin: role === "admin", maintain: role === "admin" || role === "maintain", push: ["admin", "maintain", "write"].includes(role), triage: role !== "read" && role !== "none", pull: role !== "none" };
    return j;
  }

  private roleOf(r: RepoState, login: string): Role {
    if (login.toLowerCase() === r.owner.toLowerCase()) return "admin";
    return r.collaborators.get(login.toLowerCase()) ?? (r.private ? "none" : "read");
  }

  private issueJson(r: RepoState, i: IssueState): JsonObject {
    const ex = componentExample<JsonObject>("issue");
    const j = rewrite(ex, this.repoUrlPairs(r));
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const comments = [...this.commentMap.values()].filter((c) => c.repoKey === r.key && c.issueNumber === i.number).length;
    Object.assign(j, {
      id: i.id,
      node_id: i.nodeId,
      url: `${api}/issues/${i.number}`,
      repository_url: api,
      labels_url: `${api}/issues/${i.number}/labels{/name}`,
      comments_url: `${api}/issues/${i.number}/comments`,
      events_url: `${api}/issues/${i.number}/events`,
      html_url: `${this.webUrl}/${r.owner}/${r.name}/${i.pull ? "pull" : "issues"}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: i.state === "closed" ? "completed" : null,
      title: i.title,
      body: i.body,
      user: this.userJson(i.user),
      labels: [],
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments,
      closed_at: i.closedAt,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_by: null,
      author_association: this.authorAssociation(r, i.user),
      reactions: this.rollup(`issue:${r.key}#${i.number}`, `${api}/issues/${i.number}/reactions`),
    });
    delete j.repository;
    if (i.pull) {
      j.pull_request = {
        url: `${api}/pulls/${i.number}`,
        html_url: `${this.webUrl}/${r.owner}/${r.name}/pull/${i.number}`,
        diff_url: `${this.webUrl}/${r.owner}/${r.name}/pull/${i.number}.diff`,
        patch_url: `${this.webUrl}/${r.owner}/${r.name}/pull/${i.number}.patch`,
        merged_at: i.pull.mergedAt,
      };
      j.draft = i.pull.draft;
    } else {
      delete j.pull_request;
      delete j.draft;
    }
    return j;
  }

  private rollup(subject: string, url: string): JsonObject {
    const list = this.reactionList.filter((x) => x.subject === subject);
    const j: JsonObject = { url, total_count: list.length };
    for (const c of REACTIONS) j[c] = list.filter((x) => x.content === c).length;
    return j;
  }

  private commentJson(c: CommentState): JsonObject {
    const r = this.repos.get(c.repoKey)!;
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const issue = r.issues.get(c.issueNumber);
    const j = componentExample<JsonObject>("issue-comment");
    Object.assign(j, {
      id: c.id,
      node_id: c.nodeId,
      url: `${api}/issues/comments/${c.id}`,
      html_url: `${this.webUrl}/${r.owner}/${r.name}/${issue?.pull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: this.userJson(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${api}/issues/${c.issueNumber}`,
      author_association: this.authorAssociation(r, c.user),
      performed_via_github_app: c.viaApp ? this.appJson() : null,
      reactions: this.rollup(`comment:${c.id}`, `${api}/issues/comments/${c.id}/reactions`),
    });
    return j;
  }

  private reactionJson(x: ReactionState): JsonObject {
    return { id: x.id, node_id: x.nodeId, user: this.userJson(x.user), content: x.content, created_at: x.createdAt };
  }

  private refJson(r: RepoState, name: string, sha: string): JsonObject {
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const obj = r.git.get(sha);
    return {
      ref: name,
      node_id: nodeId("Ref", `${r.id}:${name}`),
      url: `${api}/git/${name}`,
      object: { type: obj?.type ?? "commit", sha, url: `${api}/git/${obj?.type === "tree" ? "trees" : obj?.type === "blob" ? "blobs" : "commits"}/${sha}` },
    };
  }

  private gitCommitJson(r: RepoState, c: Commit): JsonObject {
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    return {
      sha: c.sha,
      node_id: nodeId("Commit", c.sha),
      url: `${api}/git/commits/${c.sha}`,
      html_url: `${web}/commit/${c.sha}`,
      author: { ...c.author },
      committer: { ...c.committer },
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${web}/commit/${p}` })),
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    };
  }

  /** Login of the GitHub user behind a commit signature, if it is one we know. */
  private loginForSignature(sig: Signature): string | null {
    const m = /^(?:\d+\+)?([^@]+)@users\.noreply\./.exec(sig.email);
    const login = m?.[1] ?? sig.name;
    return this.users.has(login.toLowerCase()) ? this.user(login).login : null;
  }

  /** `commit` schema (list commits, get commit, compare). */
  private commitJson(r: RepoState, c: Commit, withFiles: boolean): JsonObject {
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    const authorLogin = this.loginForSignature(c.author);
    const committerLogin = this.loginForSignature(c.committer);
    const j: JsonObject = {
      url: `${api}/commits/${c.sha}`,
      sha: c.sha,
      node_id: nodeId("Commit", c.sha),
      html_url: `${web}/commit/${c.sha}`,
      comments_url: `${api}/commits/${c.sha}/comments`,
      commit: {
        url: `${api}/git/commits/${c.sha}`,
        author: { ...c.author },
        committer: { ...c.committer },
        message: c.message,
        comment_count: 0,
        tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
        verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
      },
      author: authorLogin ? this.userJson(authorLogin) : null,
      committer: committerLogin ? this.userJson(committerLogin) : null,
      parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${web}/commit/${p}` })),
    };
    if (withFiles) {
      const parent = c.parents[0] ? r.git.commit(c.parents[0]) : undefined;
      const files = this.diffFiles(r, parent ? parent.tree : EMPTY_TREE_SHA, c.tree, c.sha);
      const additions = files.reduce((n, f) => n + (f.additions as number), 0);
      const deletions = files.reduce((n, f) => n + (f.deletions as number), 0);
      j.stats = { total: additions + deletions, additions, deletions };
      j.files = files;
    }
    return j;
  }

  /** `diff-entry` list between two trees (line counts, no patch text). */
  private diffFiles(r: RepoState, fromTree: string, toTree: string, atSha: string): JsonObject[] {
    const a = r.git.flatten(fromTree);
    const b = r.git.flatten(toTree);
    const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
    const lines = (sha: string | undefined) => (sha ? r.git.blob(sha)?.content.toString("utf8").split("\n").filter((l, i, arr) => !(i === arr.length - 1 && l === "")).length ?? 0 : 0);
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    const out: JsonObject[] = [];
    for (const p of paths) {
      const x = a.get(p);
      const y = b.get(p);
      if (x?.sha === y?.sha && x?.mode === y?.mode) continue;
      const status = !x ? "added" : !y ? "removed" : "modified";
      const additions = status === "removed" ? 0 : lines(y?.sha);
      const deletions = status === "added" ? 0 : lines(x?.sha);
      const enc = p.split("/").map(encodeURIComponent).join("/");
      out.push({
        sha: (y ?? x)!.sha,
        filename: p,
        status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${web}/blob/${atSha}/${enc}`,
        raw_url: `${web}/raw/${atSha}/${enc}`,
        contents_url: `${api}/contents/${enc}?ref=${atSha}`,
      });
    }
    return out;
  }

  private pullJson(r: RepoState, i: IssueState, simple: boolean): JsonObject {
    const ex = componentExample<JsonObject>("pull-request");
    const p = i.pull!;
    const j = rewrite(ex, this.repoUrlPairs(r));
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    const headSha = this.pullHeadSha(r, i);
    const baseSha = this.pullBaseSha(r, i);
    const repoJson = this.repositoryJson(r);
    const owner = this.userJson(r.owner);
    Object.assign(j, {
      url: `${api}/pulls/${i.number}`,
      id: p.id,
      node_id: p.nodeId,
      html_url: `${web}/pull/${i.number}`,
      diff_url: `${web}/pull/${i.number}.diff`,
      patch_url: `${web}/pull/${i.number}.patch`,
      issue_url: `${api}/issues/${i.number}`,
      commits_url: `${api}/pulls/${i.number}/commits`,
      review_comments_url: `${api}/pulls/${i.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${i.number}/comments`,
      statuses_url: `${api}/statuses/${headSha}`,
      number: i.number,
      state: i.state,
      locked: false,
      title: i.title,
      user: this.userJson(i.user),
      body: i.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      merged_at: p.mergedAt,
      merge_commit_sha: p.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${r.owner}:${p.headRef}`, ref: p.headRef, sha: headSha, user: owner, repo: repoJson },
      base: { label: `${r.owner}:${p.baseRef}`, ref: p.baseRef, sha: baseSha, user: owner, repo: repoJson },
      _links: {
        self: { href: `${api}/pulls/${i.number}` },
        html: { href: `${web}/pull/${i.number}` },
        issue: { href: `${api}/issues/${i.number}` },
        comments: { href: `${api}/issues/${i.number}/comments` },
        review_comments: { href: `${api}/pulls/${i.number}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${api}/pulls/${i.number}/commits` },
        statuses: { href: `${api}/statuses/${headSha}` },
      },
      author_association: this.authorAssociation(r, i.user),
      auto_merge: null,
      draft: p.draft,
    });
    if (simple) {
      for (const k of ["merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments", "review_comments", "maintainer_can_modify", "commits", "additions", "deletions", "changed_files"]) delete j[k];
      return j;
    }
    const base = r.git.mergeBase(baseSha, headSha);
    const commits = base ? r.git.commitsBetween(base, headSha) : [];
    const files = this.diffFiles(r, base ? r.git.commit(base)!.tree : EMPTY_TREE_SHA, r.git.commit(headSha)?.tree ?? EMPTY_TREE_SHA, headSha);
    Object.assign(j, {
      merged: p.merged,
      mergeable: i.state === "open" ? true : null,
      rebaseable: i.state === "open" ? true : null,
      mergeable_state: i.state === "open" ? "clean" : "unknown",
      merged_by: p.mergedBy ? this.userJson(p.mergedBy) : null,
      comments: [...this.commentMap.values()].filter((c) => c.repoKey === r.key && c.issueNumber === i.number).length,
      review_comments: 0,
      maintainer_can_modify: p.maintainerCanModify,
      commits: commits.length,
      additions: files.reduce((n, f) => n + (f.additions as number), 0),
      deletions: files.reduce((n, f) => n + (f.deletions as number), 0),
      changed_files: files.length,
    });
    return j;
  }

  private checkRunJson(c: CheckRunState): JsonObject {
    const r = this.repos.get(c.repoKey)!;
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const prs = [...r.issues.values()].filter((i) => i.pull && i.state === "open" && this.pullHeadSha(r, i) === c.headSha);
    return {
      id: c.id,
      head_sha: c.headSha,
      node_id: c.nodeId,
      external_id: c.externalId,
      url: `${api}/check-runs/${c.id}`,
      html_url: `${this.webUrl}/${r.owner}/${r.name}/runs/${c.id}`,
      details_url: c.detailsUrl,
      status: c.status,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      output: { ...c.output, annotations_count: c.annotations.length, annotations_url: `${api}/check-runs/${c.id}/annotations` },
      name: c.name,
      check_suite: { id: c.suiteId },
      app: this.appJson(),
      pull_requests: prs.map((i) => {
        const repoMin = { id: r.id, url: api, name: r.name };
        return { url: `${api}/pulls/${i.number}`, id: i.pull!.id, number: i.number, head: { ref: i.pull!.headRef, sha: this.pullHeadSha(r, i), repo: repoMin }, base: { ref: i.pull!.baseRef, sha: this.pullBaseSha(r, i), repo: repoMin } };
      }),
    };
  }

  private deploymentJson(d: DeploymentState): JsonObject {
    const r = this.repos.get(d.repoKey)!;
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    return {
      url: `${api}/deployments/${d.id}`,
      id: d.id,
      node_id: d.nodeId,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.userJson(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${api}/deployments/${d.id}/statuses`,
      repository_url: api,
      transient_environment: d.transient,
      production_environment: d.production,
      performed_via_github_app: d.viaApp ? this.appJson() : null,
    };
  }

  private deploymentStatusJson(d: DeploymentState, s: DeploymentStatusState): JsonObject {
    const r = this.repos.get(d.repoKey)!;
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    return {
      url: `${api}/deployments/${d.id}/statuses/${s.id}`,
      id: s.id,
      node_id: s.nodeId,
      state: s.state,
      creator: this.userJson(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.createdAt,
      deployment_url: `${api}/deployments/${d.id}`,
      repository_url: api,
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: s.viaApp ? this.appJson() : null,
    };
  }

  private contentEntryJson(r: RepoState, path: string, type: "file" | "dir" | "submodule" | "symlink", sha: string, size: number, ref: string): JsonObject {
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    const enc = path.split("/").map(encodeURIComponent).join("/");
    const self = `${api}/contents/${enc}?ref=${encodeURIComponent(ref)}`;
    const git = `${api}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`;
    const html = `${web}/${type === "dir" ? "tree" : "blob"}/${ref}/${enc}`;
    return {
      type,
      size,
      name: path.split("/").pop()!,
      path,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: type === "file" ? `${this.webUrl.replace("https://github.com", "https://raw.githubusercontent.com")}/${r.owner}/${r.name}/${ref}/${enc}` : null,
      _links: { self, git, html },
    };
  }

  // ─────────── handlers, by operationId ───────────

  private readonly handlers: Record<string, (this: FakeGitHub, ctx: Ctx) => FakeReply> = {
    "apps/create-installation-access-token"(ctx) {
      const id = Number(ctx.match.params.installation_id);
      if (!this.installations.has(id)) throw notFound();
      const { token, expiresAt } = this.issueToken(id);
      return { status: 201, body: { token, expires_at: expiresAt, permissions: { ...this.permissions }, repository_selection: "all" } };
    },

    "repos/get"(ctx) {
      return { status: 200, body: this.fullRepositoryJson(ctx.repo!, ctx.actor) };
    },

    "repos/get-branch"(ctx) {
      const r = ctx.repo!;
      const name = ctx.match.params.branch!;
      const sha = r.refs.get(`refs/heads/${name}`);
      if (!sha) throw notFound("Branch not found");
      const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
      const ex = componentExample<JsonObject>("branch-get");
      const j = rewrite(ex, this.repoUrlPairs(r));
      j.name = name;
      j.commit = this.commitJson(r, r.git.commit(sha)!, false);
      j._links = { self: `${api}/branches/${encodeURIComponent(name)}`, html: `${this.webUrl}/${r.owner}/${r.name}/tree/${name}` };
      j.protected = false;
      j.protection = { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } };
      j.protection_url = `${api}/branches/${encodeURIComponent(name)}/protection`;
      return { status: 200, body: j };
    },

    "repos/get-collaborator-permission-level"(ctx) {
      const r = ctx.repo!;
      const login = ctx.match.params.username!;
      const role = this.roleOf(r, login);
      const legacy = role === "admin" ? "admin" : role === "maintain" || role === "write" ? "write" : role === "none" ? "none" : "read";
      const user = this.userJson(login);
      user.permissions = { admin: role === "admin", maintain: role === "admin" || role === "maintain", push: legacy === "admin" || legacy === "write", triage: role !== "read" && role !== "none", pull: role !== "none" };
      user.role_name = role;
      return { status: 200, body: { permission: legacy, role_name: role, user } };
    },

    "repos/get-content"(ctx) {
      const r = ctx.repo!;
      const refParam = ctx.req.query.get("ref") ?? r.defaultBranch;
      const sha = this.resolveCommit(r, refParam);
      if (!sha) throw notFound(`No commit found for the ref ${refParam}`);
      const path = ctx.match.params.path!.replace(/^\/+|\/+$/g, "");
      const root = r.git.commit(sha)!.tree;
      const flat = r.git.flatten(root);
      const file = flat.get(path);
      const accept = ctx.req.headers.accept ?? "";
      if (file && file.type === "blob") {
        const blob = r.git.blob(file.sha)!;
        if (/\.raw\b|vnd\.github\.raw/.test(accept)) {
          return { status: 200, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" }, body: blob.content.toString("utf8") };
        }
        return { status: 200, body: { ...this.contentEntryJson(r, path, "file", file.sha, blob.content.length, refParam), content: b64Wrapped(blob.content), encoding: "base64" } };
      }
      const prefix = `${path}/`;
      const children = new Map<string, JsonObject>();
      for (const e of r.git.listRecursive(root)) {
        if (!e.path.startsWith(prefix)) continue;
        const rest = e.path.slice(prefix.length);
        if (rest.includes("/")) continue;
        const size = e.type === "blob" ? r.git.blob(e.sha)!.content.length : 0;
        children.set(rest, this.contentEntryJson(r, e.path, e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : "file", e.sha, size, refParam));
      }
      if (children.size === 0) throw notFound();
      return { status: 200, body: [...children.values()] };
    },

    "repos/list-commits"(ctx) {
      const r = ctx.repo!;
      const start = ctx.req.query.get("sha") ?? r.defaultBranch;
      const sha = this.resolveCommit(r, start);
      if (!sha) throw notFound(`No commit found for SHA: ${start}`);
      let commits = sortCommits([...r.git.ancestors(sha)].map((s) => r.git.commit(s)!), "desc");
      const path = ctx.req.query.get("path");
      if (path) {
        const blobAt = (c: Commit) => {
          const f = r.git.flatten(c.tree);
          return [...f].filter(([p]) => p === path || p.startsWith(`${path}/`)).map(([p, e]) => `${p}:${e.sha}`).join(",");
        };
        commits = commits.filter((c) => {
          const parent = c.parents[0] ? r.git.commit(c.parents[0]) : undefined;
          return blobAt(c) !== (parent ? blobAt(parent) : "");
        });
      }
      const author = ctx.req.query.get("author");
      if (author) commits = commits.filter((c) => c.author.email === author || this.loginForSignature(c.author)?.toLowerCase() === author.toLowerCase());
      const since = ctx.req.query.get("since");
      if (since) commits = commits.filter((c) => Date.parse(c.committer.date) >= Date.parse(since));
      const until = ctx.req.query.get("until");
      if (until) commits = commits.filter((c) => Date.parse(c.committer.date) <= Date.parse(until));
      const { page, headers } = this.paginate(ctx.req, commits);
      return { status: 200, headers, body: page.map((c) => this.commitJson(r, c, false)) };
    },

    "repos/get-commit"(ctx) {
      const r = ctx.repo!;
      const sha = this.resolveCommit(r, ctx.match.params.ref!);
      if (!sha) throw unprocessable(`No commit found for SHA: ${ctx.match.params.ref}`);
      return { status: 200, body: this.commitJson(r, r.git.commit(sha)!, true) };
    },

    "repos/compare-commits"(ctx) {
      return this.compare(ctx, ctx.match.params.base!, ctx.match.params.head!);
    },

    "repos/compare-commits-with-basehead"(ctx) {
      const m = /^(.+?)\.\.\.?(.+)$/.exec(ctx.match.params.basehead!);
      if (!m) throw notFound();
      return this.compare(ctx, m[1]!, m[2]!);
    },

    "git/create-blob"(ctx) {
      const r = ctx.repo!;
      const encoding = ctx.body.encoding ?? "utf-8";
      if (encoding !== "utf-8" && encoding !== "base64") throw unprocessable(`encoding must be "utf-8" or "base64", not ${JSON.stringify(encoding)}`);
      const content = encoding === "base64" ? Buffer.from(ctx.body.content, "base64") : Buffer.from(ctx.body.content, "utf8");
      const blob = r.git.putBlob(content);
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/blobs/${blob.sha}` }, body: { url: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/blobs/${blob.sha}`, sha: blob.sha } };
    },

    "git/get-blob"(ctx) {
      const r = ctx.repo!;
      const blob = r.git.blob(ctx.match.params.file_sha!);
      if (!blob) throw notFound();
      return { status: 200, body: { sha: blob.sha, node_id: nodeId("Blob", blob.sha), size: blob.content.length, url: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/blobs/${blob.sha}`, content: b64Wrapped(blob.content), encoding: "base64" } };
    },

    "git/create-tree"(ctx) {
      const r = ctx.repo!;
      const baseTree: string | undefined = ctx.body.base_tree;
      if (baseTree !== undefined && !r.git.tree(baseTree)) throw unprocessable(`base_tree ${baseTree} is not a valid tree`);
      const files = baseTree ? r.git.flatten(baseTree) : new Map<string, FlatEntry>();
      const entries: JsonObject[] = ctx.body.tree ?? [];
      entries.forEach((e, index) => {
        const path: string = e.path ?? "";
        if (path === "" || path.startsWith("/") || path.endsWith("/") || path.split("/").some((s) => s === "" || s === "." || s === ".." || s === ".git")) {
          throw unprocessable("tree.path contains a malformed path component", { errors: [{ resource: "Tree", field: "path", index, value: path, code: "invalid" }] });
        }
        const hasSha = "sha" in e;
        if (hasSha && e.content !== undefined) throw unprocessable("Must supply either tree.sha or tree.content, not both", { errors: [{ resource: "Tree", field: "content", index, code: "invalid" }] });
        if (!hasSha && e.content === undefined) throw unprocessable("Must supply either tree.sha or tree.content", { errors: [{ resource: "Tree", field: "sha", index, code: "missing_field" }] });
        const type: string = e.type ?? (e.mode === "040000" ? "tree" : e.mode === "160000" ? "commit" : "blob");
        const mode: TreeMode = e.mode ?? (type === "tree" ? "040000" : type === "commit" ? "160000" : "100644");
        const modeType = mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob";
        if (modeType !== type) throw unprocessable(`tree.mode ${mode} does not match tree.type ${type}`, { errors: [{ resource: "Tree", field: "mode", index, code: "invalid" }] });
        const removeUnder = () => {
          files.delete(path);
          for (const p of [...files.keys()]) if (p.startsWith(`${path}/`)) files.delete(p);
        };
        if (hasSha && e.sha === null) {
          removeUnder();
          return;
        }
        let sha: string;
        if (e.content !== undefined) {
          if (type !== "blob") throw unprocessable("tree.content can only be used for blobs");
          sha = r.git.putBlob(String(e.content)).sha;
        } else {
          sha = String(e.sha).toLowerCase();
          if (type === "blob" && !r.git.blob(sha)) throw unprocessable(`tree.sha ${e.sha} is not a valid blob`, { errors: [{ resource: "Tree", field: "sha", index, value: e.sha, code: "invalid" }] });
          if (type === "tree" && !r.git.tree(sha)) throw unprocessable(`tree.sha ${e.sha} is not a valid tree`, { errors: [{ resource: "Tree", field: "sha", index, value: e.sha, code: "invalid" }] });
        }
        removeUnder();
        // A file can't live where a directory prefix of it is a file.
        const parts = path.split("/");
        for (let k = 1; k < parts.length; k++) files.delete(parts.slice(0, k).join("/"));
        if (type === "tree") for (const [p, fe] of r.git.flatten(sha, path)) files.set(p, fe);
        else files.set(path, { mode, type: type as "blob" | "commit", sha });
      });
      const tree = r.git.buildTree(files);
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/trees/${tree.sha}` }, body: this.treeJson(r, tree.sha, false) };
    },

    "git/get-tree"(ctx) {
      const r = ctx.repo!;
      const p = ctx.match.params.tree_sha!;
      const treeSha = r.git.tree(p) ? p.toLowerCase() : (() => {
        const c = this.resolveCommit(r, p);
        return c ? r.git.commit(c)!.tree : undefined;
      })();
      if (!treeSha) throw notFound();
      return { status: 200, body: this.treeJson(r, treeSha, ctx.req.query.has("recursive")) };
    },

    "git/create-commit"(ctx) {
      const r = ctx.repo!;
      const b = ctx.body;
      if (!r.git.tree(b.tree)) throw unprocessable("Tree SHA does not exist");
      const parents: string[] = (b.parents ?? []).map((p: string) => String(p).toLowerCase());
      for (const p of parents) if (!r.git.commit(p)) throw unprocessable("Parent SHA does not exist or is not a commit object");
      const def = this.signature(ctx.actor);
      const author = { name: b.author?.name ?? def.name, email: b.author?.email ?? def.email, date: normalizeDate(b.author?.date) ?? def.date };
      const committer = b.committer ? { name: b.committer.name ?? author.name, email: b.committer.email ?? author.email, date: normalizeDate(b.committer.date) ?? def.date } : b.author ? { ...author, date: normalizeDate(b.author.date) ?? def.date } : def;
      const commit = r.git.putCommit({ tree: b.tree.toLowerCase(), parents, message: b.message, author, committer });
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/commits/${commit.sha}` }, body: this.gitCommitJson(r, commit) };
    },

    "git/get-commit"(ctx) {
      const r = ctx.repo!;
      const c = r.git.commit(ctx.match.params.commit_sha!);
      if (!c) throw notFound();
      return { status: 200, body: this.gitCommitJson(r, c) };
    },

    "git/get-ref"(ctx) {
      const r = ctx.repo!;
      const name = `refs/${ctx.match.params.ref}`;
      const sha = r.refs.get(name);
      if (!sha) throw notFound();
      return { status: 200, body: this.refJson(r, name, sha) };
    },

    "git/list-matching-refs"(ctx) {
      const r = ctx.repo!;
      const prefix = `refs/${ctx.match.params.ref}`;
      const list = [...r.refs].filter(([n]) => n.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      return { status: 200, body: list.map(([n, s]) => this.refJson(r, n, s)) };
    },

    "git/create-ref"(ctx) {
      const r = ctx.repo!;
      const ref: string = ctx.body.ref;
      const sha = String(ctx.body.sha).toLowerCase();
      if (!/^refs\/[^/]+\/.+/.test(ref) || ref.split("/").some((s) => s === "" || s === "." || s === "..") || /[\s~^:?*[\\]|\.lock$|\.\.|@\{/.test(ref)) {
        throw unprocessable(`Reference name must start with 'refs/', have at least two slashes and be a valid ref name (got ${JSON.stringify(ref)})`);
      }
      if (r.refs.has(ref)) throw unprocessable("Reference already exists");
      // git refuses refs/heads/a when refs/heads/a/b exists and vice versa
      for (const existing of r.refs.keys()) {
        if (existing.startsWith(`${ref}/`) || ref.startsWith(`${existing}/`)) throw unprocessable(`Reference cannot be created: ${existing} exists`);
      }
      if (!r.git.get(sha)) throw unprocessable("Object does not exist");
      r.refs.set(ref, sha);
      r.pushedAt = this.now();
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/git/${ref}` }, body: this.refJson(r, ref, sha) };
    },

    "git/update-ref"(ctx) {
      const r = ctx.repo!;
      const name = `refs/${ctx.match.params.ref}`;
      const current = r.refs.get(name);
      if (!current) throw unprocessable("Reference does not exist");
      const sha = String(ctx.body.sha).toLowerCase();
      if (!r.git.get(sha)) throw unprocessable("Object does not exist");
      if (!ctx.body.force && current !== sha && !(r.git.commit(sha) && r.git.isAncestor(current, sha))) throw unprocessable("Update is not a fast forward");
      r.refs.set(name, sha);
      r.pushedAt = this.now();
      return { status: 200, body: this.refJson(r, name, sha) };
    },

    "git/delete-ref"(ctx) {
      const r = ctx.repo!;
      const name = `refs/${ctx.match.params.ref}`;
      if (!r.refs.has(name)) throw unprocessable("Reference does not exist");
      r.refs.delete(name);
      return { status: 204 };
    },

    "issues/create"(ctx) {
      const r = ctx.repo!;
      const n = this.createIssue({ title: ctx.body.title, body: ctx.body.body, user: ctx.actor.login, repo: r.key });
      return { status: 201, body: this.issueJson(r, r.issues.get(n)!) };
    },

    "issues/get"(ctx) {
      const r = ctx.repo!;
      const i = r.issues.get(Number(ctx.match.params.issue_number));
      if (!i) throw notFound();
      return { status: 200, body: this.issueJson(r, i) };
    },

    "issues/update"(ctx) {
      const r = ctx.repo!;
      const i = r.issues.get(Number(ctx.match.params.issue_number));
      if (!i) throw notFound();
      const b = ctx.body;
      if (b.title !== undefined && b.title !== null) i.title = String(b.title);
      if (b.body !== undefined) i.body = b.body;
      if (b.state === "closed" && i.state === "open") {
        i.state = "closed";
        i.closedAt = this.now();
      } else if (b.state === "open" && i.state === "closed" && !i.pull?.merged) {
        i.state = "open";
        i.closedAt = null;
      }
      i.updatedAt = this.now();
      return { status: 200, body: this.issueJson(r, i) };
    },

    "issues/create-comment"(ctx) {
      const r = ctx.repo!;
      const n = Number(ctx.match.params.issue_number);
      if (!r.issues.has(n)) throw notFound();
      checkCommentBody(ctx.body.body);
      const c = this.insertComment(r, n, ctx.body.body, ctx.actor);
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/issues/comments/${c.id}` }, body: this.commentJson(c) };
    },

    "issues/get-comment"(ctx) {
      const c = this.commentIn(ctx);
      return { status: 200, body: this.commentJson(c) };
    },

    "issues/update-comment"(ctx) {
      const c = this.commentIn(ctx);
      checkCommentBody(ctx.body.body);
      c.body = ctx.body.body;
      c.updatedAt = this.now();
      c.edits++;
      return { status: 200, body: this.commentJson(c) };
    },

    "issues/delete-comment"(ctx) {
      const c = this.commentIn(ctx);
      this.commentMap.delete(c.id);
      return { status: 204 };
    },

    "issues/list-comments"(ctx) {
      const r = ctx.repo!;
      const n = Number(ctx.match.params.issue_number);
      if (!r.issues.has(n)) throw notFound();
      let list = [...this.commentMap.values()].filter((c) => c.repoKey === r.key && c.issueNumber === n).sort((a, b) => a.id - b.id);
      const since = ctx.req.query.get("since");
      if (since) list = list.filter((c) => Date.parse(c.updatedAt) >= Date.parse(since));
      const { page, headers } = this.paginate(ctx.req, list);
      return { status: 200, headers, body: page.map((c) => this.commentJson(c)) };
    },

    "reactions/create-for-issue-comment"(ctx) {
      const c = this.commentIn(ctx);
      return this.react(`comment:${c.id}`, ctx);
    },

    "reactions/list-for-issue-comment"(ctx) {
      const c = this.commentIn(ctx);
      return this.listReactions(`comment:${c.id}`, ctx);
    },

    "reactions/delete-for-issue-comment"(ctx) {
      const c = this.commentIn(ctx);
      const id = Number(ctx.match.params.reaction_id);
      const idx = this.reactionList.findIndex((x) => x.id === id && x.subject === `comment:${c.id}`);
      if (idx < 0) throw notFound();
      this.reactionList.splice(idx, 1);
      return { status: 204 };
    },

    "reactions/create-for-issue"(ctx) {
      const r = ctx.repo!;
      const n = Number(ctx.match.params.issue_number);
      if (!r.issues.has(n)) throw notFound();
      return this.react(`issue:${r.key}#${n}`, ctx);
    },

    "reactions/list-for-issue"(ctx) {
      const r = ctx.repo!;
      const n = Number(ctx.match.params.issue_number);
      if (!r.issues.has(n)) throw notFound();
      return this.listReactions(`issue:${r.key}#${n}`, ctx);
    },

    "pulls/create"(ctx) {
      const r = ctx.repo!;
      const b = ctx.body;
      const headSpec: string = b.head ?? "";
      let headRef = headSpec;
      if (headSpec.includes(":")) {
        const [owner, ...rest] = headSpec.split(":");
        if (owner!.toLowerCase() !== r.owner.toLowerCase()) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
        headRef = rest.join(":");
      }
      const baseRef: string = b.base ?? "";
      const headSha = r.refs.get(`refs/heads/${headRef}`);
      const baseSha = r.refs.get(`refs/heads/${baseRef}`);
      const errors: JsonObject[] = [];
      if (!baseSha) errors.push({ resource: "PullRequest", field: "base", code: "invalid" });
      if (!headSha) errors.push({ resource: "PullRequest", field: "head", code: "invalid" });
      if (errors.length > 0) throw validationFailed(errors);
      let title: string | undefined = b.title;
      let body: string | null = b.body ?? null;
      let existingIssue: IssueState | undefined;
      if (b.issue !== undefined) {
        existingIssue = r.issues.get(Number(b.issue));
        if (!existingIssue || existingIssue.pull) throw validationFailed([{ resource: "PullRequest", field: "issue", code: "invalid" }]);
        title = existingIssue.title;
        body = existingIssue.body;
      }
      if (!title) throw validationFailed([{ resource: "PullRequest", field: "title", code: "missing_field" }]);
      const dup = [...r.issues.values()].find((i) => i.pull && i.state === "open" && i.pull.headRef === headRef && i.pull.baseRef === baseRef);
      if (dup) throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${r.owner}:${headRef}.` }]);
      if (r.git.isAncestor(headSha!, baseSha!)) throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${baseRef} and ${headRef}` }]);
      const at = this.now();
      const number = existingIssue?.number ?? this.nextNumber(r);
      const issueId = existingIssue?.id ?? this.nextId();
      const pullId = this.nextId();
      const issue: IssueState = existingIssue ?? { number, id: issueId, nodeId: nodeId("Issue", issueId), title, body, user: ctx.actor.login, state: "open", createdAt: at, updatedAt: at, closedAt: null, pull: undefined };
      issue.pull = { id: pullId, nodeId: nodeId("PullRequest", pullId), headRef, baseRef, draft: !!b.draft, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null, maintainerCanModify: b.maintainer_can_modify ?? true, frozenHeadSha: null, frozenBaseSha: null };
      r.issues.set(number, issue);
      return { status: 201, headers: { location: `${this.baseUrl}/repos/${r.owner}/${r.name}/pulls/${number}` }, body: this.pullJson(r, issue, false) };
    },

    "pulls/list"(ctx) {
      const r = ctx.repo!;
      const q = ctx.req.query;
      const state = q.get("state") ?? "open";
      let list = [...r.issues.values()].filter((i) => i.pull && (state === "all" || i.state === state));
      const head = q.get("head");
      if (head) {
        const [owner, ...rest] = head.split(":");
        const branch = rest.join(":");
        // As GitHub: a bare branch name (no "owner:") is silently ignored, so every PR comes back.
        if (rest.length > 0) list = list.filter((i) => owner!.toLowerCase() === r.owner.toLowerCase() && i.pull!.headRef === branch);
      }
      const base = q.get("base");
      if (base) list = list.filter((i) => i.pull!.baseRef === base);
      const sort = q.get("sort") ?? "created";
      const direction = q.get("direction") ?? (sort === "created" ? "desc" : "asc");
      list.sort((a, b) => (sort === "updated" ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.number - b.number : a.number - b.number));
      if (direction === "desc") list.reverse();
      const { page, headers } = this.paginate(ctx.req, list);
      return { status: 200, headers, body: page.map((i) => this.pullJson(r, i, true)) };
    },

    "pulls/get"(ctx) {
      const r = ctx.repo!;
      const i = r.issues.get(Number(ctx.match.params.pull_number));
      if (!i?.pull) throw notFound();
      return { status: 200, body: this.pullJson(r, i, false) };
    },

    "pulls/update"(ctx) {
      const r = ctx.repo!;
      const i = r.issues.get(Number(ctx.match.params.pull_number));
      if (!i?.pull) throw notFound();
      const b = ctx.body;
      if (b.title !== undefined) i.title = b.title;
      if (b.body !== undefined) i.body = b.body;
      if (b.base !== undefined) {
        if (!r.refs.has(`refs/heads/${b.base}`)) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        i.pull.baseRef = b.base;
      }
      if (b.maintainer_can_modify !== undefined) i.pull.maintainerCanModify = !!b.maintainer_can_modify;
      if (b.state === "closed" && i.state === "open") {
        i.state = "closed";
        i.closedAt = this.now();
        i.pull.frozenHeadSha = this.pullHeadSha(r, i);
        i.pull.frozenBaseSha = this.pullBaseSha(r, i);
      } else if (b.state === "open" && i.state === "closed") {
        if (i.pull.merged) throw unprocessable("Cannot reopen a merged pull request");
        i.state = "open";
        i.closedAt = null;
        i.pull.frozenHeadSha = null;
        i.pull.frozenBaseSha = null;
      }
      i.updatedAt = this.now();
      return { status: 200, body: this.pullJson(r, i, false) };
    },

    "pulls/merge"(ctx) {
      const r = ctx.repo!;
      const i = r.issues.get(Number(ctx.match.params.pull_number));
      if (!i?.pull) throw notFound();
      if (ctx.body.sha && ctx.body.sha !== this.pullHeadSha(r, i)) throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
      const sha = this.doMerge(r, i, ctx.body.merge_method ?? "merge", ctx.body.commit_title, ctx.body.commit_message, ctx.actor);
      return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
    },

    "checks/create"(ctx) {
      const r = ctx.repo!;
      const b = ctx.body;
      const headSha = String(b.head_sha).toLowerCase();
      if (!r.git.commit(headSha)) throw unprocessable(`No commit found for SHA: ${b.head_sha}`);
      let suiteId = r.checkSuites.get(headSha);
      if (suiteId === undefined) {
        suiteId = this.nextId();
        r.checkSuites.set(headSha, suiteId);
      }
      const id = this.nextId();
      const at = this.now();
      const run: CheckRunState = {
        id,
        nodeId: nodeId("CheckRun", id),
        repoKey: r.key,
        name: b.name,
        headSha,
        status: "queued",
        conclusion: null,
        startedAt: at,
        completedAt: null,
        detailsUrl: null,
        externalId: "",
        output: { title: null, summary: null, text: null },
        annotations: [],
        actions: [],
        suiteId,
        updates: 0,
      };
      this.applyCheckRun(run, b);
      run.detailsUrl ??= `${this.webUrl}/${r.owner}/${r.name}/runs/${id}`;
      this.checkRunMap.set(id, run);
      return { status: 201, body: this.checkRunJson(run) };
    },

    "checks/update"(ctx) {
      const run = this.checkRunIn(ctx);
      this.applyCheckRun(run, ctx.body);
      run.updates++;
      return { status: 200, body: this.checkRunJson(run) };
    },

    "checks/get"(ctx) {
      return { status: 200, body: this.checkRunJson(this.checkRunIn(ctx)) };
    },

    "checks/list-for-ref"(ctx) {
      const r = ctx.repo!;
      const sha = this.resolveCommit(r, ctx.match.params.ref!);
      if (!sha) throw unprocessable(`No commit found for SHA: ${ctx.match.params.ref}`);
      const q = ctx.req.query;
      let runs = [...this.checkRunMap.values()].filter((c) => c.repoKey === r.key && c.headSha === sha);
      const name = q.get("check_name");
      if (name) runs = runs.filter((c) => c.name === name);
      const status = q.get("status");
      if (status) runs = runs.filter((c) => c.status === status);
      const appId = q.get("app_id");
      if (appId && Number(appId) !== (this.appId ?? 1)) runs = [];
      if ((q.get("filter") ?? "latest") === "latest") {
        const latest = new Map<string, CheckRunState>();
        for (const c of runs) if ((latest.get(c.name)?.id ?? -1) < c.id) latest.set(c.name, c);
        runs = [...latest.values()];
      }
      runs.sort((a, b) => b.id - a.id);
      const { page, headers } = this.paginate(ctx.req, runs);
      return { status: 200, headers, body: { total_count: runs.length, check_runs: page.map((c) => this.checkRunJson(c)) } };
    },

    "checks/list-annotations"(ctx) {
      const run = this.checkRunIn(ctx);
      const r = this.repos.get(run.repoKey)!;
      const list = run.annotations.map((a) => ({
        path: a.path,
        start_line: a.start_line,
        end_line: a.end_line,
        start_column: a.start_column ?? null,
        end_column: a.end_column ?? null,
        annotation_level: a.annotation_level ?? null,
        title: a.title ?? null,
        message: a.message ?? null,
        raw_details: a.raw_details ?? null,
        blob_href: `${this.webUrl}/${r.owner}/${r.name}/blob/${run.headSha}/${a.path}`,
      }));
      const { page, headers } = this.paginate(ctx.req, list);
      return { status: 200, headers, body: page };
    },

    "repos/create-deployment"(ctx) {
      const r = ctx.repo!;
      const b = ctx.body;
      const ref: string = b.ref;
      const sha = this.resolveCommit(r, ref);
      if (!sha) throw unprocessable(`No ref found for: ${ref}`);
      const isBranch = r.refs.has(`refs/heads/${ref.replace(/^refs\/heads\//, "")}`) && !/^[0-9a-f]{40}$/i.test(ref);
      const branch = ref.replace(/^refs\/heads\//, "");
      // auto_merge (default true): GitHub merges the default branch into a branch that is behind it.
      if (b.auto_merge !== false && isBranch && branch !== r.defaultBranch) {
        const defSha = r.refs.get(`refs/heads/${r.defaultBranch}`)!;
        if (!r.git.isAncestor(defSha, sha)) {
          const base = r.git.mergeBase(defSha, sha);
          const merged = r.git.merge3(base ? r.git.commit(base)!.tree : EMPTY_TREE_SHA, r.git.commit(sha)!.tree, r.git.commit(defSha)!.tree);
          if ("conflicts" in merged) throw new HttpError(409, `Conflict merging ${r.defaultBranch} into ${branch}.`);
          const sig = this.signature(ctx.actor);
          const commit = r.git.putCommit({ tree: r.git.buildTree(merged.files).sha, parents: [sha, defSha], message: `Auto-merged ${r.defaultBranch} into ${branch} on deployment.`, author: sig, committer: sig });
          r.refs.set(`refs/heads/${branch}`, commit.sha);
          return { status: 202, body: { message: `Auto-merged ${r.defaultBranch} into ${branch} on deployment.` } };
        }
      }
      // required_contexts (default: all): every check on the commit must have succeeded.
      const required: string[] | undefined = b.required_contexts;
      const latest = new Map<string, CheckRunState>();
      for (const c of this.checkRunMap.values()) if (c.repoKey === r.key && c.headSha === sha && (latest.get(c.name)?.id ?? -1) < c.id) latest.set(c.name, c);
      const contexts = [...latest.values()].filter((c) => required === undefined || required.includes(c.name));
      const ok = (c: CheckRunState) => c.status === "completed" && ["success", "neutral", "skipped"].includes(c.conclusion ?? "");
      const missing = (required ?? []).filter((n) => !latest.has(n));
      const bad = contexts.filter((c) => !ok(c));
      if (bad.length > 0 || missing.length > 0) {
        throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, {
          errors: [{ contexts: [...bad.map((c) => ({ context: c.name, state: c.status === "completed" ? (c.conclusion ?? "failure") : "pending" })), ...missing.map((n) => ({ context: n, state: "missing" }))], resource: "Deployment", field: "required_contexts", code: "invalid" }],
        });
      }
      const id = this.nextId();
      const at = this.now();
      const environment: string = b.environment ?? "production";
      const d: DeploymentState = {
        id,
        nodeId: nodeId("Deployment", id),
        repoKey: r.key,
        sha,
        ref,
        task: b.task ?? "deploy",
        payload: b.payload === undefined || b.payload === "" ? {} : b.payload,
        environment,
        originalEnvironment: environment,
        description: b.description ?? null,
        creator: ctx.actor.login,
        viaApp: ctx.actor.viaApp,
        transient: !!b.transient_environment,
        production: b.production_environment ?? environment === "production",
        createdAt: at,
        updatedAt: at,
        statuses: [],
      };
      this.deploymentMap.set(id, d);
      return { status: 201, body: this.deploymentJson(d) };
    },

    "repos/list-deployments"(ctx) {
      const r = ctx.repo!;
      const q = ctx.req.query;
      let list = [...this.deploymentMap.values()].filter((d) => d.repoKey === r.key);
      for (const [param, get] of [
        ["sha", (d: DeploymentState) => d.sha],
        ["ref", (d: DeploymentState) => d.ref],
        ["task", (d: DeploymentState) => d.task],
        ["environment", (d: DeploymentState) => d.environment],
      ] as const) {
        const v = q.get(param);
        if (v !== null && v !== "none") list = list.filter((d) => get(d) === v);
      }
      list.sort((a, b) => b.id - a.id);
      const { page, headers } = this.paginate(ctx.req, list);
      return { status: 200, headers, body: page.map((d) => this.deploymentJson(d)) };
    },

    "repos/get-deployment"(ctx) {
      return { status: 200, body: this.deploymentJson(this.deploymentIn(ctx)) };
    },

    "repos/create-deployment-status"(ctx) {
      const d = this.deploymentIn(ctx);
      const b = ctx.body;
      const id = this.nextId();
      const at = this.now();
      if (typeof b.environment === "string" && b.environment !== "") d.environment = b.environment;
      const logUrl: string = b.log_url ?? b.target_url ?? "";
      const s: DeploymentStatusState = {
        id,
        nodeId: nodeId("DeploymentStatus", id),
        state: b.state,
        description: (b.description ?? "").slice(0, 140),
        environment: d.environment,
        targetUrl: b.log_url ?? b.target_url ?? "",
        logUrl,
        environmentUrl: b.environment_url ?? "",
        creator: ctx.actor.login,
        viaApp: ctx.actor.viaApp,
        createdAt: at,
      };
      d.statuses.push(s);
      d.updatedAt = at;
      if (b.state === "success" && b.auto_inactive !== false) {
        for (const other of this.deploymentMap.values()) {
          if (other === d || other.repoKey !== d.repoKey || other.environment !== d.environment || other.transient || other.production) continue;
          const last = other.statuses[other.statuses.length - 1];
          if (last?.state !== "success") continue;
          const iid = this.nextId();
          other.statuses.push({ ...last, id: iid, nodeId: nodeId("DeploymentStatus", iid), state: "inactive", createdAt: at, description: "" });
        }
      }
      return { status: 201, body: this.deploymentStatusJson(d, s) };
    },

    "repos/list-deployment-statuses"(ctx) {
      const d = this.deploymentIn(ctx);
      const list = [...d.statuses].reverse();
      const { page, headers } = this.paginate(ctx.req, list);
      return { status: 200, headers, body: page.map((s) => this.deploymentStatusJson(d, s)) };
    },

    "repos/get-deployment-status"(ctx) {
      const d = this.deploymentIn(ctx);
      const s = d.statuses.find((x) => x.id === Number(ctx.match.params.status_id));
      if (!s) throw notFound();
      return { status: 200, body: this.deploymentStatusJson(d, s) };
    },
  };

  // ─────────── handler helpers ───────────

  private compare(ctx: Ctx, baseRef: string, headRef: string): FakeReply {
    const r = ctx.repo!;
    const base = this.resolveCommit(r, baseRef);
    const head = this.resolveCommit(r, headRef);
    if (!base || !head) throw notFound(`Not Found (no common ancestor or unknown ref: ${!base ? baseRef : headRef})`);
    const mb = r.git.mergeBase(base, head);
    if (!mb) throw notFound("No common ancestor between " + baseRef + " and " + headRef + ".");
    const ahead = r.git.commitsBetween(base, head);
    const behind = r.git.commitsBetween(head, base);
    const status = base === head ? "identical" : ahead.length > 0 && behind.length > 0 ? "diverged" : ahead.length > 0 ? "ahead" : behind.length > 0 ? "behind" : "identical";
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const web = `${this.webUrl}/${r.owner}/${r.name}`;
    const { page, headers } = this.paginate(ctx.req, ahead);
    const files = this.diffFiles(r, r.git.commit(mb)!.tree, r.git.commit(head)!.tree, head);
    return {
      status: 200,
      headers,
      body: {
        url: `${api}/compare/${baseRef}...${headRef}`,
        html_url: `${web}/compare/${baseRef}...${headRef}`,
        permalink_url: `${web}/compare/${r.owner}:${base.slice(0, 7)}...${r.owner}:${head.slice(0, 7)}`,
        diff_url: `${web}/compare/${baseRef}...${headRef}.diff`,
        patch_url: `${web}/compare/${baseRef}...${headRef}.patch`,
        base_commit: this.commitJson(r, r.git.commit(base)!, false),
        merge_base_commit: this.commitJson(r, r.git.commit(mb)!, false),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: page.map((c) => this.commitJson(r, c, false)),
        files,
      },
    };
  }

  private treeJson(r: RepoState, treeSha: string, recursive: boolean): JsonObject {
    const api = `${this.baseUrl}/repos/${r.owner}/${r.name}`;
    const entries = recursive ? r.git.listRecursive(treeSha) : r.git.tree(treeSha)!.entries.map((e) => ({ ...e, path: e.name }));
    return {
      sha: treeSha,
      url: `${api}/git/trees/${treeSha}`,
      tree: entries.map((e) => {
        const j: JsonObject = { path: e.path, mode: e.mode, type: e.type, sha: e.sha };
        if (e.type === "blob") {
          j.size = r.git.blob(e.sha)!.content.length;
          j.url = `${api}/git/blobs/${e.sha}`;
        } else if (e.type === "tree") j.url = `${api}/git/trees/${e.sha}`;
        return j;
      }),
      truncated: false,
    };
  }

  private commentIn(ctx: Ctx): CommentState {
    const c = this.commentMap.get(Number(ctx.match.params.comment_id));
    if (!c || c.repoKey !== ctx.repo!.key) throw notFound();
    return c;
  }

  private checkRunIn(ctx: Ctx): CheckRunState {
    const c = this.checkRunMap.get(Number(ctx.match.params.check_run_id));
    if (!c || c.repoKey !== ctx.repo!.key) throw notFound();
    return c;
  }

  private deploymentIn(ctx: Ctx): DeploymentState {
    const d = this.deploymentMap.get(Number(ctx.match.params.deployment_id));
    if (!d || d.repoKey !== ctx.repo!.key) throw notFound();
    return d;
  }

  private react(subject: string, ctx: Ctx): FakeReply {
    const content: string = ctx.body.content;
    const existing = this.reactionList.find((x) => x.subject === subject && x.user === ctx.actor.login && x.content === content);
    if (existing) return { status: 200, body: this.reactionJson(existing) };
    const id = this.nextId();
    const x: ReactionState = { id, nodeId: nodeId("Reaction", id), subject, user: ctx.actor.login, content, createdAt: this.now() };
    this.reactionList.push(x);
    return { status: 201, body: this.reactionJson(x) };
  }

  private listReactions(subject: string, ctx: Ctx): FakeReply {
    const content = ctx.req.query.get("content");
    const list = this.reactionList.filter((x) => x.subject === subject && (!content || x.content === content));
    const { page, headers } = this.paginate(ctx.req, list);
    return { status: 200, headers, body: page.map((x) => this.reactionJson(x)) };
  }

    private applyCheckRun(run: CheckRunState, b: any): void {
    if (b.name !== undefined) run.name = b.name;
    if (b.details_url !== undefined) run.detailsUrl = b.details_url;
    if (b.external_id !== undefined) run.externalId = b.external_id;
    if (b.started_at !== undefined) run.startedAt = normalizeDate(b.started_at) ?? run.startedAt;
    if (b.status !== undefined) run.status = b.status;
    if (b.conclusion !== undefined && b.conclusion !== null) {
      run.conclusion = b.conclusion;
      run.status = "completed";
    }
    if (run.status === "completed") run.completedAt = normalizeDate(b.completed_at) ?? run.completedAt ?? this.now();
    else if (b.completed_at !== undefined) run.completedAt = normalizeDate(b.completed_at) ?? null;
    if (b.output) {
      if (b.output.title !== undefined) run.output.title = b.output.title;
      if (b.output.summary !== undefined) run.output.summary = b.output.summary;
      if (b.output.text !== undefined) run.output.text = b.output.text;
      if (Array.isArray(b.output.annotations)) run.annotations.push(...structuredClone(b.output.annotations));
    }
    if (Array.isArray(b.actions)) run.actions = structuredClone(b.actions);
  }
}

function checkCommentBody(body: unknown): void {
  if (typeof body === "string" && body.length > MAX_COMMENT) {
    throw validationFailed([{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_COMMENT} characters)` }]);
  }
}

function normalizeDate(v: unknown): string | undefined {
  if (typeof v !== "string" || v === "") return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function decodeJwt(token: string): { iss?: unknown; exp?: unknown } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { iss?: unknown };
  } catch {
    return undefined;
  }
}

function lowerKeys(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  return out;
}

/** A fake GitHub on `options.baseUrl` (default https://api.github.com). Call `done()` when finished. */
export function createFakeGitHub(options: FakeGitHubOptions = {}): FakeGitHub {
  return new FakeGitHub(options);
}
