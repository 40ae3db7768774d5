import type { AccessLevel } from "../../src/spec/app-spec.js";
import type { AppModel, EntityModel } from "../../src/spec/model.js";
import { blocks, importLine, indent, js } from "./code.js";
import { schemaNames } from "./render-schema.js";
import { sampleValue, wrongTypeValue } from "./samples.js";
import type { RenderedFile } from "../types.js";

/**
 * The generated app's own tests (node:test + fetch): config and validation tests
 * that need nothing, and API tests per entity that need DATABASE_URL and are
 * skipped with a message without it.
 */
export function renderTests(model: AppModel): RenderedFile[] {
  const auth = model.spec.auth.kind === "jwt";
  const files = [renderSupport(model), renderSamples(model), renderConfigTest(model), renderValidationTest(model)];
  if (auth && model.user) files.push(renderAuthTest(model, model.user));
  for (const entity of model.entities) files.push(renderEntityTest(model, entity));
  return files;
}

const bodyFn = (e: EntityModel) => `${e.camel}Body`;
const createFn = (e: EntityModel) => `create${e.name}`;
/** Which signed-in test user performs an action at `level`: the admin for admin-only actions, else the record's creator. */
const actor = (level: AccessLevel, auth: boolean, creator = "api.alice") => (!auth ? undefined : level === "admin" ? "api.admin" : creator);
const tokenOption = (who: string | undefined) => (who ? `, { token: ${who}.token }` : "");
const tokenWithBody = (who: string | undefined, body: string) => {
  const bodyPart = body === "body" ? "body" : `body: ${body}`;
  return who ? `{ token: ${who}.token, ${bodyPart} }` : `{ ${bodyPart} }`;
};

function renderSupport(model: AppModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt" ? model.spec.auth : undefined;
  const user = model.user;
  const authConfig = auth
    ? `
  jwtSecret: "test-only-secret-that-is-long-enough-0123456789",
  accessTokenTtlMinutes: ${auth.accessTokenTtlMinutes},
  refreshTokenTtlDays: ${auth.refreshTokenTtlDays},
  authRateLimit: 10_000,`
    : "";
  const accounts =
    auth && user
      ? `

  /** Registers a new user; returns { email, password, token, refreshToken, user }. */
  async function signUp() {
    const email = \`user-\${unique()}@example.com\`;
    const password = "correct horse battery staple";
    const res = await request("POST", "/auth/register", { body: { ...${bodyFn(user)}(), email, password } });
    if (res.status !== 201) throw new Error(\`register answered \${res.status}: \${JSON.stringify(res.body)}\`);
    return { email, password, token: res.body.accessToken, refreshToken: res.body.refreshToken, user: res.body.user };
  }

  /** A user promoted to admin in the database, signed in again so the token carries the role. */
  async function signUpAdmin() {
    const account = await signUp();
    await pool.query(${js(`update ${user.table} set role = 'admin' where id = $1`)}, [account.user.id]);
    const res = await request("POST", "/auth/login", { body: { email: account.email, password: account.password } });
    return { ...account, token: res.body.accessToken, refreshToken: res.body.refreshToken, user: res.body.user };
  }`
      : "";
  const apiFields = auth ? "request, signUp, signUpAdmin, close" : "request, close";
  const actors = auth ? `\n  api.alice = await signUp();\n  api.bob = await signUp();\n  api.admin = await signUpAdmin();` : "";
  const content = blocks(
    [
      `import { once } from "node:events";`,
      `import { migrate } from "../scripts/migrate.js";`,
      `import { createApp } from "../src/app.js";`,
      `import { createPool } from "../src/db.js";`,
      auth && user ? `import { ${bodyFn(user)}, unique } from "./samples.js";` : undefined,
    ]
      .filter(Boolean)
      .join("\n"),
    `export const databaseUrl = process.env.DATABASE_URL;`,
    `/** The \`skip\` option of tests that need PostgreSQL: false, or why they are skipped. */
export const needsDatabase = databaseUrl
  ? false
  : "DATABASE_URL is not set: skipping the tests that need PostgreSQL (point it at a scratch database to run them)";`,
    `const testConfig = {
  nodeEnv: "test",
  port: 0,
  databaseUrl,
  frontendOrigins: ["http://localhost:5173"],
  trustProxy: undefined,${authConfig}
};`,
    `/**
 * Migrates the database, starts the app on a free port and returns a client:
 * \`request(method, path, { token, body })\` → { status, body }${auth ? ", plus three signed-in users: api.alice and api.bob (role " + js(auth.roles[0] ?? "user") + ") and api.admin" : ""}.
 */
export async function startApp(overrides = {}) {
  await migrate({ databaseUrl, log: () => {} });
  const pool = createPool(databaseUrl);
  const config = { ...testConfig, ...overrides };
  const server = createApp({ pool, config }).listen(0, "127.0.0.1");
  await once(server, "listening");
  const baseUrl = \`http://127.0.0.1:\${server.address().port}\`;

  async function request(method, path, { token, body } = {}) {
    const headers = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = \`Bearer \${token}\`;
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }${accounts}

  async function close() {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }

  const api = { baseUrl, pool, ${apiFields} };${actors}
  return api;
}`,
  );
  return { path: "backend/test/support.js", content };
}

function renderSamples(model: AppModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt";
  const position = new Map(model.entities.map((e, i) => [e.name, i]));
  const byName = new Map(model.entities.map((e) => [e.name, e]));
  let usesUuid = false;

  const bodies = model.entities.map((entity) => {
    const lines: string[] = [];
    for (const f of entity.fields) {
      const value = sampleValue(f);
      if (value.includes("randomUUID")) usesUuid = true;
      lines.push(`${f.name}: ${value},`);
    }
    for (const fk of entity.foreignKeys) {
      if (fk.isOwner) continue;
      usesUuid = true;
      lines.push(`${fk.field}: refs.${fk.field} ?? ${fk.required ? "randomUUID()" : "null"},`);
    }
    for (const m of entity.manyToMany) lines.push(`${m.field}: refs.${m.field} ?? [],`);
    const usesRefs = entity.foreignKeys.some((fk) => !fk.isOwner) || entity.manyToMany.length > 0;
    return `/** A valid body for ${entity.isUser ? "POST /auth/register, without the password (signUp adds it and a fresh email)" : `POST /api/${entity.route}`}${usesRefs ? "; \`refs\` holds ids of related records (random ones otherwise)" : ""}. */
export function ${bodyFn(entity)}(${usesRefs ? "refs = {}" : ""}) {
  return {
${indent(lines.join("\n"), 4)}
  };
}`;
  });

  const creators = model.entities.map((entity) => {
    if (entity.isUser) {
      return `/** A new user (registered through /auth/register). */
export async function ${createFn(entity)}(api) {
  return (await api.signUp()).user;
}`;
    }
    const refs: string[] = [];
    for (const fk of entity.foreignKeys) {
      if (fk.isOwner) continue;
      const target = byName.get(fk.target);
      if (!target) continue;
      if (target.isUser) refs.push(`${fk.field}: api.alice.user.id,`);
      else if (position.get(fk.target)! < position.get(entity.name)!) refs.push(`${fk.field}: (await ${createFn(target)}(api)).id,`);
    }
    for (const m of entity.manyToMany) {
      const target = byName.get(m.target);
      if (target) refs.push(`${m.field}: withLinks ? [(await ${createFn(target)}(api)).id] : [],`);
    }
    const level = entity.owner && entity.permissions.create === "public" ? "authenticated" : entity.permissions.create;
    const who = actor(level, auth);
    const options = entity.manyToMany.length > 0 ? "{ withLinks = false } = {}" : "";
    return `/** Creates a ${entity.label.toLowerCase()} through the API${refs.length > 0 ? ", after the records it refers to" : ""}; returns the 201 body. */
export async function ${createFn(entity)}(api${options ? `, ${options}` : ""}) {
  const body = ${bodyFn(entity)}(${refs.length > 0 ? `{\n${indent(refs.join("\n"), 4)}\n  }` : ""});
  const res = await api.request("POST", ${js(`/api/${entity.route}`)}, ${tokenWithBody(who, "body")});
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}`;
  });

  const content = blocks(
    [`import assert from "node:assert/strict";`, importLine(["randomBytes", ...(usesUuid ? ["randomUUID"] : [])], "node:crypto")].join("\n"),
    `/** A short random string, so unique fields and emails do not collide between runs. */
export const unique = () => randomBytes(4).toString("hex");`,
    ...bodies,
    ...creators,
  );
  return { path: "backend/test/samples.js", content };
}

function renderConfigTest(model: AppModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt";
  const secretTests = auth
    ? `

it("refuses to start without JWT_SECRET outside development", () => {
  withEnv({ NODE_ENV: "production", DATABASE_URL: DB, JWT_SECRET: undefined }, () => {
    assert.throws(() => loadConfig(), (error) => error instanceof ConfigError && /JWT_SECRET is not set/.test(error.message));
  });
});

it("refuses a JWT_SECRET shorter than 32 characters", () => {
  withEnv({ NODE_ENV: "production", DATABASE_URL: DB, JWT_SECRET: "too-short" }, () => {
    assert.throws(() => loadConfig(), /at least 32 characters/);
  });
});

it("uses a development key when NODE_ENV=development and JWT_SECRET is unset", (t) => {
  t.mock.method(console, "warn", () => {});
  withEnv({ NODE_ENV: "development", DATABASE_URL: DB, JWT_SECRET: undefined }, () => {
    assert.ok(loadConfig().jwtSecret.length >= 32);
  });
});`
    : "";
  const base = auth ? `, JWT_SECRET: SECRET` : "";
  const content = blocks(
    `import assert from "node:assert/strict";
import { it } from "node:test";
import { ConfigError, loadConfig } from "../src/config.js";`,
    `const DB = "postgres://postgres@localhost:5432/example";${auth ? `\nconst SECRET = "a".repeat(40);` : ""}`,
    `/** Runs \`fn\` with some environment variables set (undefined: unset), restoring them afterwards. */
function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}`,
    `it("reads PORT, FRONTEND_ORIGIN and NODE_ENV", () => {
  withEnv({ NODE_ENV: "production", DATABASE_URL: DB${base}, PORT: "8080", FRONTEND_ORIGIN: "https://a.example, https://b.example" }, () => {
    const config = loadConfig();
    assert.equal(config.port, 8080);
    assert.equal(config.nodeEnv, "production");
    assert.deepEqual(config.frontendOrigins, ["https://a.example", "https://b.example"]);
  });
});

it("refuses to start without DATABASE_URL", () => {
  withEnv({ NODE_ENV: "production", DATABASE_URL: undefined${base} }, () => {
    assert.throws(() => loadConfig(), /DATABASE_URL is not set/);
  });
});

it("refuses a PORT that is not a number", () => {
  withEnv({ NODE_ENV: "production", DATABASE_URL: DB${base}, PORT: "eighty" }, () => {
    assert.throws(() => loadConfig(), /PORT must be a whole number/);
  });
});${secretTests}`,
  );
  return { path: "backend/test/config.test.js", content };
}

function renderValidationTest(model: AppModel): RenderedFile {
  const imports: string[] = [];
  const tests = model.entities.map((entity) => {
    const names = schemaNames(entity);
    const schema = entity.isUser ? "registerSchema" : names.create;
    imports.push(`import { ${[schema, names.update].join(", ")} } from ${js(`../src/schemas/${entity.camelPlural}.js`)};`);
    const body = entity.isUser ? `{ ...${bodyFn(entity)}(), password: "long enough password" }` : `${bodyFn(entity)}()`;
    const cases: string[] = [
      `it("accepts a valid body", () => {
  assert.doesNotThrow(() => parseBody(${schema}, ${body}));
});`,
      `it("rejects an unknown field", () => {
  assert.throws(() => parseBody(${schema}, { ...${body}, notAField: 1 }), { status: 400, message: "unknown field: notAField" });
});`,
      `it("rejects a body that is not an object", () => {
  assert.throws(() => parseBody(${schema}, [1, 2]), { status: 400 });
});`,
      `it("accepts an empty update", () => {
  assert.deepEqual(parseBody(${names.update}, {}), {});
});`,
    ];
    const required = entity.fields.find((f) => f.spec.required && f.spec.default === undefined);
    if (required) {
      cases.push(`it("names a missing required field", () => {
  const { ${required.name}: _left, ...rest } = ${body};
  assert.throws(() => parseBody(${schema}, rest), { status: 400, message: ${js(`${required.name} is required`)} });
});`);
    }
    const typed = entity.fields.find((f) => f.spec.type !== "json");
    if (typed) {
      cases.push(`it("names a field of the wrong type", () => {
  assert.throws(() => parseBody(${schema}, { ...${body}, ${typed.name}: ${wrongTypeValue(typed)} }), (error) => error.status === 400 && error.message.startsWith(${js(`${typed.name} `)}));
});`);
    }
    const bounded = entity.fields.find((f) => ["int", "float", "decimal"].includes(f.spec.type) && f.spec.max !== undefined);
    if (bounded) {
      const tooBig = bounded.spec.type === "decimal" ? js(String(bounded.spec.max! + 1)) : String(bounded.spec.max! + 1);
      cases.push(`it("enforces the maximum of ${bounded.name}", () => {
  assert.throws(() => parseBody(${schema}, { ...${body}, ${bounded.name}: ${tooBig} }), { status: 400, message: ${js(`${bounded.name} must be at most ${bounded.spec.max}`)} });
});`);
    }
    return `describe(${js(`${entity.label} validation`)}, () => {\n${indent(cases.join("\n\n"), 2)}\n});`;
  });
  const content = blocks(
    [
      `import assert from "node:assert/strict";`,
      `import { describe, it } from "node:test";`,
      ...imports,
      `import { parseBody } from "../src/validation.js";`,
      importLine(model.entities.map(bodyFn), "./samples.js"),
    ].join("\n"),
    ...tests,
  );
  return { path: "backend/test/validation.test.js", content };
}

function renderAuthTest(model: AppModel, user: EntityModel): RenderedFile {
  const refresh = model.spec.auth.refreshTokens;
  const refreshTests = refresh
    ? `

  it("rotates refresh tokens: the old one stops working", async () => {
    const account = await api.signUp();
    const refreshed = await api.request("POST", "/auth/refresh", { body: { refreshToken: account.refreshToken } });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, account.refreshToken);
    const reused = await api.request("POST", "/auth/refresh", { body: { refreshToken: account.refreshToken } });
    assert.equal(reused.status, 401);
  });

  it("logs out: the refresh token stops working", async () => {
    const account = await api.signUp();
    const out = await api.request("POST", "/auth/logout", { body: { refreshToken: account.refreshToken } });
    assert.equal(out.status, 204);
    const after = await api.request("POST", "/auth/refresh", { body: { refreshToken: account.refreshToken } });
    assert.equal(after.status, 401);
  });`
    : "";
  const content = blocks(
    `import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ${bodyFn(user)}, unique } from "./samples.js";
import { needsDatabase, startApp } from "./support.js";`,
    `describe("/auth", { skip: needsDatabase }, () => {
  let api;
  before(async () => {
    api = await startApp();
  });
  after(() => api?.close());

  it("registers a user: 201 with tokens and the user, without the password hash", async () => {
    const email = \`New-\${unique()}@Example.com\`;
    const res = await api.request("POST", "/auth/register", { body: { ...${bodyFn(user)}(), email: \` \${email} \`, password: "long enough password" } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(typeof res.body.accessToken, "string");${refresh ? `\n    assert.equal(typeof res.body.refreshToken, "string");` : ""}
    assert.equal(res.body.user.email, email.toLowerCase());
    assert.equal(res.body.user.role, ${js(model.spec.auth.roles[0] ?? "user")});
    assert.ok(!("passwordHash" in res.body.user) && !("password_hash" in res.body.user));
  });

  it("answers 409 for an email that is taken", async () => {
    const res = await api.request("POST", "/auth/register", { body: { ...${bodyFn(user)}(), email: api.alice.email, password: "long enough password" } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error, "email is already taken");
  });

  it("answers 400 for a short password or a bad email", async () => {
    const short = await api.request("POST", "/auth/register", { body: { ...${bodyFn(user)}(), email: \`x-\${unique()}@example.com\`, password: "short" } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error, "password must be at least 8 characters");
    const bad = await api.request("POST", "/auth/register", { body: { ...${bodyFn(user)}(), email: "not-an-email", password: "long enough password" } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^email /);
  });

  it("logs in, and answers 401 for a wrong password or an unknown email", async () => {
    const ok = await api.request("POST", "/auth/login", { body: { email: api.alice.email, password: api.alice.password } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.user.id, api.alice.user.id);
    const wrong = await api.request("POST", "/auth/login", { body: { email: api.alice.email, password: "wrong password!" } });
    assert.equal(wrong.status, 401);
    const unknown = await api.request("POST", "/auth/login", { body: { email: \`nobody-\${unique()}@example.com\`, password: "wrong password!" } });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, wrong.body.error);
  });

  it("answers /auth/me with the signed-in user, 401 without or with a bad token", async () => {
    const me = await api.request("GET", "/auth/me", { token: api.alice.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, api.alice.user.id);
    assert.equal((await api.request("GET", "/auth/me")).status, 401);
    assert.equal((await api.request("GET", "/auth/me", { token: "not.a.token" })).status, 401);
  });${refreshTests}

  it("rate-limits the auth routes", async () => {
    const limited = await startApp({ authRateLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.request("GET", "/auth/me")).status);
      assert.equal(statuses.at(-1), 429);
    } finally {
      await limited.close();
    }
  });
});`,
  );
  return { path: "backend/test/auth.test.js", content };
}

function renderEntityTest(model: AppModel, entity: EntityModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt";
  const p = entity.permissions;
  const base = `/api/${entity.route}`;
  const creator = entity.isUser ? "owner" : "api.alice";
  const createLevel: AccessLevel = entity.owner && p.create === "public" ? "authenticated" : p.create;
  const as = (level: AccessLevel) => actor(level, auth, creator);
  /** Outside the lifecycle test there is no fresh owner: alice acts. */
  const asAlice = (level: AccessLevel) => actor(level, auth);
  const hasLinks = entity.manyToMany.length > 0;
  const createCall = entity.isUser ? `(owner = await api.signUp()).user` : `await ${createFn(entity)}(api${hasLinks ? ", { withLinks: true }" : ""})`;
  const patchField = entity.fields.find((f) => !f.spec.private && !(entity.isUser && f.name === "email"));
  const patchBody = patchField ? `{ ${patchField.name}: ${sampleValue(patchField, "update")} }` : "{}";
  const pathOf = "`" + base + "/${created.id}`";

  const lifecycle = `it("creates, reads, lists, updates and deletes", async () => {
  ${entity.isUser ? "let owner;\n  " : ""}const created = ${createCall};
  assert.match(created.id, /^[0-9a-f-]{36}$/);${
    entity.owner && auth ? `\n  assert.equal(created.${entity.owner.field}, ${actor(createLevel, auth)}.user.id, "the signed-in user owns what they create");` : ""
  }${
    entity.manyToMany.length > 0 ? `\n${entity.manyToMany.map((m) => `  assert.equal(created.${m.field}.length, 1);`).join("\n")}` : ""
  }

  const read = await api.request("GET", ${pathOf}${tokenOption(as(p.read))});
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, created);

  const list = await api.request("GET", ${js(`${base}?limit=100`)}${tokenOption(as(p.list))});
  assert.equal(list.status, 200);
  assert.equal(list.body.limit, 100);
  assert.ok(list.body.total >= 1);
  assert.ok(list.body.items.some((item) => item.id === created.id));

  const changes = ${patchBody};
  const patched = await api.request("PATCH", ${pathOf}, ${tokenWithBody(as(p.update), "changes")});
  assert.equal(patched.status, 200, JSON.stringify(patched.body));${
    patchField ? `\n  assert.deepEqual(patched.body.${patchField.name}, changes.${patchField.name});` : ""
  }

  const removed = await api.request("DELETE", ${pathOf}${tokenOption(as(p.delete))});
  assert.equal(removed.status, 204);
  assert.equal((await api.request("GET", ${pathOf}${tokenOption(as(p.read))})).status, 404);
});`;

  const cases = [lifecycle];
  if (!entity.isUser) {
    cases.push(`it("answers 400 naming an unknown field", async () => {
  const res = await api.request("POST", ${js(base)}, ${tokenWithBody(as(createLevel), `{ ...${bodyFn(entity)}(), notAField: 1 }`)});
  assert.equal(res.status, 400);
  assert.equal(res.body.error, "unknown field: notAField");
});`);
  }
  cases.push(`it("answers 404 for an id that does not exist or is not a UUID", async () => {
  assert.equal((await api.request("GET", \`${base}/\${randomUUID()}\`${tokenOption(asAlice(p.read))})).status, 404);
  assert.equal((await api.request("GET", ${js(`${base}/not-a-uuid`)}${tokenOption(asAlice(p.read))})).status, 404);
});`);
  if (auth) {
    const protectedAction = p.list !== "public" ? "list" : p.read !== "public" ? "read" : undefined;
    if (protectedAction === "list") {
      cases.push(`it("answers 401 to a list without a token", async () => {
  assert.equal((await api.request("GET", ${js(base)})).status, 401);
});`);
    }
    if (!entity.isUser && createLevel !== "public") {
      cases.push(`it("answers 401 to a create without a token", async () => {
  assert.equal((await api.request("POST", ${js(base)}, { body: ${bodyFn(entity)}() })).status, 401);
});`);
    }
    cases.push(`it("answers 401 for an invalid token, even on a public route", async () => {
  const res = await api.request("GET", ${js(base)}, { token: "not-a-valid-token" });
  assert.equal(res.status, 401);
});`);
    if (p.update === "owner" || p.update === "admin") {
      cases.push(`it("answers 403 when another user changes or deletes it", async () => {
  ${entity.isUser ? "let owner;\n  " : ""}const created = ${createCall};
  const patched = await api.request("PATCH", ${pathOf}, { token: api.bob.token, body: ${patchBody} });
  assert.equal(patched.status, 403);${
    p.delete === "owner" || p.delete === "admin"
      ? `\n  const removed = await api.request("DELETE", ${pathOf}, { token: api.bob.token });\n  assert.equal(removed.status, 403);`
      : ""
  }
});`);
    }
    if (p.list === "owner") {
      cases.push(`it("lists only the caller's own records", async () => {
  ${entity.isUser ? "let owner;\n  " : ""}const created = ${createCall};
  const list = await api.request("GET", ${js(`${base}?limit=100`)}, { token: api.bob.token });
  assert.equal(list.status, 200);
  assert.ok(!list.body.items.some((item) => item.id === created.id));
});`);
    }
  }
  const uniqueField = entity.fields.find((f) => f.spec.unique && !(entity.isUser && f.name === "email"));
  if (uniqueField && !entity.isUser) {
    // The same references as the first record, so only the unique value clashes.
    const refs = entity.foreignKeys.filter((fk) => !fk.isOwner).map((fk) => `${fk.field}: first.${fk.field}`);
    const duplicate = `{ ...${bodyFn(entity)}(${refs.length > 0 ? `{ ${refs.join(", ")} }` : ""}), ${uniqueField.name}: first.${uniqueField.name} }`;
    cases.push(`it("answers 409 when ${uniqueField.name} is taken", async () => {
  const first = await ${createFn(entity)}(api);
  const res = await api.request("POST", ${js(base)}, ${tokenWithBody(as(createLevel), duplicate)});
  assert.equal(res.status, 409);
  assert.equal(res.body.error, ${js(`${uniqueField.name} is already taken`)});
});`);
  }

  const uses = (name: string) => cases.some((c) => c.includes(`${name}(`));
  const needsUuid = uses("randomUUID");
  const sampleImports = [createFn(entity), bodyFn(entity), "unique"].filter(uses);
  const content = blocks(
    [
      `import assert from "node:assert/strict";`,
      needsUuid ? `import { randomUUID } from "node:crypto";` : undefined,
      `import { after, before, describe, it } from "node:test";`,
      importLine(sampleImports, "./samples.js"),
      `import { needsDatabase, startApp } from "./support.js";`,
    ]
      .filter(Boolean)
      .join("\n"),
    `describe(${js(base)}, { skip: needsDatabase }, () => {
  let api;
  before(async () => {
    api = await startApp();
  });
  after(() => api?.close());

${indent(cases.join("\n\n"), 2)}
});`,
  );
  return { path: `backend/test/${entity.camelPlural}.test.js`, content };
}
