import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ServiceManifestSchema } from "../../../src/spec/manifest.js";
import { describeApp } from "../../../src/spec/model.js";
import type { AppSpec } from "../../../src/spec/app-spec.js";
import { reactTemplate } from "../../../templates/react/index.js";
import { jsLiteral } from "../../../templates/react/js-literal.js";
import { describeEntities } from "../../../templates/react/metadata.js";
import type { RenderedFile } from "../../../templates/types.js";
import { NPM_VERSIONS } from "../../../templates/versions.js";
import { allSpecs, blogSpec, guestbookSpec, shopSpec, tasksSpec } from "../../fixtures/specs.js";

const render = (spec: AppSpec) => reactTemplate.render(describeApp(spec));

function fileMap(files: RenderedFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, f.content]));
}

function read(files: Map<string, string>, path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new Error(`${path} was not rendered`);
  return content;
}

/** Syntax errors TypeScript's parser finds in a JS/JSX file. */
function parseErrors(path: string, content: string): string[] {
  const kind = path.endsWith(".jsx") ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const source = ts.createSourceFile(path, content, ts.ScriptTarget.Latest, true, kind);
  const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => `${path}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** Evaluates the rendered src/entities.js (a plain object literal module) to its `entities` value. */
function loadEntities(source: string): Record<string, any> {
  const body = source.replace("export const entities =", "const entities =").replace(/export const userEntity = [^;]+;/, "");
  return new Function(`${body}\nreturn entities;`)() as Record<string, any>;
}

describe("react template", () => {
  it("lives in frontend/ and renders every fixture spec", () => {
    expect(reactTemplate.dir).toBe("frontend");
    for (const spec of allSpecs) {
      const result = render(spec);
      expect(result.files.length).toBeGreaterThan(20);
      for (const file of result.files) {
        expect(file.path.startsWith("frontend/"), file.path).toBe(true);
        expect(file.content.length, file.path).toBeGreaterThan(0);
      }
      const paths = result.files.map((f) => f.path);
      expect(new Set(paths).size).toBe(paths.length);
      expect(paths).toEqual([...paths].sort());
    }
  });

  it("renders the same output every time", () => {
    for (const spec of allSpecs) expect(render(spec)).toEqual(render(spec));
  });

  it("writes every JS and JSX file so that it parses", () => {
    expect(parseErrors("broken.jsx", "const a = <div>;")).not.toEqual([]);
    for (const spec of allSpecs) {
      const errors = render(spec)
        .files.filter((f) => /\.(jsx?|mjs)$/.test(f.path))
        .flatMap((f) => parseErrors(f.path, f.content));
      expect(errors).toEqual([]);
    }
  });

  it("writes valid JSON for package.json and the web manifest", () => {
    for (const spec of allSpecs) {
      for (const file of render(spec).files.filter((f) => /\.(json|webmanifest)$/.test(f.path))) {
        expect(() => JSON.parse(file.content), file.path).not.toThrow();
      }
    }
  });

  it("takes package.json dependencies from the pinned versions only", () => {
    const files = fileMap(render(blogSpec).files);
    const pkg = JSON.parse(read(files, "frontend/package.json"));
    expect(pkg).toMatchObject({ name: "blog-frontend", private: true, type: "module" });
    expect(pkg.scripts).toMatchObject({ dev: "vite", build: "vite build", preview: "vite preview" });
    expect(pkg.dependencies).toEqual({
      react: NPM_VERSIONS.react,
      "react-dom": NPM_VERSIONS["react-dom"],
      "react-router-dom": NPM_VERSIONS["react-router-dom"],
    });
    expect(pkg.devDependencies).toEqual({ "@vitejs/plugin-react": NPM_VERSIONS["@vitejs/plugin-react"], vite: NPM_VERSIONS.vite });
  });

  it("declares a valid frontend service entry", () => {
    const { service } = render(shopSpec);
    const parsed = ServiceManifestSchema.parse(service);
    expect(parsed).toMatchObject({
      name: "frontend",
      role: "frontend",
      dir: "frontend",
      framework: "react-vite",
      language: "javascript",
      staticDir: "dist",
      port: { env: "PORT", default: 4173 },
    });
    expect(parsed.commands.build).toEqual(["npm", "run", "build"]);
    expect(parsed.commands.install.slice(0, 2)).toEqual(["npm", "install"]);
    expect(parsed.env.find((e) => e.name === "VITE_API_URL")).toMatchObject({ required: true, secret: false, source: "backend-url", example: "http://localhost:3000" });
  });

  it("reads the backend URL from VITE_API_URL with a local default, and documents it", () => {
    const files = fileMap(render(blogSpec).files);
    expect(read(files, "frontend/src/config.js")).toContain('import.meta.env.VITE_API_URL || "http://localhost:3000"');
    expect(read(files, "frontend/.env.example")).toMatch(/^VITE_API_URL=http:\/\/localhost:3000$/m);
    expect(read(files, "frontend/src/api/http.js")).toContain("data?.error");
  });

  it("describes entities with describeApp's routes and JSON keys", () => {
    for (const spec of allSpecs) {
      const model = describeApp(spec);
      const entities = loadEntities(read(fileMap(render(spec).files), "frontend/src/entities.js"));
      expect(Object.keys(entities)).toEqual(spec.entities.map((e) => model.entities.find((m) => m.name === e.name)!.camel));
      for (const entity of model.entities) {
        const meta = entities[entity.camel];
        expect(meta.path).toBe(`/${entity.route}`);
        expect(meta.apiPath).toBe(`/api/${entity.route}`);
        expect(meta.label).toBe(entity.label);
        expect(meta.labelPlural).toBe(entity.labelPlural);
        expect(meta.permissions).toEqual(entity.permissions);
        expect(meta.ownerKey).toBe(entity.owner?.field);
        expect(meta.searchable).toBe(entity.fields.some((f) => f.spec.searchable));
        const expectedKeys = [
          ...entity.fields.map((f) => f.name),
          ...entity.foreignKeys.filter((fk) => !fk.isOwner).map((fk) => fk.field),
          ...entity.manyToMany.map((m) => m.field),
        ];
        expect(meta.fields.map((f: { key: string }) => f.key)).toEqual(expectedKeys);
        for (const column of meta.columns) expect(["id", ...entity.fields.map((f) => f.name), ...entity.foreignKeys.map((fk) => fk.field)]).toContain(column);
      }
    }
  });

  it("renders belongsTo as <relation>Id selects and manyToMany as <singular>Ids multi-selects, leaving out the owner", () => {
    const blog = loadEntities(read(fileMap(render(blogSpec).files), "frontend/src/entities.js"));
    expect(blog.comment.fields.find((f: any) => f.key === "postId")).toEqual({ key: "postId", label: "Post", type: "reference", required: true, entity: "post" });
    expect(blog.comment.fields.some((f: any) => f.key === "authorId")).toBe(false);
    expect(blog.comment.ownerKey).toBe("authorId");

    const shop = loadEntities(read(fileMap(render(shopSpec).files), "frontend/src/entities.js"));
    expect(shop.product.fields.find((f: any) => f.key === "categoryIds")).toMatchObject({ type: "references", entity: "category" });
    expect(shop.category.fields.find((f: any) => f.key === "productIds")).toMatchObject({ type: "references", entity: "product" });
    expect(shop.order.fields.some((f: any) => f.key === "customerId")).toBe(false);
    expect(shop.orderItem.fields.filter((f: any) => f.type === "reference").map((f: any) => f.key)).toEqual(["orderId", "productId"]);

    const tasks = loadEntities(read(fileMap(render(tasksSpec).files), "frontend/src/entities.js"));
    expect(tasks.task.fields.find((f: any) => f.key === "projectId")).toMatchObject({ type: "reference", required: false, entity: "project" });
  });

  it("lists hasMany relations as related records filtered by the target's reference key", () => {
    const blog = loadEntities(read(fileMap(render(blogSpec).files), "frontend/src/entities.js"));
    expect(blog.post.related).toEqual([{ entity: "comment", key: "postId", label: "Comments" }]);
    expect(blog.user.related).toEqual([
      { entity: "post", key: "authorId", label: "Posts" },
      { entity: "comment", key: "authorId", label: "Comments" },
    ]);
    expect(blog.comment.related).toEqual([]);
    const shop = loadEntities(read(fileMap(render(shopSpec).files), "frontend/src/entities.js"));
    expect(shop.order.related).toEqual([{ entity: "orderItem", key: "orderId", label: "Order Items" }]);
    // manyToMany is edited in the form, not listed as related records.
    expect(shop.category.related).toEqual([]);
  });

  it("carries field types and constraints for the inputs", () => {
    const tasks = loadEntities(read(fileMap(render(tasksSpec).files), "frontend/src/entities.js"));
    const byKey = (entity: any, key: string) => entity.fields.find((f: any) => f.key === key);
    expect(byKey(tasks.task, "status")).toEqual({ key: "status", label: "Status", type: "enum", required: true, options: ["todo", "doing", "done"], default: "todo" });
    expect(byKey(tasks.task, "priority")).toMatchObject({ type: "int", min: 1, max: 5, default: 3 });
    expect(byKey(tasks.task, "dueDate")).toMatchObject({ type: "date", required: false });
    expect(byKey(tasks.project, "name")).toMatchObject({ type: "string", maxLength: 120 });

    const shop = loadEntities(read(fileMap(render(shopSpec).files), "frontend/src/entities.js"));
    expect(byKey(shop.product, "price")).toMatchObject({ type: "decimal", min: 0 });
    expect(byKey(shop.product, "attributes")).toMatchObject({ type: "json", required: false });
    expect(byKey(shop.order, "placedAt")).toMatchObject({ type: "datetime" });

    const fieldInput = read(fileMap(render(shopSpec).files), "frontend/src/components/FieldInput.jsx");
    for (const type of ["text", "json", "int", "float", "decimal", "date", "datetime", "email", "uuid", "enum", "reference", "references"]) {
      expect(fieldInput).toContain(`case "${type}":`);
    }
    expect(fieldInput).toContain('field.type === "bool"');
  });

  it("gives the user entity no create page, and every other entity list, new and edit routes", () => {
    const app = read(fileMap(render(blogSpec).files), "frontend/src/App.jsx");
    expect(app).toContain('<Route path="users" element={<EntityListPage entity={entities.user} user={user} />} />');
    expect(app).toContain('<Route path="users/:id"');
    expect(app).not.toContain('path="users/new"');
    for (const route of ["posts", "comments"]) {
      for (const path of [route, `${route}/new`, `${route}/:id`]) expect(app).toContain(`<Route path="${path}"`);
    }
    expect(app).toContain('<Route path="login"');
    expect(app).toContain('<Route path="register"');
  });

  it("renders sign-in, registration, token refresh and logout for jwt auth", () => {
    const files = fileMap(render(blogSpec).files);
    const client = read(files, "frontend/src/api/client.js");
    expect(client).toContain('"/auth/refresh"');
    expect(client).toContain("Bearer ${accessToken}");
    const context = read(files, "frontend/src/auth/AuthContext.jsx");
    for (const path of ["/auth/login", "/auth/register", "/auth/logout"]) expect(context).toContain(`"${path}"`);
    expect(read(files, "frontend/src/auth/session.js")).toContain("localStorage");
    expect(read(files, "frontend/src/config.js")).toContain('export const sessionKey = "blog.session";');
    for (const page of ["LoginPage", "RegisterPage"]) expect(files.has(`frontend/src/pages/${page}.jsx`)).toBe(true);
    expect(read(files, "frontend/src/main.jsx")).toContain("<AuthProvider>");
  });

  it("renders no login, register or token code when auth is none", () => {
    const files = render(guestbookSpec).files;
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => p.includes("/auth/") || /Login|Register/.test(p))).toEqual([]);
    for (const file of files.filter((f) => f.path.includes("/src/"))) {
      expect(file.content, file.path).not.toMatch(/AuthProvider|useAuth|localStorage|accessToken|refreshToken|Authorization|\/auth\//);
    }
    const app = read(fileMap(files), "frontend/src/App.jsx");
    expect(app).not.toContain('path="login"');
    expect(app).toContain('<Route path="entries/new"');
  });

  it("adds the manifest, icons and a service worker registered in production only when pwa is on", () => {
    const files = fileMap(render(blogSpec).files);
    const manifest = JSON.parse(read(files, "frontend/public/manifest.webmanifest"));
    expect(manifest).toMatchObject({ name: "Blog", short_name: "Blog", start_url: "/", display: "standalone" });
    for (const icon of manifest.icons) expect(files.has(`frontend/public${icon.src}`), icon.src).toBe(true);
    expect(read(files, "frontend/public/icon.svg")).toContain("<svg");
    const sw = read(files, "frontend/public/sw.js");
    expect(sw).toContain('const BUILD_VERSION = "dev";');
    expect(sw).toContain("const BUILD_FILES = [];");
    expect(sw).toMatch(/addEventListener\("activate"[\s\S]*caches\.delete/);
    expect(sw).toContain('request.method !== "GET"');
    // The build stamps these exact lines; see vite.config.js.
    const viteConfig = read(files, "frontend/vite.config.js");
    expect(viteConfig).toContain(`'const BUILD_VERSION = "dev";'`);
    expect(viteConfig).toContain(`"const BUILD_FILES = [];"`);
    expect(read(files, "frontend/src/registerServiceWorker.js")).toContain("import.meta.env.PROD");
    expect(read(files, "frontend/src/main.jsx")).toContain("registerServiceWorker();");
    expect(read(files, "frontend/index.html")).toContain('<link rel="manifest" href="/manifest.webmanifest" />');
  });

  it("leaves out every PWA file when pwa is off", () => {
    const noPwa = { ...tasksSpec, stack: { ...tasksSpec.stack, pwa: false } };
    for (const spec of [guestbookSpec, noPwa]) {
      const files = fileMap(render(spec).files);
      const paths = [...files.keys()];
      expect(paths.filter((p) => /sw\.js|manifest|icon|registerServiceWorker/.test(p))).toEqual([]);
      expect(read(files, "frontend/src/main.jsx")).not.toContain("ServiceWorker");
      expect(read(files, "frontend/index.html")).not.toContain("manifest");
      expect(read(files, "frontend/vite.config.js")).not.toContain("serviceWorker");
    }
  });

  it("escapes the title in HTML and the manifest", () => {
    const spec = { ...blogSpec, title: `Tom & Jerry's <"Blog">`, description: "" };
    const files = fileMap(render(spec).files);
    expect(read(files, "frontend/index.html")).toContain("<title>Tom &amp; Jerry&#39;s &lt;&quot;Blog&quot;&gt;</title>");
    expect(JSON.parse(read(files, "frontend/public/manifest.webmanifest")).name).toBe(spec.title);
    expect(read(files, "frontend/src/config.js")).toContain(`export const appTitle = ${JSON.stringify(spec.title)};`);
    expect(parseErrors("config.js", read(files, "frontend/src/config.js"))).toEqual([]);
  });

  it("warns about features and sign-in providers it does not render", () => {
    expect(render(blogSpec).warnings).toEqual([]);
    const spec = { ...blogSpec, features: ["payments", "realtime"] as AppSpec["features"], auth: { ...blogSpec.auth, oauth: ["github"] as AppSpec["auth"]["oauth"] } };
    const warnings = render(spec).warnings;
    expect(warnings).toHaveLength(3);
    expect(warnings.join("\n")).toMatch(/payments[\s\S]*realtime[\s\S]*github/);
  });
});

describe("react template helpers", () => {
  it("prints JS literals with bare keys, inline when short and one member per line when long", () => {
    expect(jsLiteral({ a: 1, "b-c": "x", d: undefined, e: [true, null] })).toBe('{ a: 1, "b-c": "x", e: [true, null] }');
    expect(jsLiteral({ list: ["aaaaaaaaaa", "bbbbbbbbbb"] }, 0, 20)).toBe('{\n  list: [\n    "aaaaaaaaaa",\n    "bbbbbbbbbb",\n  ],\n}');
    expect(jsLiteral([])).toBe("[]");
  });

  it("picks a title field and table columns from the visible fields", () => {
    const [user, , product, order, orderItem] = describeEntities(describeApp(shopSpec));
    expect(user).toMatchObject({ titleField: "email", columns: ["email"] });
    expect(product).toMatchObject({ titleField: "name", columns: ["name", "sku", "price", "stock"] });
    // No text field: the first field names the record; the owner reference is not a column.
    expect(order).toMatchObject({ titleField: "status", columns: ["status", "placedAt", "total"] });
    expect(orderItem).toMatchObject({ titleField: "quantity", columns: ["quantity", "orderId", "productId", "unitPrice"] });
  });
});
