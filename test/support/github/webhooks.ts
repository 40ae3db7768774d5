/**
 * Webhook fixtures derived from real payloads (@octokit/webhooks-examples) and checked
 * against GitHub's current webhook schemas (@octokit/openapi-webhooks, OpenAPI 3.1, Ajv2020,
 * formats off).
 *
 * Recipe for every builder: `structuredClone` an example, make the smallest change, then
 * VALIDATE; a builder throws if its result doesn't pass the current schema. The 2024
 * examples lack some fields the current schema requires (e.g. `check_run.node_id`,
 * `check_run.details_url`, `app.permissions`/`events`, `repository.disabled`): builders add
 * them with plausible values (listed in `ADDED_FIELDS`).
 *
 * Only the two JSON files are read (never the packages' index modules, which load every
 * variant).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { sign } from "@octokit/webhooks-methods";
import type { Context, Probot } from "probot";
import { formatAjvErrors } from "./openapi.js";

const require = createRequire(import.meta.url);

type JsonObject = Record<string, any>;

export type IssueCommentCreatedPayload = Context<"issue_comment.created">["payload"];
export type PullRequestClosedPayload = Context<"pull_request.closed">["payload"];
export type CheckRunRerequestedPayload = Context<"check_run.rerequested">["payload"];
export type WebhookEventInput = Parameters<Probot["receive"]>[0];

export interface RepoSpec {
  owner: string;
  name: string;
  id?: number;
  private?: boolean;
  defaultBranch?: string;
  ownerType?: "User" | "Organization";
}

export interface UserSpec {
  login: string;
  type?: "User" | "Bot" | "Organization";
  id?: number;
}

interface Common {
  repo?: RepoSpec;
  /** Installation id (default 1). `null` removes `installation` (as in payloads GitHub sends to non-app webhooks). */
  installationId?: number | null;
  /** Who triggered the event (default: the example's sender, Codertocat). */
  sender?: UserSpec;
  /** API base URL for URLs in the payload (default https://api.github.com; e.g. http://ghe.test/api/v3). */
  baseUrl?: string;
}

/** Fields the builders add because the 2024 examples predate them in GitHub's current schema. */
export const ADDED_FIELDS: Record<string, string[]> = {
  "issue_comment.created": ["(none: the example with an installation already passes)"],
  "pull_request.closed": ["(none)"],
  "check_run.rerequested": ["check_run.node_id", "check_run.details_url", "check_run.app.permissions", "check_run.app.events", "check_run.check_suite.app.permissions", "check_run.check_suite.app.events", "repository.disabled"],
};

// ───────────── loading (once per process) ─────────────

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: JsonObject[];
}

let examplesCache: ExampleGroup[] | undefined;
function examples(): ExampleGroup[] {
  examplesCache ??= JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as ExampleGroup[];
  return examplesCache;
}

interface WebhookSpec {
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
  components: { schemas: Record<string, JsonObject> };
}

const WH_URI = "https://webhooks.github.test/";

interface Validation {
  spec: WebhookSpec;
  ajv: Ajv2020;
  added: Set<string>;
  validators: Map<string, ValidateFunction>;
}

let validation: Validation | undefined;
function loadValidation(): Validation {
  if (validation) return validation;
  const spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json"), "utf8")) as WebhookSpec;
  // inlineRefs:false + optimize:false: compile each component once, quickly (the schemas are big).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, validateSchema: false, inlineRefs: false, code: { optimize: false } });
  validation = { spec, ajv, added: new Set(), validators: new Map() };
  return validation;
}

/** Adds a component (refs rewritten to absolute URIs) and everything it references to Ajv. */
function addComponent(v: Validation, name: string): void {
  const stack = [name];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (v.added.has(n)) continue;
    const src = v.spec.components.schemas[n];
    if (!src) continue;
    const refs: string[] = [];
    const copy = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(copy);
      if (!node || typeof node !== "object") return node;
      const o: JsonObject = {};
      for (const [k, x] of Object.entries(node)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith("#/components/schemas/")) {
          const target = x.slice("#/components/schemas/".length);
          refs.push(target);
          o[k] = WH_URI + target;
        } else if (k !== "examples" && k !== "description") o[k] = copy(x);
      }
      return o;
    };
    v.ajv.addSchema(copy(src) as JsonObject, WH_URI + n);
    v.added.add(n);
    stack.push(...refs);
  }
}

function keyFor(eventAction: string): string {
  // "issue_comment.created" → "issue-comment-created"; already-hyphenated keys pass through.
  return eventAction.replaceAll("_", "-").replaceAll(".", "-");
}

/**
 * Problems with a payload against the current schema for `eventAction`
 * ("issue_comment.created" or "issue-comment-created"); empty when it passes.
 */
export function validateWebhookPayload(eventAction: string, payload: unknown): string[] {
  const v = loadValidation();
  const key = keyFor(eventAction);
  let fn = v.validators.get(key);
  if (!fn) {
    const hook = v.spec.webhooks[key];
    if (!hook) return [`no webhook "${key}" in @octokit/openapi-webhooks`];
    const ref = hook.post.requestBody.content["application/json"]!.schema.$ref;
    const name = ref.slice("#/components/schemas/".length);
    addComponent(v, name);
    fn = v.ajv.getSchema(WH_URI + name)!;
    v.validators.set(key, fn);
  }
  return fn(payload) ? [] : formatAjvErrors(fn.errors, payload);
}

/** A deep copy of an example payload for `event` (optionally with `action`, and the n-th such example). */
export function webhookExample(event: string, action?: string, index = 0): JsonObject {
  const group = examples().find((g) => g.name === event);
  if (!group) throw new Error(`no @octokit/webhooks-examples payloads for "${event}"`);
  const list = action === undefined ? group.examples : group.examples.filter((e) => e.action === action);
  const ex = list[index];
  if (!ex) throw new Error(`no example #${index} for ${event}${action ? `.${action}` : ""} (there are ${list.length})`);
  return structuredClone(ex);
}

/** Every example payload for an event (copies). */
export function webhookExamples(event: string, action?: string): JsonObject[] {
  const group = examples().find((g) => g.name === event);
  return (group?.examples ?? []).filter((e) => action === undefined || e.action === action).map((e) => structuredClone(e));
}

// ───────────── mutation helpers ─────────────

function rewriteStrings<T>(value: T, pairs: Array<[string, string]>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = v;
      for (const [from, to] of pairs) if (from !== to && s.includes(from)) s = s.split(from).join(to);
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

function webBase(baseUrl: string): string {
  const u = new URL(baseUrl);
  return u.hostname === "api.github.com" ? "https://github.com" : u.origin;
}

function hostPairs(baseUrl: string | undefined): Array<[string, string]> {
  if (!baseUrl || baseUrl.replace(/\/+$/, "") === "https://api.github.com") return [];
  const api = baseUrl.replace(/\/+$/, "");
  return [
    ["https://api.github.com", api],
    ["https://github.com", webBase(api)],
  ];
}

function stableId(login: string): number {
  let h = 7;
  for (const ch of login) h = (h * 31 + ch.charCodeAt(0)) % 9_000_000;
  return 1_000_000 + h;
}

/** A user object shaped like `template` (an example's user) for `spec`. */
function userLike(template: JsonObject, spec: UserSpec): JsonObject {
  const u = rewriteStrings(structuredClone(template), [[`/${template.login}`, `/${spec.login}`]]);
  u.login = spec.login;
  u.id = spec.id ?? stableId(spec.login);
  u.node_id = Buffer.from(`04:User${u.id}`).toString("base64");
  u.type = spec.type ?? (spec.login.endsWith("[bot]") ? "Bot" : "User");
  u.avatar_url = `https://avatars.githubusercontent.com/u/${u.id}?v=4`;
  return u;
}

/** Retargets a payload's repository (and every URL naming it) to `spec`. */
function retargetRepo(payload: JsonObject, spec: RepoSpec | undefined): JsonObject {
  if (!spec) return payload;
  const repo = payload.repository as JsonObject;
  const oldFull: string = repo.full_name;
  const newFull = `${spec.owner}/${spec.name}`;
  const oldOwnerLogin: string = repo.owner.login;
  let out = rewriteStrings(payload, [[`/${oldFull}`, `/${newFull}`], [`:${oldFull}`, `:${newFull}`]]);
  const r = out.repository as JsonObject;
  r.name = spec.name;
  r.full_name = newFull;
  if (spec.id !== undefined) r.id = spec.id;
  r.node_id = Buffer.from(`010:Repository${r.id}`).toString("base64");
  if (spec.private !== undefined) {
    r.private = spec.private;
    if ("visibility" in r) r.visibility = spec.private ? "private" : "public";
  }
  if (spec.defaultBranch !== undefined) r.default_branch = spec.defaultBranch;
  r.owner = userLike(r.owner, { login: spec.owner, type: spec.ownerType ?? "User" });
  out = rewriteStrings(out, [[`/users/${oldOwnerLogin}/`, `/users/${spec.owner}/`]]);
  return out;
}

function setInstallation(payload: JsonObject, installationId: number | null | undefined): void {
  if (installationId === null) {
    delete payload.installation;
    return;
  }
  const id = installationId ?? 1;
  payload.installation = { id, node_id: Buffer.from(`023:IntegrationInstallation${id}`).toString("base64") };
}

function finish<T>(eventAction: string, payload: JsonObject, common: Common): T {
  const out = hostPairs(common.baseUrl).length > 0 ? rewriteStrings(payload, hostPairs(common.baseUrl)) : payload;
  const problems = validateWebhookPayload(eventAction, out);
  if (problems.length > 0) {
    throw new Error(`webhook fixture ${eventAction} does not pass @octokit/openapi-webhooks' current schema:\n  ${problems.join("\n  ")}`);
  }
  return out as T;
}

// ───────────── builders ─────────────

export interface IssueCommentOptions extends Common {
  body: string;
  /** Comment author (default Codertocat, a User). Also the default sender. */
  user?: UserSpec;
  issueNumber?: number;
  issueTitle?: string;
  /** The issue's or PR's description (a Stackwright PR carries its state marker there). */
  issueBody?: string | null;
  /** Issue/PR author (default: the example's). */
  issueUser?: UserSpec;
  /** The comment is on a pull request (adds `issue.pull_request`). */
  isPullRequest?: boolean;
  /** The comment's id (use the id the fake GitHub gave the comment). */
  commentId?: number;
}

/** `issue_comment.created` for a comment `body`, from the example that has an installation. */
export function issueCommentCreated(o: IssueCommentOptions): IssueCommentCreatedPayload {
  const index = webhookExamples("issue_comment", "created").findIndex((e) => e.installation);
  let p = webhookExample("issue_comment", "created", Math.max(0, index));
  p = retargetRepo(p, o.repo);
  const issue = p.issue as JsonObject;
  const comment = p.comment as JsonObject;
  const n = o.issueNumber ?? issue.number;
  if (n !== issue.number) {
    p = rewriteStrings(p, [[`/issues/${issue.number}`, `/issues/${n}`]]);
    (p.issue as JsonObject).number = n;
  }
  const c = p.comment as JsonObject;
  const i = p.issue as JsonObject;
  c.body = o.body;
  if (o.commentId !== undefined) {
    const old = comment.id;
    Object.assign(c, rewriteStrings(c, [[`comments/${old}`, `comments/${o.commentId}`], [`issuecomment-${old}`, `issuecomment-${o.commentId}`]]));
    c.id = o.commentId;
    c.node_id = Buffer.from(`012:IssueComment${o.commentId}`).toString("base64");
  }
  if (o.user) c.user = userLike(c.user, o.user);
  if (o.issueUser) i.user = userLike(i.user, o.issueUser);
  if (o.issueTitle !== undefined) i.title = o.issueTitle;
  if (o.issueBody !== undefined) i.body = o.issueBody;
  const sender = o.sender ?? o.user;
  if (sender) p.sender = userLike(p.sender, sender);
  if (o.isPullRequest) {
    const web = i.html_url.replace(/\/issues\/(\d+)$/, "/pull/$1");
    i.html_url = web;
    c.html_url = String(c.html_url).replace(/\/issues\/(\d+)#/, "/pull/$1#");
    i.pull_request = { url: String(i.url).replace(/\/issues\/(\d+)$/, "/pulls/$1"), html_url: web, diff_url: `${web}.diff`, patch_url: `${web}.patch`, merged_at: null };
  }
  setInstallation(p, o.installationId);
  return finish<IssueCommentCreatedPayload>("issue_comment.created", p, o);
}

export interface PullRequestClosedOptions extends Common {
  merged: boolean;
  number?: number;
  title?: string;
  body?: string | null;
  /** PR author. */
  user?: UserSpec;
  headRef?: string;
  headSha?: string;
  baseRef?: string;
  baseSha?: string;
  /** Required meaningfully when merged (the fake's `mergePull()` returns it). */
  mergeCommitSha?: string;
  mergedBy?: UserSpec;
  mergedAt?: string;
}

/** `pull_request.closed`, merged or not (the examples are never merged: this sets merged, merged_at, merge_commit_sha, merged_by). */
export function pullRequestClosed(o: PullRequestClosedOptions): PullRequestClosedPayload {
  let p = webhookExample("pull_request", "closed", 0);
  p = retargetRepo(p, o.repo);
  const pr = p.pull_request as JsonObject;
  const n = o.number ?? pr.number;
  if (n !== pr.number) {
    p = rewriteStrings(p, [[`/pulls/${pr.number}`, `/pulls/${n}`], [`/pull/${pr.number}`, `/pull/${n}`], [`/issues/${pr.number}`, `/issues/${n}`]]);
    (p.pull_request as JsonObject).number = n;
    p.number = n;
  }
  const q = p.pull_request as JsonObject;
  if (o.title !== undefined) q.title = o.title;
  if (o.body !== undefined) q.body = o.body;
  if (o.user) q.user = userLike(q.user, o.user);
  const owner = (p.repository as JsonObject).owner as JsonObject;
  for (const side of ["head", "base"] as const) {
    const s = q[side] as JsonObject;
    const ref = side === "head" ? o.headRef : o.baseRef;
    const sha = side === "head" ? o.headSha : o.baseSha;
    if (ref !== undefined) s.ref = ref;
    if (sha !== undefined) s.sha = sha;
    if (o.repo) {
      s.repo = structuredClone(p.repository);
      s.user = structuredClone(owner);
    }
    s.label = `${(s.user as JsonObject).login}:${s.ref}`;
  }
  const closedAt = o.mergedAt ?? q.closed_at ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  q.state = "closed";
  q.closed_at = closedAt;
  if (o.merged) {
    q.merged = true;
    q.merged_at = closedAt;
    q.merge_commit_sha = o.mergeCommitSha ?? q.merge_commit_sha;
    q.merged_by = userLike(p.sender, o.mergedBy ?? o.sender ?? { login: owner.login });
    q.mergeable = null;
    q.mergeable_state = "unknown";
  } else {
    q.merged = false;
    q.merged_at = null;
    q.merged_by = null;
    if (o.mergeCommitSha !== undefined) q.merge_commit_sha = o.mergeCommitSha;
  }
  if (o.sender) p.sender = userLike(p.sender, o.sender);
  else if (o.merged && o.mergedBy) p.sender = userLike(p.sender, o.mergedBy);
  setInstallation(p, o.installationId);
  return finish<PullRequestClosedPayload>("pull_request.closed", p, o);
}

export interface CheckRunRerequestedOptions extends Common {
  /** Id of the app that owns the check run (the app should ignore other apps' runs). */
  appId: number;
  appSlug?: string;
  checkRunId?: number;
  name?: string;
  headSha?: string;
  headBranch?: string;
  externalId?: string;
}

/** `check_run.rerequested` (someone pressed "Re-run"), for a run owned by `appId`. */
export function checkRunRerequested(o: CheckRunRerequestedOptions): CheckRunRerequestedPayload {
  let p = webhookExample("check_run", "rerequested", 0);
  // Fields the current schema requires that the 2024 example lacks (ADDED_FIELDS).
  const repo = p.repository as JsonObject;
  repo.disabled ??= false;
  p = retargetRepo(p, o.repo);
  const cr = p.check_run as JsonObject;
  const slug = o.appSlug ?? cr.app.slug;
  const app = (a: JsonObject) => {
    a.id = o.appId;
    a.slug = slug;
    a.node_id = Buffer.from(`012:Integration${o.appId}`).toString("base64");
    a.permissions ??= { checks: "write", contents: "write", metadata: "read" };
    a.events ??= [];
  };
  app(cr.app as JsonObject);
  app((cr.check_suite as JsonObject).app as JsonObject);
  if (o.checkRunId !== undefined) {
    const old = cr.id;
    Object.assign(cr, rewriteStrings(cr, [[`check-runs/${old}`, `check-runs/${o.checkRunId}`], [`/runs/${old}`, `/runs/${o.checkRunId}`]]));
    cr.id = o.checkRunId;
  }
  cr.node_id ??= Buffer.from(`08:CheckRun${cr.id}`).toString("base64");
  cr.details_url ??= cr.html_url;
  if (o.name !== undefined) cr.name = o.name;
  if (o.externalId !== undefined) cr.external_id = o.externalId;
  if (o.headSha !== undefined) {
    cr.head_sha = o.headSha;
    (cr.check_suite as JsonObject).head_sha = o.headSha;
  }
  if (o.headBranch !== undefined) (cr.check_suite as JsonObject).head_branch = o.headBranch;
  if (o.sender) p.sender = userLike(p.sender, o.sender);
  setInstallation(p, o.installationId);
  return finish<CheckRunRerequestedPayload>("check_run.rerequested", p, o);
}

// ───────────── delivery helpers ─────────────

/** `{ id, name, payload }` for `probot.receive()`. */
export function webhookEvent(name: string, payload: unknown, id: string = randomUUID()): WebhookEventInput {
  return { id, name, payload } as unknown as WebhookEventInput;
}

export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}

/** Headers and body exactly as GitHub POSTs a delivery, signed with `secret` (X-Hub-Signature-256). */
export async function signedDelivery(payload: unknown, event: string, secret: string, deliveryId: string = randomUUID()): Promise<SignedDelivery> {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": await sign(secret, body),
    },
  };
}
