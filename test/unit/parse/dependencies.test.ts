import { describe, expect, it } from "vitest";
import { dependenciesIn, manifestKind, parseRequirement } from "../../../src/parse/dependencies.js";
import { importsIn, npmPackageOf } from "../../../src/parse/imports.js";

const names = (path: string, content: string) => dependenciesIn({ path, content }).dependencies.map((d) => [d.name, d.version, d.dev]);

describe("manifests", () => {
  it("recognises manifest files by name", () => {
    expect(["backend/package.json", "requirements.txt", "backend/requirements-dev.txt", "requirements/test.txt", "pyproject.toml", "go.mod", "README.md", "notes.txt"].map(manifestKind)).toEqual([
      "package.json",
      "requirements",
      "requirements",
      "requirements",
      "pyproject",
      "go.mod",
      null,
      null,
    ]);
  });

  it("reads pyproject.toml: [project] dependencies, dev-like groups, Poetry tables", () => {
    const toml = [
      "[project]",
      'name = "api"',
      "dependencies = [",
      '  "fastapi>=0.115",  # web',
      "  'motor==3.5.0',",
      '  "uvicorn[standard]",',
      "]",
      "",
      "[project.optional-dependencies]",
      'dev = ["pytest>=8", "ruff"]',
      'postgres = ["asyncpg"]',
      "",
      "[dependency-groups]",
      'test = ["httpx"]',
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.12"',
      'redis = "^5.0"',
      'sqlalchemy = { version = "^2.0", extras = ["asyncio"] }',
      "",
      "[tool.poetry.group.dev.dependencies]",
      'mypy = "^1.10"',
      "",
    ].join("\n");
    expect(names("backend/pyproject.toml", toml)).toEqual([
      ["fastapi", ">=0.115", false],
      ["motor", "==3.5.0", false],
      ["uvicorn", "", false],
      ["pytest", ">=8", true],
      ["ruff", "", true],
      ["httpx", "", true],
      ["redis", "^5.0", false],
      ["sqlalchemy", "^2.0", false],
      ["mypy", "^1.10", true],
    ]);
  });

  it("reads package.json dependencies and devDependencies, ignoring non-string versions", () => {
    const pkg = JSON.stringify({ dependencies: { a: "1.0.0", b: { bad: true } }, devDependencies: { c: "^2" }, peerDependencies: { d: "*" } });
    expect(names("package.json", pkg)).toEqual([
      ["a", "1.0.0", false],
      ["c", "^2", true],
    ]);
    expect(dependenciesIn({ path: "package.json", content: "[]" }).error).toBe("package.json is not a JSON object.");
  });

  it("parses PEP 508 requirement strings", () => {
    expect(parseRequirement("Django>=4,<5")).toEqual({ name: "Django", version: ">=4,<5" });
    expect(parseRequirement("requests [security] == 2.31.0")).toEqual({ name: "requests", version: "== 2.31.0" });
    expect(parseRequirement("pkg @ https://example.com/pkg.zip ; sys_platform == 'linux'")).toEqual({ name: "pkg", version: "@ https://example.com/pkg.zip" });
    expect(parseRequirement("numpy; python_version<'3.13'")).toEqual({ name: "numpy", version: "" });
    expect(parseRequirement("./local/pkg")).toBeNull();
    expect(parseRequirement("git+https://github.com/a/b")).toBeNull();
  });
});

describe("imports", () => {
  it("finds external packages imported by JS/TS, Python and Go files, each once with its first line", () => {
    const js = importsIn({
      path: "a.ts",
      content: 'import x from "@scope/pkg/sub";\nimport "./local";\nconst y = require("pg/lib/client");\nexport { z } from "node:fs";\nconst w = await import("lodash");\nimport t from "@/alias";\nimport again from "pg";\n',
    });
    expect(js.map((i) => [i.module, i.line])).toEqual([
      ["@scope/pkg", 1],
      ["pg", 3],
      ["lodash", 5],
    ]);
    const py = importsIn({ path: "a.py", content: "import os, sys\nfrom .rel import x\nfrom sqlalchemy.orm import Session\nimport redis.asyncio as r\n" });
    expect(py.map((i) => [i.module, i.line])).toEqual([
      ["os", 1],
      ["sys", 1],
      ["sqlalchemy", 3],
      ["redis", 4],
    ]);
    const go = importsIn({ path: "m.go", content: 'package main\nimport "fmt"\nimport (\n\t"os"\n\tr "github.com/redis/go-redis/v9"\n)\n' });
    expect(go.map((i) => [i.module, i.line])).toEqual([
      ["fmt", 2],
      ["os", 4],
      ["github.com/redis/go-redis/v9", 5],
    ]);
    expect(importsIn({ path: "README.md", content: 'import x from "y"' })).toEqual([]);
  });

  it("maps specifiers to npm packages", () => {
    expect(["express", "@nestjs/core/x", "./x", "/abs", "node:path", "@", "~/x", "#internal"].map(npmPackageOf)).toEqual(["express", "@nestjs/core", null, null, null, null, null, null]);
  });
});
