import type { GeneratedFile } from "../../parse/types.js";
import type { VerifyContext } from "../context.js";
import { goImports, isGoStdlib, parseGoMod, type GoMod } from "../lib/go-imports.js";
import { bundlerAliases, classifySpecifier, jsModuleRefs, typesPackageFor } from "../lib/js-imports.js";
import { isJsonc, parseJson } from "../lib/json.js";
import {
  normaliseDist,
  parsePyproject,
  parseRequirements,
  PYTHON_EXTRA_PROVIDES,
  PYTHON_IMPORT_TO_DIST,
  PYTHON_TRANSITIVE,
  pythonImports,
  type Requirement,
} from "../lib/python-imports.js";
import { PYTHON_STDLIB } from "../lib/python-stdlib.js";
import { ancestorDirs, baseName, dirOf, joinPath, plural } from "../../util/text.js";
import { JS_TS_FILE } from "../lib/typescript.js";
import type { Check, CheckOutcome } from "../types.js";

type Findings = CheckOutcome["findings"];

/**
 * Every third-party module the code imports is declared: JS/TS in the nearest
 * package.json, Python in the nearest requirements*.txt / pyproject.toml, Go
 * in the nearest go.mod.
 */
export const importsCheck: Check<VerifyContext> = {
  id: "imports",
  title: "Imports declared",
  async run(ctx): Promise<CheckOutcome> {
    const findings: Findings = [];
    const js = ctx.files.filter((f) => JS_TS_FILE.test(f.path));
    const py = ctx.files.filter((f) => /\.pyi?$/.test(f.path));
    const go = ctx.files.filter((f) => f.path.endsWith(".go"));
    let packages = 0;
    if (js.length > 0) packages += await checkJs(ctx, js, findings);
    if (py.length > 0) packages += checkPython(ctx, py, findings);
    if (go.length > 0) packages += checkGo(ctx, go, findings);
    if (js.length + py.length + go.length === 0) return { findings, skipped: "no JS, TS, Python or Go files" };
    return { findings, detail: `${plural(packages, "third-party import")} in ${plural(js.length + py.length + go.length, "file")}` };
  },
};

// ---- JavaScript / TypeScript ----

interface NpmPackage {
  path: string;
  declared: Set<string> | undefined; // undefined: package.json does not parse (the syntax check says so)
  aliases: string[];
  /** Directory `compilerOptions.baseUrl` points at, when set. */
  baseDir?: string;
}

async function checkJs(ctx: VerifyContext, files: GeneratedFile[], findings: Findings): Promise<number> {
  const ts = await ctx.typescript();
  const packages = new Map<string, NpmPackage>();
  const packageFor = (dir: string): NpmPackage => {
    let pkg = packages.get(dir);
    if (pkg) return pkg;
    const path = joinPath(dir, "package.json");
    let declared: Set<string> | undefined;
    try {
      const json = JSON.parse(ctx.get(path)!.content.replace(/^\uFEFF/, "")) as Record<string, unknown>;
      declared = new Set(typeof json.name === "string" ? [json.name] : []);
      for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        const deps = json[field];
        if (deps && typeof deps === "object") for (const name of Object.keys(deps)) declared.add(name);
      }
    } catch {
      declared = undefined;
    }
    pkg = { path, declared, aliases: [] };
    // Aliases: tsconfig/jsconfig `paths` and `baseUrl`, and a Vite config's `resolve.alias`.
    for (const f of ctx.files) {
      if (dirOf(f.path) !== dir) continue;
      const name = baseName(f.path);
      if (isJsonc(f.path) && /^(?:ts|js)config.*\.json$/.test(name)) {
        const parsed = parseJson(f.content, { jsonc: true });
        const options = parsed.ok ? (parsed.value as { compilerOptions?: { paths?: unknown; baseUrl?: unknown } }).compilerOptions : undefined;
        if (options?.paths && typeof options.paths === "object") pkg.aliases.push(...Object.keys(options.paths));
        if (typeof options?.baseUrl === "string") pkg.baseDir = joinPath(dir, options.baseUrl);
      } else if (/^vite\.config\.[cm]?[jt]s$/.test(name)) {
        pkg.aliases.push(...bundlerAliases(ts, ctx.sourceFile(f)));
      }
    }
    packages.set(dir, pkg);
    return pkg;
  };

  let count = 0;
  for (const file of files) {
    const pkgDir = ancestorDirs(file.path).find((d) => ctx.has(joinPath(d, "package.json")));
    const pkg = pkgDir === undefined ? undefined : packageFor(pkgDir);
    const reported = new Set<string>();
    for (const ref of jsModuleRefs(ts, ctx.sourceFile(file))) {
      const kind = classifySpecifier(ref.specifier, pkg?.aliases);
      if (kind.kind !== "package") continue;
      const name = kind.name;
      if (pkg?.baseDir !== undefined && resolvesUnderBase(ctx, pkg.baseDir, ref.specifier)) continue;
      count++;
      if (reported.has(name)) continue;
      if (pkg && pkg.declared === undefined) continue; // package.json does not parse: the syntax check says so
      const at = () => ({ file: file.path, ...ctx.lines(file).at(ref.pos) });
      if (!pkg) {
        reported.add(name);
        findings.push({ severity: "error", ...at(), message: `imports "${name}" but no package.json encloses ${file.path}` });
        continue;
      }
      const declared = pkg.declared!;
      if (declared.has(name)) continue;
      if (ref.typeOnly && declared.has(typesPackageFor(name))) continue;
      reported.add(name);
      const message = ref.typeOnly
        ? `imports types from "${name}" but ${pkg.path} declares neither ${name} nor ${typesPackageFor(name)}`
        : `imports "${name}" but ${pkg.path} does not declare it`;
      findings.push({ severity: "error", ...at(), message });
    }
  }
  return count;
}

/** A bare specifier that `baseUrl` resolves to a file or directory of the app (`components/Button`). */
function resolvesUnderBase(ctx: VerifyContext, baseDir: string, specifier: string): boolean {
  const first = specifier.split("/")[0]!;
  const target = joinPath(baseDir, first);
  if (ctx.hasDir(target)) return true;
  return [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json"].some((ext) => ctx.has(target + ext));
}

// ---- Python ----

interface PythonProject {
  /** Where the requirements were found, for messages. */
  source: string;
  declared: Set<string>;
  /** Requirements declared with an extra, normalised: `pydantic[email]`. */
  extras: Set<string>;
}

function checkPython(ctx: VerifyContext, files: GeneratedFile[], findings: Findings): number {
  const projects = new Map<string, PythonProject | undefined>();
  const requirementDirs = new Set(
    ctx.files.filter((f) => /^requirements.*\.txt$|^pyproject\.toml$/.test(baseName(f.path))).map((f) => dirOf(f.path)),
  );
  const projectFor = (file: string): PythonProject | undefined => {
    const dir = ancestorDirs(file).find((d) => requirementDirs.has(d));
    if (dir === undefined) return undefined;
    if (!projects.has(dir)) projects.set(dir, readPythonProject(ctx, dir));
    return projects.get(dir);
  };
  let count = 0;
  for (const file of files) {
    const project = projectFor(file.path);
    const reported = new Set<string>();
    for (const imp of pythonImports(file.content)) {
      const mod = imp.module;
      if (PYTHON_STDLIB.has(mod) || isLocalPythonModule(ctx, file.path, mod)) continue;
      count++;
      if (reported.has(mod)) continue;
      reported.add(mod);
      const at = { file: file.path, ...ctx.lines(file).at(imp.pos) };
      const severity = imp.optional ? ("warning" as const) : ("error" as const);
      if (!project) {
        findings.push({ severity, ...at, message: `imports ${mod} but no requirements.txt or pyproject.toml declares it` });
        continue;
      }
      const candidates = PYTHON_IMPORT_TO_DIST[mod] ?? [normaliseDist(mod)];
      const isDeclared = (dist: string) =>
        dist.endsWith("*") ? [...project.declared].some((d) => d.startsWith(dist.slice(0, -1))) : project.declared.has(dist);
      if (candidates.some(isDeclared)) continue;
      if (candidates.some((c) => providedByExtra(project, c))) continue;
      const parent = [...project.declared].find((d) => candidates.some((c) => PYTHON_TRANSITIVE[d]?.includes(c)));
      const dist = candidates[0]!;
      if (parent) {
        findings.push({ severity: "warning", ...at, message: `imports ${mod}, which ${project.source} gets only through ${parent}; declare ${dist}` });
        continue;
      }
      const named = dist === normaliseDist(mod) ? "" : ` (distribution ${candidates.join(" or ")})`;
      findings.push({ severity, ...at, message: `imports ${mod} but ${project.source} does not declare it${named}` });
    }
  }
  return count;
}

function providedByExtra(project: PythonProject, dist: string): boolean {
  for (const extra of project.extras) if (PYTHON_EXTRA_PROVIDES[extra]?.includes(dist)) return true;
  return false;
}

function readPythonProject(ctx: VerifyContext, dir: string): PythonProject {
  const declared = new Set<string>();
  const extras = new Set<string>();
  const sources: string[] = [];
  const add = (reqs: Requirement[]) => {
    for (const r of reqs) {
      declared.add(r.name);
      for (const e of r.extras) extras.add(`${r.name}[${e}]`);
    }
  };
  const seen = new Set<string>();
  const readRequirements = (path: string) => {
    const file = ctx.get(path);
    if (!file || seen.has(path)) return;
    seen.add(path);
    sources.push(path);
    const { requirements, includes } = parseRequirements(file.content);
    add(requirements);
    for (const inc of includes) readRequirements(normalisePath(joinPath(dirOf(path), inc)));
  };
  for (const f of ctx.files) {
    const d = dirOf(f.path);
    if ((d === dir && /^requirements.*\.txt$/.test(baseName(f.path))) || (d === joinPath(dir, "requirements") && f.path.endsWith(".txt"))) readRequirements(f.path);
  }
  const pyproject = ctx.get(joinPath(dir, "pyproject.toml"));
  if (pyproject) {
    sources.push(pyproject.path);
    add(parsePyproject(pyproject.content));
  }
  return { source: sources[0] ?? joinPath(dir, "requirements.txt"), declared, extras };
}

/** A module of the app itself: a package directory or `.py` file next to the importer or in one of its ancestors. */
function isLocalPythonModule(ctx: VerifyContext, file: string, mod: string): boolean {
  return ancestorDirs(file).some((d) => ctx.hasDir(joinPath(d, mod)) || ctx.has(joinPath(d, `${mod}.py`)) || ctx.has(joinPath(d, `${mod}.pyi`)) || ctx.hasDir(joinPath(joinPath(d, "src"), mod)));
}

/** `a/b/../c` → `a/c`. */
function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

// ---- Go ----

function checkGo(ctx: VerifyContext, files: GeneratedFile[], findings: Findings): number {
  const mods = new Map<string, GoMod>();
  let count = 0;
  for (const file of files) {
    const modDir = ancestorDirs(file.path).find((d) => ctx.has(joinPath(d, "go.mod")));
    const modPath = modDir === undefined ? undefined : joinPath(modDir, "go.mod");
    let mod = modPath ? mods.get(modPath) : undefined;
    if (modPath && !mod) mods.set(modPath, (mod = parseGoMod(ctx.get(modPath)!.content)));
    for (const imp of goImports(file.content)) {
      if (isGoStdlib(imp.path)) continue;
      const within = (root: string) => imp.path === root || imp.path.startsWith(`${root}/`);
      if (mod?.module && within(mod.module)) continue;
      count++;
      if (mod && mod.requires.some(within)) continue;
      const at = { file: file.path, ...ctx.lines(file).at(imp.pos) };
      findings.push({
        severity: "error",
        ...at,
        message: modPath ? `imports "${imp.path}" but ${modPath} does not require it` : `imports "${imp.path}" but no go.mod encloses ${file.path}`,
      });
    }
  }
  return count;
}
