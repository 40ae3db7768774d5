import { describe, expect, it } from "vitest";
import { classifySpecifier, typesPackageFor } from "../../../src/verify/lib/js-imports.js";
import { editFile, expressReactApp, fastapiApp, ginApp, lineOf, withFile, withoutFile } from "../../fixtures/verify/apps.js";
import { errors, findings, run } from "./support.js";

const where = (f: { file: string; line: number; column?: number }) => `${f.file}:${f.line}:${f.column}`;

describe("imports check: JavaScript and TypeScript", () => {
  const app = expressReactApp();

  it("passes when every package is declared (builtins, node:, relative, /src, aliases, @types for type-only)", async () => {
    const report = await run(app, ["imports"]);
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.id === "imports")?.detail).toBe("14 third-party imports in 12 files");
  });

  it("names the file, line and column of an undeclared import, by package name", async () => {
    const files = editFile(app, "backend/src/app.js", 'import cors from "cors";', 'import cors from "cors";\nimport fp from "lodash/fp";');
    const report = await run(files, ["imports"]);
    expect(errors(report)).toEqual([
      {
        check: "imports",
        severity: "error",
        file: "backend/src/app.js",
        line: lineOf(files, "backend/src/app.js", "lodash/fp"),
        column: 16,
        message: 'imports "lodash" but backend/package.json does not declare it',
      },
    ]);
  });

  it("finds require(), dynamic import(), export-from and scoped packages; once per file and package", async () => {
    const code = [
      'const z = require("zod");',
      'export { format } from "date-fns/format";',
      'const { S3Client } = await import("@aws-sdk/client-s3");',
      'const again = require("zod");',
      'const path = require("path");',
      'const dynamic = await import(`./local.js`);',
      "",
    ].join("\n");
    const report = await run(withFile(app, "backend/src/extra.js", code), ["imports"]);
    expect(errors(report).map((f) => [f.line, f.message])).toEqual([
      [1, 'imports "zod" but backend/package.json does not declare it'],
      [2, 'imports "date-fns" but backend/package.json does not declare it'],
      [3, 'imports "@aws-sdk/client-s3" but backend/package.json does not declare it'],
    ]);
  });

  it("accepts @types/x for type-only imports, but not for runtime imports", async () => {
    let files = editFile(app, "frontend/package.json", '"@types/react-dom": "19.2.2",', '"@types/react-dom": "19.2.2", "@types/lodash": "4.17.0",');
    files = withFile(files, "frontend/src/types.ts", 'import type { Dictionary } from "lodash";\nexport type D = Dictionary<string>;\n');
    expect(errors(await run(files, ["imports"]))).toEqual([]);
    files = withFile(files, "frontend/src/use.ts", 'import { get } from "lodash";\nexport const g = get;\nexport type M = import("@tanstack/query-core").QueryKey;\n');
    expect(errors(await run(files, ["imports"])).map((f) => `${where(f)} ${f.message}`)).toEqual([
      'frontend/src/use.ts:1:21 imports "lodash" but frontend/package.json does not declare it',
      'frontend/src/use.ts:3:24 imports types from "@tanstack/query-core" but frontend/package.json declares neither @tanstack/query-core nor @types/tanstack__query-core',
    ]);
  });

  it("uses the nearest package.json, and says when there is none", async () => {
    let files = withFile(app, "scripts/seed.mjs", 'import pg from "pg";\n');
    expect(errors(await run(files, ["imports"])).map((f) => f.message)).toEqual(['imports "pg" but no package.json encloses scripts/seed.mjs']);
    files = withFile(files, "scripts/package.json", '{ "name": "seed", "dependencies": { "pg": "8.23.1" } }\n');
    expect(errors(await run(files, ["imports"]))).toEqual([]);
  });

  it("needs the tsconfig path alias to skip an aliased import", async () => {
    const files = withoutFile(app, "frontend/tsconfig.json");
    expect(errors(await run(files, ["imports"])).map((f) => f.message)).toEqual(['imports "@components/PostCard" but frontend/package.json does not declare it']);
  });

  it("classifies specifiers", () => {
    expect(classifySpecifier("fs/promises")).toEqual({ kind: "builtin" });
    expect(classifySpecifier("node:test")).toEqual({ kind: "builtin" });
    expect(classifySpecifier("./x.js").kind).toBe("skip");
    expect(classifySpecifier("/src/main.tsx").kind).toBe("skip");
    expect(classifySpecifier("virtual:pwa-register").kind).toBe("skip");
    expect(classifySpecifier("~icons/mdi/home").kind).toBe("skip");
    expect(classifySpecifier("#internal/db").kind).toBe("skip");
    expect(classifySpecifier("@/components/x").kind).toBe("skip");
    expect(classifySpecifier("@app/ui/button", ["@app/ui"]).kind).toBe("skip");
    expect(classifySpecifier("@components/x", ["@components/*"]).kind).toBe("skip");
    expect(classifySpecifier("@scope/pkg/deep/file.js")).toEqual({ kind: "package", name: "@scope/pkg" });
    expect(classifySpecifier("bootstrap/dist/css/bootstrap.min.css?inline")).toEqual({ kind: "package", name: "bootstrap" });
    expect(typesPackageFor("@scope/pkg")).toBe("@types/scope__pkg");
  });
});

describe("imports check: Python", () => {
  const app = fastapiApp();

  it("passes the FastAPI app: stdlib, local packages, relative imports, mapped names (jose → python-jose), -r includes, extras", async () => {
    expect((await run(app, ["imports"])).findings).toEqual([]);
  });

  it("names the file and line of an undeclared import, with the distribution when it differs", async () => {
    const files = editFile(app, "backend/app/config.py", "import os\n", "import os\nimport requests\nimport bs4\nfrom sklearn.linear_model import LinearRegression\nimport yaml  # uvicorn[standard] brings PyYAML\n");
    const report = await run(files, ["imports"]);
    expect(errors(report).map((f) => `${where(f)} ${f.message}`)).toEqual([
      "backend/app/config.py:2:8 imports requests but backend/requirements.txt does not declare it",
      "backend/app/config.py:3:8 imports bs4 but backend/requirements.txt does not declare it (distribution beautifulsoup4)",
      "backend/app/config.py:4:6 imports sklearn but backend/requirements.txt does not declare it (distribution scikit-learn)",
    ]);
  });

  it("warns (not fails) for optional imports and for packages that only arrive through another", async () => {
    const files = editFile(app, "backend/app/config.py", "import os\n", "import os\n\ntry:\n    import orjson\nexcept ImportError:\n    orjson = None\nfrom starlette.requests import Request\n");
    const report = await run(files, ["imports"]);
    expect(report.ok).toBe(true);
    expect(findings(report, "imports", "warning").map((f) => `${f.line} ${f.message}`)).toEqual([
      "4 imports orjson but backend/requirements.txt does not declare it",
      "7 imports starlette, which backend/requirements.txt gets only through fastapi; declare starlette",
    ]);
  });

  it("reads pyproject.toml dependencies", async () => {
    let files = withoutFile(withoutFile(app, "backend/requirements.txt"), "backend/requirements-dev.txt");
    files = withFile(files, "backend/pyproject.toml", '[project]\nname = "blog"\ndependencies = [\n  "fastapi>=0.115",\n  "python-jose[cryptography]",\n  "psycopg2-binary",\n  "pydantic[email]>=2",\n]\n\n[dependency-groups]\ndev = ["pytest", "httpx"]\n');
    expect((await run(files, ["imports"])).findings).toEqual([]);
    const noPsycopg = editFile(files, "backend/pyproject.toml", '  "psycopg2-binary",\n', "");
    expect(errors(await run(noPsycopg, ["imports"])).map((f) => `${f.file}:${f.line}`)).toEqual([
      `backend/app/db.py:${lineOf(files, "backend/app/db.py", "import psycopg2")}`,
      `backend/app/main.py:${lineOf(files, "backend/app/main.py", "import psycopg2")}`,
    ]);
  });
});

describe("imports check: Go", () => {
  it("checks imports against go.mod's module and requirements, ignoring the standard library and comments", async () => {
    expect((await run(ginApp(), ["imports"])).findings).toEqual([]);
    const files = editFile(ginApp(), "backend/main.go", '\t"github.com/gin-gonic/gin"\n', '\t"github.com/gin-gonic/gin"\n\tredis "github.com/redis/go-redis/v9"\n');
    expect(errors(await run(files, ["imports"])).map((f) => `${where(f)} ${f.message}`)).toEqual([
      'backend/main.go:10:8 imports "github.com/redis/go-redis/v9" but backend/go.mod does not require it',
    ]);
  });
});
