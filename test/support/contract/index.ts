import { randomUUID } from "node:crypto";
import type { AccessLevel, AppSpec } from "../../../src/spec/app-spec.js";
import { describeApp, type AppModel, type EntityModel, type FieldModel } from "../../../src/spec/model.js";
import { ContractError, describeReply, expectEqual, expectErrorBody, expectStatus, expectThat, HttpClient, isObject, type Reply } from "./http.js";
import { hasContractType, sameValue, sampleValue, uniqueSuffix, UUID_PATTERN, wrongTypeValue } from "./values.js";

/**
 * The language-neutral contract test: given a running backend's base URL and its
 * AppSpec, exercises docs/generated-app-contract.md over HTTP and throws a
 * ContractError (request, expected, got, body) at the first deviation. Nothing
 * here knows which framework serves the API.
 */

export { ContractError } from "./http.js";

export interface ContractOptions {
  /** Path of the health endpoint (the manifest's healthPath); default "/health". */
  healthPath?: string;
  /**
   * Gives the user with this email the role "admin" (the contract leaves that to
   * the database, e.g. an UPDATE). Without it, admin-only actions are checked only
   * for the 401/403 answers non-admins get, and are listed in `skipped`.
   */
  promoteToAdmin?: (email: string) => Promise<void>;
}

export interface ContractReport {
  baseUrl: string;
  /** Every check that passed, in order, e.g. "Post: create → 201". */
  checks: string[];
  /** Checks that could not run, with the reason. */
  skipped: string[];
  durationMs: number;
}

export async function checkContract(baseUrl: string, spec: AppSpec, options: ContractOptions = {}): Promise<ContractReport> {
  const started = Date.now();
  const run = new ContractRun(baseUrl, describeApp(spec), options);
  await run.all();
  return { baseUrl, checks: run.checks, skipped: run.skipped, durationMs: Date.now() - started };
}

interface Account {
  email: string;
  password: string;
  token: string;
  refreshToken: string | undefined;
  user: Record<string, unknown>;
}

type Body = Record<string, unknown>;
type RecordJson = Record<string, unknown>;

/** Thrown to skip the rest of one entity's checks (e.g. no admin to create it); recorded in `skipped`. */
class Skip extends Error {}

const PASSWORD = "contract-password-123";

class ContractRun {
  readonly checks: string[] = [];
  readonly skipped: string[] = [];
  private readonly http: HttpClient;
  private readonly auth: boolean;
  private alice!: Account;
  private bob!: Account;
  private admin: Account | undefined;
  /** One record per entity, created on demand to be referenced by others (never deleted). */
  private readonly parents = new Map<string, RecordJson>();

  constructor(
    baseUrl: string,
    private readonly model: AppModel,
    private readonly options: ContractOptions,
  ) {
    this.http = new HttpClient(baseUrl);
    this.auth = model.spec.auth.kind === "jwt";
  }

  private async check(name: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ContractError) throw new ContractError(`[${name}] ${error.message}`);
      throw error;
    }
    this.checks.push(name);
  }

  private request(method: string, path: string, options: { token?: string | undefined; body?: unknown; rawBody?: string } = {}): Promise<Reply> {
    return this.http.request(method, path, options);
  }

  async all(): Promise<void> {
    await this.check("health → 200 {status: ok}", async () => {
      const reply = await this.request("GET", this.options.healthPath ?? "/health");
      expectStatus(reply, 200, "GET health");
      expectEqual((reply.body as Body | undefined)?.status, "ok", "health body status", reply);
    });
    await this.check("unknown route → 404 {error}", async () => {
      expectStatus(await this.request("GET", `/api/no-such-route-${uniqueSuffix()}`), 404, "an unknown route");
    });
    if (this.auth) await this.authChecks();
    for (const entity of this.model.entities) {
      try {
        await this.entityChecks(entity);
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        this.skipped.push(`${entity.name}: ${error.message}`);
      }
    }
  }

  // ---------------------------------------------------------------- auth

  private registerBody(email: string, password = PASSWORD): Body {
    const user = this.model.user!;
    const body: Body = {};
    for (const f of user.fields) if (f.name !== "email") body[f.name] = sampleValue(f);
    return { ...body, email, password };
  }

  private sessionShape(reply: Reply, why: string): Account["user"] {
    const body = reply.body;
    expectThat(isObject(body), `${why}: the body must be an object`, reply);
    const b = body as Body;
    expectThat(typeof b.accessToken === "string" && b.accessToken.length > 0, `${why}: accessToken must be a non-empty string`, reply);
    if (this.model.spec.auth.refreshTokens) {
      expectThat(typeof b.refreshToken === "string" && b.refreshToken.length > 0, `${why}: refreshToken must be a non-empty string`, reply);
    }
    expectThat(isObject(b.user) && typeof b.user.id === "string" && UUID_PATTERN.test(b.user.id), `${why}: user must be an object with a UUID id`, reply);
    const leaked = Object.keys(b.user as Body).filter((k) => /password/i.test(k));
    expectThat(leaked.length === 0, `${why}: the user JSON must not include ${leaked.join(", ")}`, reply);
    return b.user as Body;
  }

  private async register(label: string): Promise<Account> {
    const email = `${label}-${uniqueSuffix()}@example.com`;
    const reply = await this.request("POST", "/auth/register", { body: this.registerBody(email) });
    expectStatus(reply, 201, `register ${email}`);
    const user = this.sessionShape(reply, "register");
    const body = reply.body as Body;
    return { email, password: PASSWORD, token: body.accessToken as string, refreshToken: body.refreshToken as string | undefined, user };
  }

  private async login(email: string, password: string): Promise<Reply> {
    return this.request("POST", "/auth/login", { body: { email, password } });
  }

  private async authChecks(): Promise<void> {
    const refresh = this.model.spec.auth.refreshTokens;
    await this.check("auth: register → 201 {accessToken, refreshToken, user}, email trimmed and lower-cased", async () => {
      const local = `Alice-${uniqueSuffix()}`;
      const reply = await this.request("POST", "/auth/register", { body: this.registerBody(`  ${local}@Example.COM `) });
      expectStatus(reply, 201, "register");
      const user = this.sessionShape(reply, "register");
      const email = `${local.toLowerCase()}@example.com`;
      expectEqual(user.email, email, "register: the stored email", reply);
      const body = reply.body as Body;
      this.alice = { email, password: PASSWORD, token: body.accessToken as string, refreshToken: body.refreshToken as string | undefined, user };
      this.bob = await this.register("bob");
    });
    await this.check("auth: register with a taken email (other case) → 409", async () => {
      expectStatus(await this.request("POST", "/auth/register", { body: this.registerBody(this.alice.email.toUpperCase()) }), 409, "duplicate email");
    });
    await this.check("auth: register with invalid input → 400", async () => {
      const fresh = () => `x-${uniqueSuffix()}@example.com`;
      expectStatus(await this.request("POST", "/auth/register", { body: this.registerBody(fresh(), "short") }), 400, "a 5-character password");
      expectStatus(await this.request("POST", "/auth/register", { body: this.registerBody(fresh(), "x".repeat(129)) }), 400, "a 129-character password");
      expectStatus(await this.request("POST", "/auth/register", { body: this.registerBody("not-an-email") }), 400, "an invalid email");
      expectStatus(await this.request("POST", "/auth/register", { body: { email: fresh() } }), 400, "no password");
    });
    await this.check("auth: malformed JSON → 400", async () => {
      expectStatus(await this.request("POST", "/auth/login", { rawBody: '{"email": ' }), 400, "a truncated JSON body");
    });
    await this.check("auth: login → 200; wrong password and unknown email → 401 with the same message", async () => {
      const ok = await this.login(this.alice.email, PASSWORD);
      expectStatus(ok, 200, "login");
      const user = this.sessionShape(ok, "login");
      expectEqual(user.id, this.alice.user.id, "login: user id", ok);
      const wrong = await this.login(this.alice.email, "wrong-password-123");
      expectStatus(wrong, 401, "login with a wrong password");
      const unknown = await this.login(`nobody-${uniqueSuffix()}@example.com`, PASSWORD);
      expectStatus(unknown, 401, "login with an unknown email");
      expectEqual(expectErrorBody(unknown, "unknown email"), expectErrorBody(wrong, "wrong password"), "the two login failures must not be told apart");
    });
    await this.check("auth: /auth/me → 200; no token or a bad token → 401", async () => {
      const me = await this.request("GET", "/auth/me", { token: this.alice.token });
      expectStatus(me, 200, "GET /auth/me");
      expectEqual((me.body as Body | undefined)?.id, this.alice.user.id, "GET /auth/me: id", me);
      expectStatus(await this.request("GET", "/auth/me"), 401, "GET /auth/me without a token");
      expectStatus(await this.request("GET", "/auth/me", { token: "not.a.valid-token" }), 401, "GET /auth/me with a bad token");
      expectStatus(await this.request("GET", "/auth/me", { token: `${this.alice.token}x` }), 401, "GET /auth/me with a tampered token");
    });
    if (refresh) {
      await this.check("auth: refresh → 200 with a new refresh token; the old one → 401 (rotation)", async () => {
        const old = this.alice.refreshToken!;
        const reply = await this.request("POST", "/auth/refresh", { body: { refreshToken: old } });
        expectStatus(reply, 200, "refresh");
        this.sessionShape(reply, "refresh");
        const body = reply.body as Body;
        expectThat(body.refreshToken !== old, "refresh must issue a new refresh token", reply);
        expectStatus(await this.request("GET", "/auth/me", { token: body.accessToken as string }), 200, "/auth/me with the refreshed access token");
        expectStatus(await this.request("POST", "/auth/refresh", { body: { refreshToken: old } }), 401, "refresh with the rotated-out token");
        expectStatus(await this.request("POST", "/auth/refresh", { body: { refreshToken: `unknown-${uniqueSuffix()}` } }), 401, "refresh with an unknown token");
        // Reusing a rotated token may revoke the whole family; sign in again for what follows.
        const again = await this.login(this.alice.email, PASSWORD);
        expectStatus(again, 200, "login after refresh");
        this.alice = { ...this.alice, token: (again.body as Body).accessToken as string, refreshToken: (again.body as Body).refreshToken as string };
      });
      await this.check("auth: logout → 204; the refresh token then → 401", async () => {
        const session = await this.login(this.bob.email, PASSWORD);
        expectStatus(session, 200, "login");
        const refreshToken = (session.body as Body).refreshToken as string;
        expectStatus(await this.request("POST", "/auth/logout", { body: { refreshToken } }), 204, "logout");
        expectStatus(await this.request("POST", "/auth/refresh", { body: { refreshToken } }), 401, "refresh after logout");
      });
    }
    if (this.options.promoteToAdmin && this.model.spec.auth.roles.includes("admin")) {
      await this.check("auth: an admin signs in", async () => {
        const account = await this.register("admin");
        await this.options.promoteToAdmin!(account.email);
        const reply = await this.login(account.email, PASSWORD);
        expectStatus(reply, 200, "admin login");
        this.admin = { ...account, token: (reply.body as Body).accessToken as string };
      });
    } else {
      this.skipped.push("admin-only actions: no promoteToAdmin option (or no admin role), so only non-admins were checked");
    }
  }

  // ------------------------------------------------------------ entities

  /**
   * The token for an action at `level` by `owner` (the record's owner): undefined
   * means "send none", null means nobody available may do it.
   */
  private tokenFor(level: AccessLevel, owner?: Account): string | undefined | null {
    if (!this.auth) return undefined;
    switch (level) {
      case "public":
        return undefined;
      case "authenticated":
        return this.alice.token;
      case "owner":
        return (owner ?? this.alice).token;
      case "admin":
        return this.admin?.token ?? null;
    }
  }

  /** Who creates records of `entity`: undefined for anonymous, null when nobody available may. */
  private creatorOf(entity: EntityModel): Account | undefined | null {
    if (!this.auth) return undefined;
    // The owner comes from the token, so an owned record is always created signed in.
    if (entity.owner && entity.permissions.create === "public") return this.alice;
    switch (entity.permissions.create) {
      case "public":
        return undefined;
      case "admin":
        return this.admin ?? null;
      default:
        return this.alice;
    }
  }

  private createToken(entity: EntityModel): string | undefined | null {
    const creator = this.creatorOf(entity);
    return creator === null ? null : creator?.token;
  }

  private entity(name: string): EntityModel {
    const found = this.model.entities.find((e) => e.name === name);
    if (!found) throw new ContractError(`spec: unknown entity ${name}`);
    return found;
  }

  /** A record of `entity` to point references at, created once. */
  private async parent(name: string): Promise<RecordJson> {
    const cached = this.parents.get(name);
    if (cached) return cached;
    const target = this.entity(name);
    const record = target.isUser ? this.alice.user : (await this.create(target, await this.body(target, { links: false }))).record;
    this.parents.set(name, record);
    return record;
  }

  /** A valid create body: every field, references to existing records, and (with links) one id per manyToMany. */
  private async body(entity: EntityModel, { links }: { links: boolean }): Promise<Body> {
    const position = (name: string) => this.model.entities.findIndex((e) => e.name === name);
    const body: Body = {};
    for (const f of entity.fields) body[f.name] = sampleValue(f);
    for (const fk of entity.foreignKeys) {
      if (fk.isOwner) continue;
      if (position(fk.target) < position(entity.name)) body[fk.field] = (await this.parent(fk.target)).id;
      else if (!fk.required) body[fk.field] = null;
      else throw new Skip(`${fk.field} must reference a ${fk.target} that cannot be created before it (a cycle)`);
    }
    if (links) for (const m of entity.manyToMany) body[m.field] = [(await this.parent(m.target)).id];
    return body;
  }

  private async create(entity: EntityModel, body: Body): Promise<{ record: RecordJson; reply: Reply }> {
    const token = this.createToken(entity);
    if (token === null) throw new Skip(`creating a ${entity.name} needs an admin`);
    const reply = await this.request("POST", `/api/${entity.route}`, { token, body });
    expectStatus(reply, 201, `create a ${entity.name}`);
    expectThat(isObject(reply.body), `create a ${entity.name}: the body must be the record`, reply);
    return { record: reply.body as RecordJson, reply };
  }

  /** The record JSON: id, every non-private field with its encoding, references, id lists, timestamps. */
  private checkRecord(entity: EntityModel, record: unknown, sent: Body, reply: Reply, why: string): asserts record is RecordJson {
    expectThat(isObject(record), `${why}: the record must be an object`, reply);
    const r = record as RecordJson;
    expectThat(typeof r.id === "string" && UUID_PATTERN.test(r.id), `${why}: id must be a UUID`, reply);
    for (const f of entity.fields) {
      if (f.spec.private) {
        expectThat(!(f.name in r), `${why}: private field ${f.name} must not be returned`, reply);
        continue;
      }
      expectThat(f.name in r, `${why}: field ${f.name} is missing`, reply);
      expectThat(hasContractType(f, r[f.name]), `${why}: ${f.name} has the wrong encoding for a ${f.spec.type}: ${JSON.stringify(r[f.name])}`, reply);
      if (f.name in sent) expectThat(sameValue(f, sent[f.name], r[f.name]), `${why}: ${f.name} was sent as ${JSON.stringify(sent[f.name])}`, reply);
    }
    for (const fk of entity.foreignKeys) {
      expectThat(fk.field in r, `${why}: reference ${fk.field} is missing`, reply);
      if (fk.isOwner) continue;
      if (fk.field in sent) expectEqual(r[fk.field], sent[fk.field], `${why}: ${fk.field}`, reply);
    }
    for (const m of entity.manyToMany) {
      expectThat(Array.isArray(r[m.field]), `${why}: ${m.field} must be an array of ids`, reply);
      if (Array.isArray(sent[m.field])) expectEqual([...(r[m.field] as string[])].sort(), [...(sent[m.field] as string[])].sort(), `${why}: ${m.field}`, reply);
    }
    if (entity.timestamps) {
      for (const key of ["createdAt", "updatedAt"]) {
        expectThat(typeof r[key] === "string" && !Number.isNaN(Date.parse(r[key] as string)), `${why}: ${key} must be an ISO 8601 date-time`, reply);
      }
    }
    const leaked = Object.keys(r).filter((k) => /password/i.test(k));
    expectThat(leaked.length === 0, `${why}: must not include ${leaked.join(", ")}`, reply);
  }

  private async entityChecks(entity: EntityModel): Promise<void> {
    const E = entity.name;
    const base = `/api/${entity.route}`;
    const p = entity.permissions;
    const path = (id: unknown) => `${base}/${String(id)}`;

    // --- create
    let record!: RecordJson;
    let sent: Body = {};
    let owner: Account | undefined = entity.owner ? (this.creatorOf(entity) ?? undefined) : undefined;
    if (entity.isUser) {
      await this.check(`${E}: a registered user is a record`, async () => {
        owner = await this.register("carol");
        sent = {};
        const reply = await this.request("GET", "/auth/me", { token: owner.token });
        expectStatus(reply, 200, "/auth/me");
        this.checkRecord(entity, owner.user, sent, reply, "the user in the register answer");
        record = owner.user;
      });
    } else {
      const createToken = this.createToken(entity);
      if (createToken === null) {
        if (this.auth) {
          await this.check(`${E}: create as a non-admin → 403`, async () => {
            expectStatus(await this.request("POST", base, { token: this.alice.token, body: await this.body(entity, { links: false }) }), 403, `create a ${E} as a non-admin`);
          });
        }
        throw new Skip("creating one needs an admin; the remaining checks were skipped");
      }
      await this.check(`${E}: create → 201 with the record`, async () => {
        sent = await this.body(entity, { links: true });
        // The owner is taken from the token: a client-sent owner id is ignored.
        const body = entity.owner ? { ...sent, [entity.owner.field]: this.bob.user.id } : sent;
        const token = this.createToken(entity);
        const reply = await this.request("POST", base, { token: token ?? undefined, body });
        expectStatus(reply, 201, `create a ${E}`);
        this.checkRecord(entity, reply.body, sent, reply, `create a ${E}`);
        record = reply.body as RecordJson;
        if (entity.owner && owner) expectEqual(record[entity.owner.field], owner.user.id, `create a ${E}: ${entity.owner.field} must be the signed-in user, whatever the client sent`, reply);
      });
      if (this.auth && p.create !== "public") {
        await this.check(`${E}: create without a token → 401`, async () => {
          expectStatus(await this.request("POST", base, { body: sent }), 401, `create a ${E} without a token`);
        });
      }
      if (this.auth && p.create === "admin") {
        await this.check(`${E}: create as a non-admin → 403`, async () => {
          expectStatus(await this.request("POST", base, { token: this.alice.token, body: await this.body(entity, { links: false }) }), 403, `create a ${E} as a non-admin`);
        });
      }
      await this.invalidCreateChecks(entity, sent);
      await this.uniqueChecks(entity, record);
    }

    // --- read
    const readToken = this.tokenFor(p.read, owner);
    if (readToken !== null) {
      await this.check(`${E}: read → 200 the same record`, async () => {
        const reply = await this.request("GET", path(record.id), { token: readToken });
        expectStatus(reply, 200, `read a ${E}`);
        this.checkRecord(entity, reply.body, sent, reply, `read a ${E}`);
        expectEqual(reply.body, record, `read a ${E}: the same JSON as create answered`, reply);
      });
      await this.check(`${E}: read an unknown id or a non-UUID → 404`, async () => {
        expectStatus(await this.request("GET", path(randomUUID()), { token: readToken }), 404, `read a ${E} that does not exist`);
        expectStatus(await this.request("GET", path("not-a-uuid"), { token: readToken }), 404, `read a ${E} with an id that is not a UUID`);
      });
    }
    if (this.auth && p.read !== "public") {
      await this.check(`${E}: read without a token → 401`, async () => {
        expectStatus(await this.request("GET", path(record.id)), 401, `read a ${E} without a token`);
      });
    }
    if (this.auth && (p.read === "owner" || p.read === "admin") && owner !== this.bob) {
      await this.check(`${E}: read by another user → 403`, async () => {
        expectStatus(await this.request("GET", path(record.id), { token: this.bob.token }), 403, `read someone else's ${E}`);
      });
    }

    // --- list
    await this.listChecks(entity, record, sent, owner);

    // --- update
    await this.updateChecks(entity, record, owner);

    // --- restrict
    await this.restrictChecks(entity);

    // --- delete
    const deleteToken = this.tokenFor(p.delete, owner);
    if (this.auth && p.delete !== "public") {
      await this.check(`${E}: delete without a token → 401`, async () => {
        expectStatus(await this.request("DELETE", path(record.id)), 401, `delete a ${E} without a token`);
      });
    }
    if (this.auth && (p.delete === "owner" || p.delete === "admin")) {
      await this.check(`${E}: delete by another user → 403`, async () => {
        expectStatus(await this.request("DELETE", path(record.id), { token: this.bob.token }), 403, `delete someone else's ${E}`);
      });
    }
    if (deleteToken === null) {
      this.skipped.push(`${E}: delete → 204 (needs an admin)`);
      return;
    }
    await this.check(`${E}: delete → 204, then read and delete → 404`, async () => {
      const reply = await this.request("DELETE", path(record.id), { token: deleteToken });
      expectStatus(reply, 204, `delete a ${E}`);
      const readAgain = this.tokenFor(p.read, owner) ?? this.admin?.token;
      if (!entity.isUser || readAgain === this.admin?.token) {
        expectStatus(await this.request("GET", path(record.id), { token: readAgain ?? undefined }), 404, `read a deleted ${E}`);
      }
      expectStatus(await this.request("DELETE", path(record.id), { token: deleteToken }), 404, `delete a deleted ${E}`);
    });
  }

  private async invalidCreateChecks(entity: EntityModel, sent: Body): Promise<void> {
    const E = entity.name;
    const base = `/api/${entity.route}`;
    const token = this.createToken(entity) ?? undefined;
    await this.check(`${E}: create with malformed JSON → 400`, async () => {
      expectStatus(await this.request("POST", base, { token, rawBody: "{\"not\": json" }), 400, `create a ${E} with a malformed JSON body`);
    });
    await this.check(`${E}: create with an unknown field → 400 naming it`, async () => {
      const reply = await this.request("POST", base, { token, body: { ...sent, contractUnknownField: 1 } });
      expectStatus(reply, 400, `create a ${E} with an unknown field`);
      expectThat(expectErrorBody(reply, "unknown field").includes("contractUnknownField"), "the error must name the unknown field", reply);
    });
    const typed = entity.fields.find((f) => wrongTypeValue(f) !== undefined);
    if (typed) {
      await this.check(`${E}: create with ${typed.name} of the wrong type → 400 naming it`, async () => {
        const reply = await this.request("POST", base, { token, body: { ...sent, [typed.name]: wrongTypeValue(typed) } });
        expectStatus(reply, 400, `create a ${E} with a wrong ${typed.name}`);
        expectThat(expectErrorBody(reply, "wrong type").includes(typed.name), `the error must name ${typed.name}`, reply);
      });
    }
    const required = entity.fields.find((f) => f.spec.required && f.spec.default === undefined);
    if (required) {
      await this.check(`${E}: create without ${required.name} → 400 naming it`, async () => {
        const { [required.name]: _left, ...rest } = sent;
        const reply = await this.request("POST", base, { token, body: rest });
        expectStatus(reply, 400, `create a ${E} without ${required.name}`);
        expectThat(expectErrorBody(reply, "missing field").includes(required.name), `the error must name ${required.name}`, reply);
      });
    }
    const bounded = entity.fields.find((f) => (f.spec.type === "int" || f.spec.type === "float") && f.spec.max !== undefined);
    if (bounded) {
      await this.check(`${E}: create with ${bounded.name} above its maximum → 400`, async () => {
        const reply = await this.request("POST", base, { token, body: { ...sent, [bounded.name]: bounded.spec.max! + 1 } });
        expectStatus(reply, 400, `create a ${E} with ${bounded.name} = max + 1`);
      });
    }
    const reference = entity.foreignKeys.find((fk) => !fk.isOwner);
    if (reference) {
      await this.check(`${E}: create referencing a missing ${reference.target} → 400`, async () => {
        const reply = await this.request("POST", base, { token, body: { ...sent, [reference.field]: randomUUID() } });
        expectStatus(reply, 400, `create a ${E} whose ${reference.field} does not exist`);
      });
    }
  }

  private async uniqueChecks(entity: EntityModel, record: RecordJson): Promise<void> {
    for (const f of entity.fields.filter((field) => field.spec.unique)) {
      await this.check(`${entity.name}: create with a taken ${f.name} → 409`, async () => {
        const body = await this.body(entity, { links: false });
        body[f.name] = record[f.name];
        const reply = await this.request("POST", `/api/${entity.route}`, { token: this.createToken(entity) ?? undefined, body });
        expectStatus(reply, 409, `create a ${entity.name} with a taken ${f.name}`);
      });
    }
  }

  private async listChecks(entity: EntityModel, record: RecordJson, sent: Body, owner: Account | undefined): Promise<void> {
    const E = entity.name;
    const base = `/api/${entity.route}`;
    const p = entity.permissions;
    if (this.auth && p.list !== "public") {
      await this.check(`${E}: list without a token → 401`, async () => {
        expectStatus(await this.request("GET", base), 401, `list ${entity.labelPlural} without a token`);
      });
    }
    if (this.auth) {
      await this.check(`${E}: list with an invalid token → 401`, async () => {
        expectStatus(await this.request("GET", base, { token: "invalid-token" }), 401, `list ${entity.labelPlural} with an invalid token`);
      });
    }
    if (this.auth && p.list === "admin") {
      await this.check(`${E}: list as a non-admin → 403`, async () => {
        expectStatus(await this.request("GET", base, { token: this.alice.token }), 403, `list ${entity.labelPlural} as a non-admin`);
      });
    }
    const token = this.tokenFor(p.list, owner);
    if (token === null) {
      this.skipped.push(`${E}: list → 200 (needs an admin)`);
      return;
    }
    const includes = (reply: Reply) => ((reply.body as Body).items as RecordJson[]).some((item) => item.id === record.id);
    await this.check(`${E}: list → 200 {items, total, limit, offset} with the record`, async () => {
      const reply = await this.request("GET", `${base}?limit=100`, { token });
      expectStatus(reply, 200, `list ${entity.labelPlural}`);
      const body = reply.body as Body | undefined;
      expectThat(isObject(body) && Array.isArray(body.items), "the list body must have an items array", reply);
      expectThat(Number.isInteger(body!.total) && (body!.total as number) >= 1, "total must be an integer ≥ 1", reply);
      expectEqual(body!.limit, 100, "limit", reply);
      expectEqual(body!.offset, 0, "offset", reply);
      expectThat(includes(reply), "the new record must be listed", reply);
      const listed = (body!.items as RecordJson[]).find((item) => item.id === record.id)!;
      this.checkRecord(entity, listed, sent, reply, `list ${entity.labelPlural}`);
    });
    await this.check(`${E}: list pages with limit and offset`, async () => {
      const first = await this.request("GET", `${base}?limit=1&offset=0`, { token });
      expectStatus(first, 200, "list with limit=1");
      const body = first.body as Body;
      expectThat((body.items as unknown[]).length <= 1 && body.limit === 1, "limit=1 must answer at most one item and limit 1", first);
      const defaults = await this.request("GET", base, { token });
      expectStatus(defaults, 200, "list without parameters");
      expectEqual((defaults.body as Body).limit, 20, "the default limit", defaults);
    });
    if (entity.timestamps) {
      await this.check(`${E}: list is newest first`, async () => {
        const reply = await this.request("GET", `${base}?limit=100`, { token });
        const times = ((reply.body as Body).items as RecordJson[]).map((item) => Date.parse(item.createdAt as string));
        expectThat(times.every((t, i) => i === 0 || times[i - 1]! >= t), "items must be ordered by createdAt, newest first", reply);
      });
    }
    for (const fk of entity.foreignKeys) {
      const value = record[fk.field];
      if (typeof value !== "string") continue;
      await this.check(`${E}: list filtered by ${fk.field}`, async () => {
        const reply = await this.request("GET", `${base}?limit=100&${fk.field}=${value}`, { token });
        expectStatus(reply, 200, `list filtered by ${fk.field}`);
        const items = (reply.body as Body).items as RecordJson[];
        expectThat(includes(reply) && items.every((item) => item[fk.field] === value), `every item must have ${fk.field} = ${value}, and the record must be there`, reply);
        const other = await this.request("GET", `${base}?limit=100&${fk.field}=${randomUUID()}`, { token });
        expectStatus(other, 200, `list filtered by an unknown ${fk.field}`);
        expectEqual((other.body as Body).total, 0, `total for an unknown ${fk.field}`, other);
      });
    }
    const searchable = entity.fields.find((f) => f.spec.searchable && !f.spec.private && typeof sent[f.name] === "string");
    if (searchable) {
      await this.check(`${E}: list ?q= finds the record by ${searchable.name}, case-insensitively`, async () => {
        const term = (sent[searchable.name] as string).slice(2, 10).toUpperCase();
        const reply = await this.request("GET", `${base}?limit=100&q=${encodeURIComponent(term)}`, { token });
        expectStatus(reply, 200, `search for ${term}`);
        expectThat(includes(reply), `searching ${JSON.stringify(term)} must find the record`, reply);
        const none = await this.request("GET", `${base}?q=${uniqueSuffix()}${uniqueSuffix()}`, { token });
        expectEqual((none.body as Body).total, 0, "total for a term nothing contains", none);
      });
    }
    if (this.auth && p.list === "owner" && owner !== this.bob) {
      await this.check(`${E}: list as another user leaves the record out`, async () => {
        const reply = await this.request("GET", `${base}?limit=100`, { token: this.bob.token });
        expectStatus(reply, 200, `list ${entity.labelPlural} as another user`);
        expectThat(!includes(reply), "another user's list must not include the record", reply);
      });
    }
  }

  private async updateChecks(entity: EntityModel, record: RecordJson, owner: Account | undefined): Promise<void> {
    const E = entity.name;
    const p = entity.permissions;
    const path = `/api/${entity.route}/${String(record.id)}`;
    const field: FieldModel | undefined =
      entity.fields.find((f) => !f.spec.private && !f.spec.unique && f.name !== "email") ?? entity.fields.find((f) => !f.spec.private);
    const changes: Body = field ? { [field.name]: sampleValue(field, "update") } : {};
    if (this.auth && p.update !== "public") {
      await this.check(`${E}: update without a token → 401`, async () => {
        expectStatus(await this.request("PATCH", path, { body: changes }), 401, `update a ${E} without a token`);
      });
    }
    if (this.auth && (p.update === "owner" || p.update === "admin")) {
      await this.check(`${E}: update by another user → 403`, async () => {
        expectStatus(await this.request("PATCH", path, { token: this.bob.token, body: changes }), 403, `update someone else's ${E}`);
      });
    }
    const token = this.tokenFor(p.update, owner);
    if (token === null) {
      this.skipped.push(`${E}: update → 200 (needs an admin)`);
      return;
    }
    await this.check(`${E}: update (PATCH) → 200 with the change, other fields kept`, async () => {
      const reply = await this.request("PATCH", path, { token, body: changes });
      expectStatus(reply, 200, `update a ${E}`);
      this.checkRecord(entity, reply.body, changes, reply, `update a ${E}`);
      const updated = reply.body as RecordJson;
      for (const f of entity.fields) {
        if (f === field || f.spec.private) continue;
        expectThat(sameValue(f, record[f.name], updated[f.name]), `update a ${E}: ${f.name} must be unchanged`, reply);
      }
      if (entity.timestamps) {
        expectEqual(updated.createdAt, record.createdAt, "createdAt must not change", reply);
        expectThat(Date.parse(updated.updatedAt as string) >= Date.parse(record.updatedAt as string), "updatedAt must not go back", reply);
      }
    });
    if (entity.owner) {
      const ownerField = entity.owner.field;
      await this.check(`${E}: update ignores a client-sent ${ownerField}`, async () => {
        const reply = await this.request("PATCH", path, { token, body: { [ownerField]: this.bob.user.id } });
        expectStatus(reply, 200, `update a ${E} sending ${ownerField}`);
        expectEqual((reply.body as Body)[ownerField], record[ownerField], `${ownerField} must stay the owner's`, reply);
      });
    }
    const decimal = entity.fields.find((f) => f.spec.type === "decimal" && !f.spec.private);
    if (decimal) {
      await this.check(`${E}: ${decimal.name} (decimal) accepts a JSON number and answers a string`, async () => {
        const value = Math.max(decimal.spec.min ?? 0, Math.min(decimal.spec.max ?? 7.5, 7.5));
        const reply = await this.request("PATCH", path, { token, body: { [decimal.name]: value } });
        expectStatus(reply, 200, `update ${decimal.name} with the number ${value}`);
        const got = (reply.body as Body)[decimal.name];
        expectThat(typeof got === "string" && Number(got) === value, `${decimal.name} must come back as the string "${value}"`, reply);
      });
    }
    await this.check(`${E}: update with an unknown field or a wrong type → 400`, async () => {
      expectStatus(await this.request("PATCH", path, { token, body: { contractUnknownField: true } }), 400, `update a ${E} with an unknown field`);
      const typed = entity.fields.find((f) => wrongTypeValue(f) !== undefined);
      if (typed) expectStatus(await this.request("PATCH", path, { token, body: { [typed.name]: wrongTypeValue(typed) } }), 400, `update a ${E} with a wrong ${typed.name}`);
    });
    await this.check(`${E}: update an unknown id → 404`, async () => {
      expectStatus(await this.request("PATCH", `/api/${entity.route}/${randomUUID()}`, { token, body: changes }), 404, `update a ${E} that does not exist`);
    });
    for (const m of entity.manyToMany) {
      await this.check(`${E}: ${m.field} round-trips through update`, async () => {
        const target = this.entity(m.target);
        const extra = (await this.create(target, await this.body(target, { links: false }))).record;
        const ids = [(await this.parent(m.target)).id as string, extra.id as string];
        const reply = await this.request("PATCH", path, { token, body: { [m.field]: ids } });
        expectStatus(reply, 200, `set ${m.field}`);
        expectEqual([...((reply.body as Body)[m.field] as string[])].sort(), [...ids].sort(), `${m.field} after the update`, reply);
        const cleared = await this.request("PATCH", path, { token, body: { [m.field]: [] } });
        expectStatus(cleared, 200, `clear ${m.field}`);
        expectEqual((cleared.body as Body)[m.field], [], `${m.field} after clearing`, cleared);
      });
    }
  }

  /** A record still referenced through an `onDelete: restrict` relation cannot be deleted (409). */
  private async restrictChecks(entity: EntityModel): Promise<void> {
    for (const fk of entity.foreignKeys.filter((f) => f.onDelete === "restrict" && !f.isOwner)) {
      const target = this.entity(fk.target);
      if (target.isUser) continue;
      const deleteTarget = this.tokenFor(target.permissions.delete, this.alice);
      const deleteChild = this.tokenFor(entity.permissions.delete, this.alice);
      if (deleteTarget === null || deleteChild === null || this.createToken(target) === null) {
        this.skipped.push(`${entity.name}: delete a ${fk.target} still referenced by ${fk.field} → 409 (needs an admin)`);
        continue;
      }
      await this.check(`${entity.name}: deleting a ${fk.target} it references (restrict) → 409`, async () => {
        const parent = (await this.create(target, await this.body(target, { links: false }))).record;
        const child = (await this.create(entity, { ...(await this.body(entity, { links: false })), [fk.field]: parent.id })).record;
        const blocked = await this.request("DELETE", `/api/${target.route}/${String(parent.id)}`, { token: deleteTarget });
        expectStatus(blocked, 409, `delete a ${fk.target} still referenced by a ${entity.name}`);
        expectStatus(await this.request("DELETE", `/api/${entity.route}/${String(child.id)}`, { token: deleteChild }), 204, `delete the ${entity.name}`);
        expectStatus(await this.request("DELETE", `/api/${target.route}/${String(parent.id)}`, { token: deleteTarget }), 204, `delete the ${fk.target} once unreferenced`);
      });
    }
  }
}

export { describeReply };
