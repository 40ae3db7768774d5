/**
 * What a generated app is made of, read from its files alone: the seed's
 * `parseFullStackResponse` made real. The files are split into backend,
 * frontend and other; for each service: framework, language, declared
 * dependencies and the environment variables its code reads; for the app:
 * the databases it uses (with the evidence) and its migrations in order.
 *
 * The result is plain data (JSON-serializable), shared by the pipeline, the
 * verify step and the PR body.
 */
import { dependenciesIn, manifestKind, type Dependency } from "./dependencies.js";
import { envVarsReadIn } from "./env-vars.js";
import { parseFileBlocks, type ParseResult } from "./file-blocks.js";
import { importsIn, type ImportUse } from "./imports.js";
import { findMigrations, type Migration } from "./migrations.js";
import type { PathPolicy } from "./path-policy.js";
import type { GeneratedFile } from "./types.js";

export type { Dependency, Ecosystem } from "./dependencies.js";
export type { Migration, MigrationKind } from "./migrations.js";

export type BackendFramework = "express" | "fastapi" | "nestjs" | "gin";
export type FrontendFramework = "react-vite" | "nextjs";
export type DatabaseKind = "postgresql" | "mongodb" | "redis";
export type ServiceRole = "backend" | "frontend";
export type Language = "javascript" | "typescript" | "python" | "go";

export interface EnvVarReference {
  name: string;
  /** The file of the first read (files taken in path order). */
  file: string;
  /** 1-based line of that read. */
  line: number;
}

export interface ServiceAnalysis<F extends string> {
  role: ServiceRole;
  /** The service's directory (`backend`, `frontend`), or "." when its files sit at the app's root. */
  dir: string;
  framework: F | null;
  /** Why that framework, e.g. `backend/package.json depends on express`. */
  frameworkEvidence: string | null;
  language: Language | null;
  /** Paths of the service's files, in the order given. */
  files: string[];
  /** Declared in the service's manifests (package.json, requirements*.txt, pyproject.toml, go.mod). */
  dependencies: Dependency[];
  /** Read in the service's code, each once, in path order then line order. */
  environmentVariables: EnvVarReference[];
}

export type BackendAnalysis = ServiceAnalysis<BackendFramework>;
export type FrontendAnalysis = ServiceAnalysis<FrontendFramework>;

export interface DatabaseEvidence {
  kind: DatabaseKind;
  /** Sentences such as `backend/package.json depends on pg`, `backend/src/db.js:1 imports pg`. */
  evidence: string[];
}

export interface ParsedApp {
  backend: BackendAnalysis | null;
  frontend: FrontendAnalysis | null;
  /** Paths that belong to neither service (README.md, stackwright.json, docker-compose.yml, ...). */
  other: string[];
  /** Databases the app uses, in the order postgresql, mongodb, redis. */
  databases: DatabaseKind[];
  databaseEvidence: DatabaseEvidence[];
  /** All migrations, in application order. */
  migrations: Migration[];
  /** Things that could not be read (an invalid package.json, a broken Alembic chain). */
  warnings: string[];
}

const BACKEND_DIRS = ["backend", "server", "api"] as const;
const FRONTEND_DIRS = ["frontend", "client", "web"] as const;

/** Analyses a generated app's files. */
export function analyzeApp(files: readonly GeneratedFile[]): ParsedApp {
  const warnings: string[] = [];
  const backendDir = BACKEND_DIRS.find((d) => files.some((f) => f.path.startsWith(d + "/"))) ?? null;
  const frontendDir = FRONTEND_DIRS.find((d) => files.some((f) => f.path.startsWith(d + "/"))) ?? null;

  const byRole: Record<ServiceRole | "other", GeneratedFile[]> = { backend: [], frontend: [], other: [] };
  for (const file of files) {
    byRole[classify(file, backendDir, frontendDir)].push(file);
  }

  const backend = byRole.backend.length > 0 ? analyzeService("backend", backendDir ?? ".", byRole.backend, warnings, detectBackend) : null;
  const frontend = byRole.frontend.length > 0 ? analyzeService("frontend", frontendDir ?? ".", byRole.frontend, warnings, detectFrontend) : null;

  const { migrations, warnings: migrationWarnings } = findMigrations(files);
  warnings.push(...migrationWarnings);

  const databaseEvidence = detectDatabases(files, [backend, frontend], migrations);
  return {
    backend: backend?.analysis ?? null,
    frontend: frontend?.analysis ?? null,
    other: byRole.other.map((f) => f.path),
    databases: databaseEvidence.map((d) => d.kind),
    databaseEvidence,
    migrations,
    warnings,
  };
}

/** Parses a response and analyses its files: the seed's `parseFullStackResponse`, for whole responses. */
export function parseFullStackResponse(response: string, policy?: Partial<PathPolicy>): { parse: ParseResult; app: ParsedApp } {
  const parse = parseFileBlocks(response, policy);
  return { parse, app: analyzeApp(parse.files) };
}

// ---- classification ----------------------------------------------------------

type Role = ServiceRole | "other";

const BACKEND_NPM = /^(?:express|fastify|koa|@hapi\/hapi|@nestjs\/.+)$/;
const FRONTEND_NPM = /^(?:next|react|react-dom|vite|vue|svelte|@sveltejs\/kit)$/;
const CODE_EXT = /\.(?:[cm]?[jt]sx?|py|go|sql|css|scss|html|vue|svelte)$/;
const BACKEND_SEGMENTS = new Set(["routes", "controllers", "models", "middleware", "middlewares", "migrations", "alembic", "handlers", "repositories", "db", "prisma"]);
const FRONTEND_SEGMENTS = new Set(["components", "pages", "app", "public", "hooks", "styles", "assets", "views"]);

function classify(file: GeneratedFile, backendDir: string | null, frontendDir: string | null): Role {
  if (backendDir !== null && file.path.startsWith(backendDir + "/")) return "backend";
  if (frontendDir !== null && file.path.startsWith(frontendDir + "/")) return "frontend";
  // Outside the service directories: only a role that has no directory can take the file.
  const guess = guessRole(file);
  if (guess === "backend" && backendDir === null) return "backend";
  if (guess === "frontend" && frontendDir === null) return "frontend";
  return "other";
}

/** Path and content heuristics for files outside backend/ and frontend/ (single-service layouts). */
function guessRole(file: GeneratedFile): ServiceRole | null {
  const path = file.path;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const segments = path.split("/").slice(0, -1);

  const kind = manifestKind(path);
  if (kind === "package.json") {
    const deps = dependenciesIn(file).dependencies.map((d) => d.name);
    if (deps.some((d) => BACKEND_NPM.test(d))) return "backend";
    if (deps.some((d) => FRONTEND_NPM.test(d))) return "frontend";
    return null;
  }
  if (kind !== null || name === "go.sum" || name === "nest-cli.json" || name === "alembic.ini") return "backend";
  if (/^(?:next|vite)\.config\.[cm]?[jt]s$/.test(name) || (segments.length === 0 && name === "index.html")) return "frontend";
  if (!CODE_EXT.test(name)) return null;

  for (const imp of importsIn(file)) {
    if (BACKEND_NPM.test(imp.module) || imp.module === "fastapi" || imp.module === "github.com/gin-gonic/gin") return "backend";
    if (imp.module === "next" || imp.module === "react" || imp.module === "react-dom") return "frontend";
  }
  if (/\.(?:py|go|sql)$/.test(name)) return "backend";
  if (/\.(?:jsx|tsx|css|scss|html|vue|svelte)$/.test(name) || /^\s*["']use client["']/.test(file.content)) return "frontend";
  if (segments.some((s) => BACKEND_SEGMENTS.has(s))) return "backend";
  if (segments.some((s) => FRONTEND_SEGMENTS.has(s))) return "frontend";
  return null;
}

// ---- services ------------------------------------------------------------------

interface ServiceFacts {
  files: GeneratedFile[];
  dependencies: Dependency[];
  imports: Array<{ file: string } & ImportUse>;
}

type Detector<F extends string> = (facts: ServiceFacts) => { framework: F; evidence: string } | null;

function analyzeService<F extends string>(
  role: ServiceRole,
  dir: string,
  files: GeneratedFile[],
  warnings: string[],
  detect: Detector<F>,
): { analysis: ServiceAnalysis<F>; facts: ServiceFacts } {
  const dependencies: Dependency[] = [];
  for (const file of files) {
    const read = dependenciesIn(file);
    if (read.error) warnings.push(read.error);
    dependencies.push(...read.dependencies);
  }
  const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const imports: ServiceFacts["imports"] = [];
  const env = new Map<string, EnvVarReference>();
  for (const file of byPath) {
    for (const use of importsIn(file)) imports.push({ file: file.path, ...use });
    for (const use of envVarsReadIn(file)) {
      if (!env.has(use.name)) env.set(use.name, { name: use.name, file: file.path, line: use.line });
    }
  }
  const facts: ServiceFacts = { files, dependencies, imports };
  const detected = detect(facts);
  return {
    facts,
    analysis: {
      role,
      dir,
      framework: detected?.framework ?? null,
      frameworkEvidence: detected?.evidence ?? null,
      language: detectLanguage(detected?.framework ?? null, files),
      files: files.map((f) => f.path),
      dependencies,
      environmentVariables: [...env.values()],
    },
  };
}

const depEvidence = (d: Dependency) => `${d.source} depends on ${d.name}`;
const importEvidence = (i: { file: string } & ImportUse) => `${i.file}:${i.line} imports ${i.module}`;
const findDep = (facts: ServiceFacts, ecosystem: Dependency["ecosystem"], test: (name: string) => boolean) =>
  facts.dependencies.find((d) => d.ecosystem === ecosystem && test(normalisePackage(d.name, ecosystem)));
const findImport = (facts: ServiceFacts, test: (module: string) => boolean) => facts.imports.find((i) => test(i.module));
const findFile = (facts: ServiceFacts, test: (name: string) => boolean) =>
  facts.files.find((f) => test(f.path.slice(f.path.lastIndexOf("/") + 1)));

function detectBackend(facts: ServiceFacts): { framework: BackendFramework; evidence: string } | null {
  const nest = findDep(facts, "npm", (n) => n.startsWith("@nestjs/"));
  if (nest) return { framework: "nestjs", evidence: depEvidence(nest) };
  const nestCli = findFile(facts, (n) => n === "nest-cli.json");
  if (nestCli) return { framework: "nestjs", evidence: `${nestCli.path} exists` };
  const express = findDep(facts, "npm", (n) => n === "express");
  if (express) return { framework: "express", evidence: depEvidence(express) };
  const fastapi = findDep(facts, "pypi", (n) => n === "fastapi");
  if (fastapi) return { framework: "fastapi", evidence: depEvidence(fastapi) };
  const gin = findDep(facts, "go", (n) => n === "github.com/gin-gonic/gin");
  if (gin) return { framework: "gin", evidence: depEvidence(gin) };
  // No manifest says so: the code's imports.
  const byImport: Array<[BackendFramework, (m: string) => boolean]> = [
    ["nestjs", (m) => m.startsWith("@nestjs/")],
    ["express", (m) => m === "express"],
    ["fastapi", (m) => m === "fastapi"],
    ["gin", (m) => m === "github.com/gin-gonic/gin"],
  ];
  for (const [framework, test] of byImport) {
    const imp = findImport(facts, test);
    if (imp) return { framework, evidence: importEvidence(imp) };
  }
  return null;
}

function detectFrontend(facts: ServiceFacts): { framework: FrontendFramework; evidence: string } | null {
  const next = findDep(facts, "npm", (n) => n === "next");
  if (next) return { framework: "nextjs", evidence: depEvidence(next) };
  const nextConfig = findFile(facts, (n) => /^next\.config\.[cm]?[jt]s$/.test(n));
  if (nextConfig) return { framework: "nextjs", evidence: `${nextConfig.path} exists` };
  const nextImport = findImport(facts, (m) => m === "next");
  if (nextImport) return { framework: "nextjs", evidence: importEvidence(nextImport) };
  const react = findDep(facts, "npm", (n) => n === "react");
  const vite = findDep(facts, "npm", (n) => n === "vite");
  const viteConfig = findFile(facts, (n) => /^vite\.config\.[cm]?[jt]s$/.test(n));
  if (react && (vite || viteConfig)) {
    return { framework: "react-vite", evidence: vite ? `${depEvidence(vite)} and ${react.name}` : `${viteConfig!.path} exists and ${depEvidence(react)}` };
  }
  return null;
}

function detectLanguage(framework: string | null, files: readonly GeneratedFile[]): Language | null {
  const has = (re: RegExp) => files.some((f) => re.test(f.path));
  const typescript = files.some((f) => /\.[cm]?tsx?$/.test(f.path) && !f.path.endsWith(".d.ts"));
  switch (framework) {
    case "nestjs":
      return "typescript";
    case "fastapi":
      return "python";
    case "gin":
      return "go";
    case "express":
    case "react-vite":
    case "nextjs":
      return typescript ? "typescript" : "javascript";
  }
  if (has(/\.go$/)) return "go";
  if (has(/\.py$/)) return "python";
  if (typescript) return "typescript";
  if (has(/\.[cm]?jsx?$/)) return "javascript";
  return null;
}

// ---- databases -------------------------------------------------------------------

interface DbRule {
  kind: DatabaseKind;
  npm: readonly string[];
  pypi: readonly string[];
  /** Go module path prefixes. */
  go: readonly string[];
}

const DB_RULES: readonly DbRule[] = [
  {
    kind: "postgresql",
    npm: ["pg", "pg-promise", "postgres", "@neondatabase/serverless", "@vercel/postgres", "pg-pool"],
    // SQLAlchemy/SQLModel count: PostgreSQL is the one SQL database Stackwright provisions.
    pypi: ["psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "asyncpg", "sqlalchemy", "sqlmodel"],
    go: ["github.com/jackc/pgx", "github.com/lib/pq", "gorm.io/driver/postgres"],
  },
  {
    kind: "mongodb",
    npm: ["mongodb", "mongoose"],
    pypi: ["motor", "pymongo", "beanie", "mongoengine", "odmantic"],
    go: ["go.mongodb.org/mongo-driver"],
  },
  {
    kind: "redis",
    npm: ["redis", "ioredis", "@upstash/redis", "bullmq"],
    pypi: ["redis", "aioredis"],
    go: ["github.com/redis/go-redis", "github.com/go-redis/redis", "github.com/gomodule/redigo"],
  },
];

function normalisePackage(name: string, ecosystem: Dependency["ecosystem"]): string {
  return ecosystem === "pypi" ? name.toLowerCase().replace(/[_.]+/g, "-") : name;
}

function matchesRule(rule: DbRule, ecosystem: Dependency["ecosystem"], name: string): boolean {
  switch (ecosystem) {
    case "npm":
      return rule.npm.includes(name);
    case "pypi":
      return rule.pypi.includes(normalisePackage(name, "pypi"));
    case "go":
      return rule.go.some((prefix) => name === prefix || name.startsWith(prefix + "/"));
  }
}

function detectDatabases(
  files: readonly GeneratedFile[],
  services: ReadonlyArray<{ facts: ServiceFacts } | null>,
  migrations: readonly Migration[],
): DatabaseEvidence[] {
  const evidence = new Map<DatabaseKind, Set<string>>();
  const add = (kind: DatabaseKind, sentence: string) => {
    const set = evidence.get(kind) ?? new Set<string>();
    set.add(sentence);
    evidence.set(kind, set);
  };
  for (const service of services) {
    if (!service) continue;
    for (const rule of DB_RULES) {
      for (const d of service.facts.dependencies) if (matchesRule(rule, d.ecosystem, d.name)) add(rule.kind, depEvidence(d));
      for (const i of service.facts.imports) if (matchesRule(rule, i.ecosystem, i.module)) add(rule.kind, importEvidence(i));
    }
  }
  const sql = migrations.filter((m) => m.kind === "sql");
  if (sql.length > 0) add("postgresql", `${sql.length} SQL migration${sql.length === 1 ? "" : "s"} (${sql[0]!.path}${sql.length > 1 ? ", ..." : ""})`);
  for (const file of files) {
    if (!file.path.endsWith(".prisma")) continue;
    const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(file.content)?.[1];
    if (provider === "postgresql" || provider === "postgres") add("postgresql", `${file.path} uses the postgresql provider`);
    if (provider === "mongodb") add("mongodb", `${file.path} uses the mongodb provider`);
  }
  return DB_RULES.filter((r) => evidence.has(r.kind)).map((r) => ({ kind: r.kind, evidence: [...evidence.get(r.kind)!] }));
}
