import { describe, expect, it } from "vitest";
import { analyzeApp, parseFullStackResponse } from "../../../src/parse/analyze.js";
import { serializeFileBlocks } from "../../../src/parse/serialize.js";
import type { GeneratedFile } from "../../../src/parse/types.js";

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

describe("analyzeApp: Express + React (Vite) + PostgreSQL + Redis", () => {
  const files: GeneratedFile[] = [
    { path: "README.md", content: "# Blog\n" },
    { path: "stackwright.json", content: "{}\n" },
    { path: "docker-compose.yml", content: "services:\n  db:\n    image: postgres:16\n" },
    {
      path: "backend/package.json",
      content: json({ name: "api", dependencies: { express: "5.3.0", pg: "8.23.1", ioredis: "^5.4.0" }, devDependencies: { nodemon: "^3.1.0" } }),
    },
    {
      path: "backend/src/index.js",
      content: [
        'const express = require("express");',
        'const { pool } = require("./db");',
        "const app = express();",
        "const port = Number(process.env.PORT ?? 3000);",
        "app.listen(port, () => console.log(process.env.DATABASE_URL));",
        "const secret = process.env.JWT_SECRET;",
        "",
      ].join("\n"),
    },
    { path: "backend/src/db.js", content: 'import pg from "pg";\nimport Redis from "ioredis";\n\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nconst redis = new Redis(process.env.REDIS_URL);\n' },
    { path: "backend/migrations/0010_tags.sql", content: "CREATE TABLE tags (id uuid primary key);\n" },
    { path: "backend/migrations/0002_posts.sql", content: "CREATE TABLE posts (id uuid primary key);\n" },
    { path: "backend/migrations/0001_init.sql", content: "CREATE TABLE users (id uuid primary key);\n" },
    { path: "frontend/package.json", content: json({ dependencies: { react: "19.3.1", "react-dom": "19.3.1" }, devDependencies: { vite: "8.3.8", "@vitejs/plugin-react": "6.3.0" } }) },
    { path: "frontend/vite.config.ts", content: 'import { defineConfig } from "vite";\nexport default defineConfig({});\n' },
    { path: "frontend/src/api.ts", content: "// API client\nexport const base = import.meta.env.VITE_API_URL;\nconst mode = import.meta.env.MODE;\n" },
    { path: "frontend/src/App.tsx", content: 'import { useState } from "react";\nexport function App() { return null; }\n' },
  ];
  const app = analyzeApp(files);

  it("splits the files by service directory", () => {
    expect(app.backend?.dir).toBe("backend");
    expect(app.backend?.files).toEqual(files.filter((f) => f.path.startsWith("backend/")).map((f) => f.path));
    expect(app.frontend?.dir).toBe("frontend");
    expect(app.frontend?.files).toEqual(["frontend/package.json", "frontend/vite.config.ts", "frontend/src/api.ts", "frontend/src/App.tsx"]);
    expect(app.other).toEqual(["README.md", "stackwright.json", "docker-compose.yml"]);
  });

  it("detects frameworks and languages, with the evidence", () => {
    expect(app.backend).toMatchObject({ framework: "express", frameworkEvidence: "backend/package.json depends on express", language: "javascript" });
    expect(app.frontend).toMatchObject({ framework: "react-vite", frameworkEvidence: "frontend/package.json depends on vite and react", language: "typescript" });
  });

  it("detects the databases from dependencies, imports and SQL migrations", () => {
    expect(app.databases).toEqual(["postgresql", "redis"]);
    expect(app.databaseEvidence).toEqual([
      {
        kind: "postgresql",
        evidence: ["backend/package.json depends on pg", "backend/src/db.js:1 imports pg", "3 SQL migrations (backend/migrations/0001_init.sql, ...)"],
      },
      { kind: "redis", evidence: ["backend/package.json depends on ioredis", "backend/src/db.js:2 imports ioredis"] },
    ]);
  });

  it("lists dependencies per service, marking dev ones", () => {
    expect(app.backend?.dependencies.map((d) => [d.name, d.version, d.dev])).toEqual([
      ["express", "5.3.0", false],
      ["pg", "8.23.1", false],
      ["ioredis", "^5.4.0", false],
      ["nodemon", "^3.1.0", true],
    ]);
    expect(app.backend?.dependencies[0]).toEqual({ name: "express", version: "5.3.0", dev: false, ecosystem: "npm", source: "backend/package.json", indirect: false });
    expect(app.frontend?.dependencies.filter((d) => d.dev).map((d) => d.name)).toEqual(["vite", "@vitejs/plugin-react"]);
  });

  it("finds the environment variables each service reads, with the file and line of first use (files in path order)", () => {
    expect(app.backend?.environmentVariables).toEqual([
      { name: "DATABASE_URL", file: "backend/src/db.js", line: 4 },
      { name: "REDIS_URL", file: "backend/src/db.js", line: 5 },
      { name: "PORT", file: "backend/src/index.js", line: 4 },
      { name: "JWT_SECRET", file: "backend/src/index.js", line: 6 },
    ]);
    // Vite's own MODE is not an environment variable.
    expect(app.frontend?.environmentVariables).toEqual([{ name: "VITE_API_URL", file: "frontend/src/api.ts", line: 2 }]);
  });

  it("orders the migrations numerically", () => {
    expect(app.migrations).toEqual([
      { path: "backend/migrations/0001_init.sql", kind: "sql", name: "0001_init", version: "0001", direction: null, downRevision: null },
      { path: "backend/migrations/0002_posts.sql", kind: "sql", name: "0002_posts", version: "0002", direction: null, downRevision: null },
      { path: "backend/migrations/0010_tags.sql", kind: "sql", name: "0010_tags", version: "0010", direction: null, downRevision: null },
    ]);
    expect(app.warnings).toEqual([]);
  });

  it("is plain, serializable data", () => {
    expect(JSON.parse(JSON.stringify(app))).toEqual(app);
  });
});

describe("analyzeApp: FastAPI + PostgreSQL with Alembic", () => {
  const files: GeneratedFile[] = [
    {
      path: "backend/requirements.txt",
      content: [
        "# runtime",
        "--index-url https://pypi.org/simple",
        "-r base.txt",
        "fastapi==0.115.0",
        "uvicorn[standard]>=0.30,<1  # server",
        "SQLAlchemy>=2.0",
        "psycopg[binary]==3.2.1 ; python_version >= '3.9'",
        "-e git+https://github.com/x/y.git#egg=y",
        "https://example.com/pkg.whl",
        "pydantic-settings",
        "",
      ].join("\n"),
    },
    { path: "backend/requirements-dev.txt", content: "pytest==8.3.2\nhttpx\n" },
    {
      path: "backend/app/main.py",
      content: [
        "import os",
        "from fastapi import FastAPI",
        "from .db import engine",
        "",
        'DATABASE_URL = os.environ["DATABASE_URL"]',
        'SECRET = os.getenv("JWT_SECRET", "dev")',
        "app = FastAPI()",
        "",
      ].join("\n"),
    },
    { path: "backend/app/db.py", content: 'import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ.get("DATABASE_URL"))\n' },
    { path: "backend/alembic.ini", content: "[alembic]\nscript_location = alembic\n" },
    { path: "backend/alembic/env.py", content: "from alembic import context\n" },
    { path: "backend/alembic/versions/__init__.py", content: "" },
    // File names out of chain order on purpose: the down_revision chain decides.
    { path: "backend/alembic/versions/a1_add_posts.py", content: 'revision = "b2c3"\ndown_revision = "a1b2"\n' },
    { path: "backend/alembic/versions/z9_initial.py", content: 'revision: str = "a1b2"\ndown_revision: Union[str, None] = None\n' },
    { path: "backend/alembic/versions/m5_tags.py", content: "revision = 'c3d4'\ndown_revision = 'b2c3'\n" },
  ];
  const app = analyzeApp(files);

  it("detects FastAPI, Python and PostgreSQL", () => {
    expect(app.backend).toMatchObject({ dir: "backend", framework: "fastapi", frameworkEvidence: "backend/requirements.txt depends on fastapi", language: "python" });
    expect(app.frontend).toBeNull();
    expect(app.databases).toEqual(["postgresql"]);
    expect(app.databaseEvidence[0]!.evidence).toEqual([
      "backend/requirements.txt depends on SQLAlchemy",
      "backend/requirements.txt depends on psycopg",
      "backend/app/db.py:2 imports sqlalchemy",
    ]);
  });

  it("reads requirements files: names and specifiers; comments, options, URLs and markers skipped; -dev files are dev", () => {
    expect(app.backend?.dependencies.map((d) => [d.name, d.version, d.dev, d.source])).toEqual([
      ["fastapi", "==0.115.0", false, "backend/requirements.txt"],
      ["uvicorn", ">=0.30,<1", false, "backend/requirements.txt"],
      ["SQLAlchemy", ">=2.0", false, "backend/requirements.txt"],
      ["psycopg", "==3.2.1", false, "backend/requirements.txt"],
      ["pydantic-settings", "", false, "backend/requirements.txt"],
      ["pytest", "==8.3.2", true, "backend/requirements-dev.txt"],
      ["httpx", "", true, "backend/requirements-dev.txt"],
    ]);
  });

  it("finds env vars read through os.environ[...], os.environ.get and os.getenv", () => {
    expect(app.backend?.environmentVariables).toEqual([
      { name: "DATABASE_URL", file: "backend/app/db.py", line: 3 },
      { name: "JWT_SECRET", file: "backend/app/main.py", line: 6 },
    ]);
  });

  it("orders Alembic revisions by their down_revision chain", () => {
    expect(app.migrations.map((m) => [m.path, m.kind, m.version, m.downRevision])).toEqual([
      ["backend/alembic/versions/z9_initial.py", "alembic", "a1b2", null],
      ["backend/alembic/versions/a1_add_posts.py", "alembic", "b2c3", "a1b2"],
      ["backend/alembic/versions/m5_tags.py", "alembic", "c3d4", "b2c3"],
    ]);
    expect(app.warnings).toEqual([]);
  });

  it("falls back to file-name order, with a warning, when the chain is broken", () => {
    const broken = analyzeApp([
      { path: "alembic/versions/2_b.py", content: 'revision = "b"\ndown_revision = "missing"\n' },
      { path: "alembic/versions/1_a.py", content: 'revision = "a"\ndown_revision = None\n' },
      { path: "alembic/versions/10_c.py", content: 'revision = "c"\ndown_revision = "x"\n' },
    ]);
    expect(broken.migrations.map((m) => m.path)).toEqual(["alembic/versions/1_a.py", "alembic/versions/2_b.py", "alembic/versions/10_c.py"]);
    expect(broken.warnings).toEqual([
      "Alembic revisions not on one linear chain from the base revision: alembic/versions/2_b.py, alembic/versions/10_c.py; ordered by file name.",
    ]);
  });
});

describe("analyzeApp: NestJS + MongoDB", () => {
  const app = analyzeApp([
    { path: "backend/nest-cli.json", content: '{ "collection": "@nestjs/schematics" }\n' },
    {
      path: "backend/package.json",
      content: json({ dependencies: { "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0", "@nestjs/mongoose": "^10.0.0", mongoose: "^8.0.0", express: "^4.0.0" }, devDependencies: { "@nestjs/cli": "^10.0.0", typescript: "^5.0.0" } }),
    },
    { path: "backend/src/main.ts", content: 'import { NestFactory } from "@nestjs/core";\n\nconst uri = process.env.MONGODB_URL;\nconst { PORT, JWT_SECRET: secret } = process.env;\n' },
    { path: "backend/src/app.module.ts", content: 'import { MongooseModule } from "@nestjs/mongoose";\n' },
  ]);

  it("prefers NestJS over its underlying Express and detects MongoDB", () => {
    expect(app.backend).toMatchObject({ framework: "nestjs", frameworkEvidence: "backend/package.json depends on @nestjs/common", language: "typescript" });
    expect(app.databases).toEqual(["mongodb"]);
    expect(app.databaseEvidence[0]!.evidence[0]).toBe("backend/package.json depends on mongoose");
    expect(app.backend?.environmentVariables).toEqual([
      { name: "MONGODB_URL", file: "backend/src/main.ts", line: 3 },
      { name: "PORT", file: "backend/src/main.ts", line: 4 },
      { name: "JWT_SECRET", file: "backend/src/main.ts", line: 4 },
    ]);
    expect(app.migrations).toEqual([]);
  });

  it("recognises NestJS from nest-cli.json alone", () => {
    const bare = analyzeApp([{ path: "backend/nest-cli.json", content: "{}\n" }, { path: "backend/src/main.ts", content: "export {};\n" }]);
    expect(bare.backend).toMatchObject({ framework: "nestjs", frameworkEvidence: "backend/nest-cli.json exists" });
  });
});

describe("analyzeApp: Gin + PostgreSQL + Redis", () => {
  const app = analyzeApp([
    {
      path: "backend/go.mod",
      content: [
        "module example.com/api",
        "",
        "go 1.22",
        "",
        "require github.com/gin-gonic/gin v1.10.0",
        "",
        "require (",
        "\tgithub.com/jackc/pgx/v5 v5.6.0",
        "\tgithub.com/redis/go-redis/v9 v9.5.1 // indirect",
        "\t// a comment",
        ")",
        "",
        "replace example.com/x => ../x",
        "",
      ].join("\n"),
    },
    {
      path: "backend/main.go",
      content: [
        "package main",
        "",
        "import (",
        '\t"os"',
        '\t"github.com/gin-gonic/gin"',
        '\tpgx "github.com/jackc/pgx/v5"',
        ")",
        "",
        "func main() {",
        '\turl := os.Getenv("DATABASE_URL")',
        '\tport, ok := os.LookupEnv("PORT")',
        "}",
        "",
      ].join("\n"),
    },
    { path: "backend/migrations/000002_posts.up.sql", content: "CREATE TABLE posts ();\n" },
    { path: "backend/migrations/000001_init.down.sql", content: "DROP TABLE users;\n" },
    { path: "backend/migrations/000001_init.up.sql", content: "CREATE TABLE users ();\n" },
  ]);

  it("detects Gin, Go, PostgreSQL and Redis from go.mod", () => {
    expect(app.backend).toMatchObject({ framework: "gin", frameworkEvidence: "backend/go.mod depends on github.com/gin-gonic/gin", language: "go" });
    expect(app.databases).toEqual(["postgresql", "redis"]);
    expect(app.backend?.dependencies).toEqual([
      { name: "github.com/gin-gonic/gin", version: "v1.10.0", dev: false, ecosystem: "go", source: "backend/go.mod", indirect: false },
      { name: "github.com/jackc/pgx/v5", version: "v5.6.0", dev: false, ecosystem: "go", source: "backend/go.mod", indirect: false },
      { name: "github.com/redis/go-redis/v9", version: "v9.5.1", dev: false, ecosystem: "go", source: "backend/go.mod", indirect: true },
    ]);
    expect(app.backend?.environmentVariables).toEqual([
      { name: "DATABASE_URL", file: "backend/main.go", line: 10 },
      { name: "PORT", file: "backend/main.go", line: 11 },
    ]);
  });

  it("orders golang-migrate files by step, up before down", () => {
    expect(app.migrations.map((m) => [m.name, m.version, m.direction])).toEqual([
      ["000001_init", "000001", "up"],
      ["000001_init", "000001", "down"],
      ["000002_posts", "000002", "up"],
    ]);
  });
});

describe("analyzeApp: Next.js at the repository root", () => {
  const app = analyzeApp([
    { path: "package.json", content: json({ dependencies: { next: "15.0.0", react: "19.0.0", "react-dom": "19.0.0", pg: "8.23.1" }, devDependencies: { typescript: "5.9.3" } }) },
    { path: "next.config.mjs", content: "export default {};\n" },
    { path: "app/page.tsx", content: 'export default function Page() { return <main>{process.env.NEXT_PUBLIC_API_URL}</main>; }\n' },
    { path: "app/api/posts/route.ts", content: 'import { NextResponse } from "next/server";\nimport { Pool } from "pg";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n' },
    { path: "prisma/schema.prisma", content: 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' },
    { path: "README.md", content: "# Next app\n" },
  ]);

  it("puts a single-service app at the root into that service", () => {
    expect(app.backend).toBeNull();
    expect(app.frontend).toMatchObject({ dir: ".", framework: "nextjs", frameworkEvidence: "package.json depends on next", language: "typescript" });
    expect(app.frontend?.files).toEqual(["package.json", "next.config.mjs", "app/page.tsx", "app/api/posts/route.ts"]);
    expect(app.other).toEqual(["prisma/schema.prisma", "README.md"]);
    expect(app.frontend?.environmentVariables.map((e) => [e.name, e.file])).toEqual([
      ["DATABASE_URL", "app/api/posts/route.ts"],
      ["NEXT_PUBLIC_API_URL", "app/page.tsx"],
    ]);
  });

  it("detects the database of a Next.js app from its own dependencies and a Prisma schema", () => {
    expect(app.databases).toEqual(["postgresql"]);
    expect(app.databaseEvidence[0]!.evidence).toEqual([
      "package.json depends on pg",
      "app/api/posts/route.ts:2 imports pg",
      "prisma/schema.prisma uses the postgresql provider",
    ]);
  });

  it("recognises Next.js in a frontend/ directory next to a backend", () => {
    const split = analyzeApp([
      { path: "frontend/next.config.js", content: "module.exports = {};\n" },
      { path: "frontend/app/page.jsx", content: "export default function P() {}\n" },
      { path: "backend/main.py", content: "from fastapi import FastAPI\n" },
    ]);
    expect(split.frontend).toMatchObject({ framework: "nextjs", frameworkEvidence: "frontend/next.config.js exists", language: "javascript" });
    expect(split.backend).toMatchObject({ framework: "fastapi", frameworkEvidence: "backend/main.py:1 imports fastapi", language: "python" });
    expect(split.databases).toEqual([]);
  });
});

describe("analyzeApp: heuristics without service directories", () => {
  it("classifies root-level files by manifest, imports, extension and directory names", () => {
    const app = analyzeApp([
      { path: "package.json", content: json({ dependencies: { express: "5.3.0", mongoose: "8.0.0" } }) },
      { path: "server.js", content: 'const express = require("express");\n' },
      { path: "routes/users.js", content: "module.exports = {};\n" },
      { path: "client/src/App.jsx", content: "export default () => null;\n" },
      { path: "scripts/seed.sh", content: "echo\n" },
      { path: ".env.example", content: "PORT=3000\n" },
    ]);
    expect(app.backend).toMatchObject({ dir: ".", framework: "express", files: ["package.json", "server.js", "routes/users.js"] });
    expect(app.frontend).toMatchObject({ dir: "client", files: ["client/src/App.jsx"], framework: null, language: "javascript" });
    expect(app.other).toEqual(["scripts/seed.sh", ".env.example"]);
    expect(app.databases).toEqual(["mongodb"]);
  });

  it("leaves files outside both service directories to other", () => {
    const app = analyzeApp([
      { path: "backend/index.js", content: "" },
      { path: "frontend/index.html", content: "" },
      { path: "e2e/contract.test.ts", content: 'import express from "express";\n' },
      { path: "migrations/0001_x.sql", content: "" },
    ]);
    expect(app.other).toEqual(["e2e/contract.test.ts", "migrations/0001_x.sql"]);
    // Migrations are found wherever they are.
    expect(app.migrations.map((m) => m.path)).toEqual(["migrations/0001_x.sql"]);
  });

  it("reports an unreadable package.json and still analyses the rest", () => {
    const app = analyzeApp([
      { path: "backend/package.json", content: "{ nope" },
      { path: "backend/index.js", content: 'import express from "express";\nprocess.env.PORT;\n' },
    ]);
    expect(app.warnings).toEqual([expect.stringMatching(/^backend\/package\.json is not valid JSON: /)]);
    expect(app.backend).toMatchObject({ framework: "express", frameworkEvidence: "backend/index.js:1 imports express", dependencies: [] });
  });

  it("returns empty services for an empty app", () => {
    expect(analyzeApp([])).toEqual({ backend: null, frontend: null, other: [], databases: [], databaseEvidence: [], migrations: [], warnings: [] });
  });
});

describe("parseFullStackResponse", () => {
  it("parses the seed's example response (path in the fence info string) and analyses it", () => {
    const response = [
      "I'll add JWT-based authentication to your Express app.",
      "",
      "```FILE: backend/routes/auth.js",
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      "const router = express.Router();",
      "router.post('/login', (req, res) => {",
      "  const token = jwt.sign({}, process.env.JWT_SECRET);",
      "});",
      "module.exports = router;",
      "```",
      "",
      "```FILE: backend/middleware/auth.js",
      "function authenticateToken(req, res, next) {",
      "  jwt.verify(token, process.env.JWT_SECRET, () => next());",
      "}",
      "```",
      "",
      "To use: set JWT_SECRET in .env",
    ].join("\n");
    const { parse, app } = parseFullStackResponse(response);
    expect(parse.files.map((f) => f.path)).toEqual(["backend/routes/auth.js", "backend/middleware/auth.js"]);
    expect(parse.prose).toContain("To use: set JWT_SECRET in .env");
    expect(app.backend).toMatchObject({
      framework: "express",
      frameworkEvidence: "backend/routes/auth.js:1 imports express",
      environmentVariables: [{ name: "JWT_SECRET", file: "backend/middleware/auth.js", line: 2 }],
    });
  });

  it("analyses what the serializer wrote, and applies the policy", () => {
    const text = serializeFileBlocks([
      { path: "backend/package.json", content: json({ dependencies: { express: "5.3.0" } }) },
      { path: "../escape.js", content: "" },
    ]);
    const { parse, app } = parseFullStackResponse(text, { maxFiles: 10 });
    expect(parse.rejected.map((r) => r.code)).toEqual(["parent-segment"]);
    expect(app.backend?.framework).toBe("express");
  });
});
