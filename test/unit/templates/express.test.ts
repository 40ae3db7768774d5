import { builtinModules } from "node:module";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { AppSpec, AppSpecInput } from "../../../src/spec/app-spec.js";
import { ServiceManifestSchema } from "../../../src/spec/manifest.js";
import { describeApp } from "../../../src/spec/model.js";
import { assertValidAppSpec } from "../../../src/spec/validate.js";
import { envVarsReadIn } from "../../../src/parse/env-vars.js";
import { expressTemplate } from "../../../templates/express/index.js";
import type { RenderedFile } from "../../../templates/types.js";
import { NPM_VERSIONS } from "../../../templates/versions.js";
import { allSpecs, blogSpec, blogSpecInput, guestbookSpec, shopSpec, shopSpecInput, tasksSpec } from "../../fixtures/specs.js";

const render = (spec: AppSpec) => expressTemplate.render(describeApp(spec));
const files = (spec: AppSpec) => new Map(render(spec).files.map((f) => [f.path, f.content]));

function read(map: Map<string, string>, path: string): string {
  const content = map.get(path);
  if (content === undefined) throw new Error(`${path} was not rendered`);
  return content;
}

/** Syntax errors TypeScript's parser finds in a JavaScript file. */
function parseErrors(file: RenderedFile): string[] {
  const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => `${file.path}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** The bare package names a JavaScript file imports (`node:` and builtins excluded). */
function importedPackages(content: string): string[] {
  const names = [...content.matchAll(/^import\s(?:[^"']*?\sfrom\s)?["']([^"'./][^"']*)["']/gm)].map((m) => m[1]!);
  return names
    .filter((n) => !n.startsWith("node:") && !builtinModules.includes(n))
    .map((n) => (n.startsWith("@") ? n.split("/").slice(0, 2).join("/") : n.split("/")[0]!));
}

const jsFiles = (spec: AppSpec) => render(spec).files.filter((f) => f.path.endsWith(".js"));
const dependencies = (spec: AppSpec) => JSON.parse(read(files(spec), "backend/package.json")).dependencies as Record<string, string>;

const withInput = (input: AppSpecInput, change: (spec: AppSpecInput) => AppSpecInput) => assertValidAppSpec(change(structuredClone(input)));

describe("express template: rendering", () => {
  it("renders every fixture spec into backend/ with a valid manifest entry", () => {
    expect(expressTemplate.dir).toBe("backend");
    for (const spec of allSpecs) {
      const result = render(spec);
      expect(result.files.every((f) => f.path.startsWith("backend/"))).toBe(true);
      const service = ServiceManifestSchema.parse(result.service);
      expect(service).toMatchObject({
        name: "backend",
        role: "backend",
        dir: "backend",
        framework: "express",
        language: "javascript",
        commands: { install: ["npm", "install", "--no-audit", "--no-fund"], migrate: ["npm", "run", "migrate"], start: ["npm", "start"], test: ["npm", "test"] },
        port: { env: "PORT", default: 3000 },
        healthPath: "/health",
        migrationsDir: "migrations",
      });
      expect(result.warnings).toEqual([]);
      expect(new Set(result.files.map((f) => f.path)).size).toBe(result.files.length);
    }
  });

  it("is deterministic", () => {
    for (const spec of allSpecs) expect(render(spec)).toEqual(render(spec));
  });

  it("renders one route module and one schema module per entity, at the model's names", () => {
    for (const spec of allSpecs) {
      const map = files(spec);
      const index = read(map, "backend/src/routes/index.js");
      for (const entity of describeApp(spec).entities) {
        expect(map.has(`backend/src/routes/${entity.camelPlural}.js`)).toBe(true);
        expect(map.has(`backend/src/schemas/${entity.camelPlural}.js`)).toBe(true);
        expect(map.has(`backend/test/${entity.camelPlural}.test.js`)).toBe(true);
        expect(index).toContain(`app.use("/api/${entity.route}", ${entity.camelPlural}Router(deps));`);
      }
    }
  });

  it("writes JavaScript that parses", () => {
    for (const spec of allSpecs) expect(jsFiles(spec).flatMap(parseErrors)).toEqual([]);
  });

  it("declares exactly the packages the code imports, at the pinned versions", () => {
    for (const spec of allSpecs) {
      const deps = dependencies(spec);
      const imported = new Set(jsFiles(spec).flatMap((f) => importedPackages(f.content)));
      expect(Object.keys(deps).sort()).toEqual([...imported].sort());
      for (const [name, version] of Object.entries(deps)) expect(version).toBe(NPM_VERSIONS[name as keyof typeof NPM_VERSIONS]);
    }
    expect(Object.keys(dependencies(blogSpec)).sort()).toEqual(["bcryptjs", "cors", "express", "express-rate-limit", "helmet", "jsonwebtoken", "pg", "zod"]);
  });

  it("writes the package.json scripts and engines of the contract", () => {
    const pkg = JSON.parse(read(files(shopSpec), "backend/package.json"));
    expect(pkg).toMatchObject({ name: "shop-backend", private: true, type: "module", engines: { node: ">=20" } });
    expect(pkg.scripts).toMatchObject({ start: "node src/server.js", migrate: "node scripts/migrate.js", test: "node --test" });
    expect(pkg.devDependencies).toBeUndefined();
  });

  it("documents every environment variable the code reads, in .env.example and the manifest", () => {
    for (const spec of allSpecs) {
      const result = render(spec);
      const read = new Set(result.files.filter((f) => f.path.startsWith("backend/src/") || f.path.startsWith("backend/scripts/")).flatMap((f) => envVarsReadIn(f).map((u) => u.name)));
      const example = new Set([...read_(result.files, "backend/.env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
      const manifest = new Set(ServiceManifestSchema.parse(result.service).env.map((v) => v.name));
      expect([...read].sort()).toEqual([...manifest].sort());
      expect([...example].sort()).toEqual([...manifest].sort());
      expect(read.has("DATABASE_URL") && read.has("PORT") && read.has("FRONTEND_ORIGIN") && read.has("NODE_ENV")).toBe(true);
    }
    const env = ServiceManifestSchema.parse(render(blogSpec).service).env;
    expect(env.find((v) => v.name === "JWT_SECRET")).toMatchObject({ required: true, secret: true, source: "generated-secret" });
    expect(env.find((v) => v.name === "DATABASE_URL")).toMatchObject({ required: true, source: "postgres-url" });
    expect(env.find((v) => v.name === "FRONTEND_ORIGIN")).toMatchObject({ source: "frontend-origin" });
    expect(env.find((v) => v.name === "PORT")).toMatchObject({ source: "port", required: false });
    expect(env.find((v) => v.name === "AUTH_RATE_LIMIT")).toMatchObject({ source: "constant", required: false });
  });

  it("leaves no placeholder text in any file", () => {
    // Markers are matched case-sensitively ("todo" is a fine enum value); phrases in any case.
    const markers = /\bTODO\b|\bFIXME\b|\bXXX\b|\{\{|\}\}|\$\{(?![^}]*\})/;
    const phrases = /rest of (the )?(code|implementation)|your code here|implement (me|this)|lorem ipsum|\[object Object\]/i;
    for (const spec of allSpecs) {
      for (const file of render(spec).files) {
        expect(markers.exec(file.content)?.[0], file.path).toBeUndefined();
        expect(phrases.exec(file.content)?.[0], file.path).toBeUndefined();
      }
    }
  });

  it("renders no auth at all when auth.kind is none", () => {
    const result = render(guestbookSpec);
    const paths = result.files.map((f) => f.path);
    expect(paths.filter((p) => p.includes("/auth"))).toEqual([]);
    expect(paths.some((p) => /refresh_tokens|users/.test(p))).toBe(false);
    for (const file of result.files) expect(file.content, file.path).not.toMatch(/JWT_SECRET|jsonwebtoken|bcrypt|refresh_tokens|allow\(/);
    expect(result.service.env.map((v) => v.name)).not.toContain("JWT_SECRET");
    expect(Object.keys(dependencies(guestbookSpec)).sort()).toEqual(["cors", "express", "helmet", "pg", "zod"]);
  });

  it("serves the user entity without POST, and guards actions at their access level", () => {
    const map = files(blogSpec);
    const users = read(map, "backend/src/routes/users.js");
    expect(users).not.toContain("router.post(");
    expect(users).toContain(`router.get("/", allow("admin"),`);
    expect(users).toContain("assertOwner(req.user, existing.id);");
    const posts = read(map, "backend/src/routes/posts.js");
    expect(posts).toContain(`router.get("/", async`);
    expect(posts).toContain(`router.post("/", allow("authenticated"),`);
    expect(posts).toContain(`omitField(req.body, "authorId")`);
    expect(posts).toContain("author_id: req.user.id");
    expect(posts).toContain(`where.add("(title ilike ? or body ilike ?)", likePattern(q));`);
    const tasks = read(files(tasksSpec), "backend/src/routes/tasks.js");
    expect(tasks).toContain(`if (!isAdmin(req.user)) where.add("owner_id = ?", req.user.id);`);
  });

  it("keeps manyToMany ids in the join table inside a transaction", () => {
    const products = read(files(shopSpec), "backend/src/routes/products.js");
    expect(products).toContain("withTransaction(pool");
    expect(products).toContain("insert into categories_products (product_id, category_id) select $1, unnest($2::uuid[])");
    expect(products).toContain("as category_ids");
    expect(read(files(shopSpec), "backend/src/schemas/products.js")).toContain("categoryIds: idList().optional(),");
  });

  it("validates each field type with zod, decimals as strings", () => {
    const products = read(files(shopSpec), "backend/src/schemas/products.js");
    expect(products).toContain("price: decimal({ min: 0 }),");
    expect(products).toContain("sku: z.string().min(1).max(40),");
    expect(products).toContain("attributes: z.json().nullable().optional(),");
    expect(products).toContain("stock: z.number().int().min(0).optional(),");
    const tasks = read(files(tasksSpec), "backend/src/schemas/tasks.js");
    expect(tasks).toContain(`status: z.enum(["todo", "doing", "done"]).optional(),`);
    expect(tasks).toContain("dueDate: z.iso.date().nullable().optional(),");
    expect(tasks).toContain("projectId: z.uuid().nullable().optional(),");
    expect(tasks).not.toContain("ownerId: z.");
    const users = read(files(blogSpec), "backend/src/schemas/users.js");
    expect(users).toContain("email: z.string().trim().toLowerCase().pipe(z.email()),");
    expect(users).toContain("password: z.string().min(8).max(128),");
  });

  it("omits refresh tokens when the spec turns them off", () => {
    const spec = withInput(blogSpecInput, (s) => ({ ...s, auth: { kind: "jwt", refreshTokens: false } }));
    const map = files(spec);
    expect(map.has("backend/src/auth/refresh-tokens.js")).toBe(false);
    expect([...map.keys()].some((p) => p.includes("refresh_tokens"))).toBe(false);
    expect(read(map, "backend/src/routes/auth.js")).not.toContain("/refresh");
    expect(jsFiles(spec).flatMap(parseErrors)).toEqual([]);
  });

  it("leaves timestamps out of tables, JSON and ordering when an entity turns them off", () => {
    const spec = withInput(blogSpecInput, (s) => ({ ...s, entities: s.entities.map((e) => (e.name === "Comment" ? { ...e, timestamps: false } : e)) }));
    const map = files(spec);
    const migration = [...map].find(([path]) => path.endsWith("_create_comments.sql"))![1];
    expect(migration).not.toContain("created_at");
    const route = read(map, "backend/src/routes/comments.js");
    expect(route).toContain("order by id limit");
    expect(route).toContain("{ timestamps: false }");
    expect(read(map, "backend/src/schemas/comments.js")).not.toContain("createdAt");
    expect(read(map, "backend/src/routes/posts.js")).toContain("order by created_at desc, id desc");
  });

  it("says out loud what it does not render, and still renders a Postgres app", () => {
    const spec = withInput(shopSpecInput, (s) => ({
      ...s,
      stack: { ...s.stack, cache: "redis", database: "mongodb" },
      auth: { kind: "jwt", oauth: ["github"] },
      features: ["ai-chat", "payments"],
    }));
    const result = render(spec);
    expect(result.warnings).toHaveLength(5);
    expect(result.warnings.join("\n")).toMatch(/ai-chat/);
    expect(result.warnings.join("\n")).toMatch(/payments/);
    expect(result.warnings.join("\n")).toMatch(/OAuth sign-in \(github\)/);
    expect(result.warnings.join("\n")).toMatch(/Redis/);
    expect(result.warnings.join("\n")).toMatch(/MongoDB/);
    expect(result.files.some((f) => f.path === "backend/migrations/0001_create_users.sql")).toBe(true);
    expect(result.service.env.map((v) => v.name)).toContain("DATABASE_URL");
  });
});

function read_(rendered: RenderedFile[], path: string): string {
  const file = rendered.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
}
