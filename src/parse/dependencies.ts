/**
 * Declared dependencies, read from the manifests a generated service ships:
 * package.json, requirements*.txt, pyproject.toml and go.mod. Text parsing
 * only (no resolution, no network), tolerant of what models write.
 */
import type { GeneratedFile } from "./types.js";

export type Ecosystem = "npm" | "pypi" | "go";

export interface Dependency {
  /** Package name as declared (`express`, `uvicorn`, `github.com/gin-gonic/gin`). */
  name: string;
  /** Version or specifier as written (`^5.1.0`, `>=0.110,<1`, `v1.10.0`, `@ https://…`); "" when none. */
  version: string;
  /** A development-only dependency (devDependencies, requirements-dev.txt, dev groups). */
  dev: boolean;
  ecosystem: Ecosystem;
  /** The manifest that declares it. */
  source: string;
  /** go.mod `// indirect`; false elsewhere. */
  indirect: boolean;
}

export interface ManifestRead {
  dependencies: Dependency[];
  /** Why the manifest could not be read, if it could not. */
  error: string | null;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** The kind of dependency manifest a path is, if any. */
export function manifestKind(path: string): "package.json" | "requirements" | "pyproject" | "go.mod" | null {
  const name = baseName(path);
  if (name === "package.json") return "package.json";
  if (name === "pyproject.toml") return "pyproject";
  if (name === "go.mod") return "go.mod";
  if (/\.txt$/.test(name) && (/requirements/i.test(name) || /(?:^|\/)requirements\/[^/]+$/.test(path))) return "requirements";
  return null;
}

/** Dependencies declared by a manifest file (empty for other files). */
export function dependenciesIn(file: GeneratedFile): ManifestRead {
  switch (manifestKind(file.path)) {
    case "package.json":
      return packageJsonDependencies(file);
    case "requirements":
      return { dependencies: requirementsDependencies(file), error: null };
    case "pyproject":
      return { dependencies: pyprojectDependencies(file), error: null };
    case "go.mod":
      return { dependencies: goModDependencies(file), error: null };
    case null:
      return { dependencies: [], error: null };
  }
}

/** `dependencies` and `devDependencies` of a package.json. */
export function packageJsonDependencies(file: GeneratedFile): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch (e) {
    return { dependencies: [], error: `${file.path} is not valid JSON: ${(e as Error).message}` };
  }
  if (!isRecord(json)) return { dependencies: [], error: `${file.path} is not a JSON object.` };
  const out: Dependency[] = [];
  for (const [field, dev] of [
    ["dependencies", false],
    ["devDependencies", true],
  ] as const) {
    const deps = json[field];
    if (!isRecord(deps)) continue;
    for (const [name, version] of Object.entries(deps)) {
      if (typeof version !== "string") continue;
      out.push({ name, version, dev, ecosystem: "npm", source: file.path, indirect: false });
    }
  }
  return { dependencies: out, error: null };
}

/**
 * requirements.txt: one PEP 508 requirement a line. Comments, blank lines and
 * options (`-r`, `-e`, `--index-url`, ...) are skipped, as are bare URLs and
 * paths; environment markers (`; python_version < "3.11"`) are dropped.
 * Files named like requirements-dev.txt / dev-requirements.txt /
 * requirements/test.txt hold dev dependencies.
 */
export function requirementsDependencies(file: GeneratedFile): Dependency[] {
  const dev = /(?:^|[-_./])(?:dev|test|tests|lint|docs)(?:[-_.]|$)/i.test(baseName(file.path).replace(/\.txt$/, "")) || /requirements\/(?:dev|test)/i.test(file.path);
  const out: Dependency[] = [];
  const text = file.content.replace(/\\\r?\n/g, " ");
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?:^|\s)#.*$/, "").trim();
    if (line === "" || line.startsWith("-")) continue;
    const req = parseRequirement(line);
    if (req) out.push({ ...req, dev, ecosystem: "pypi", source: file.path, indirect: false });
  }
  return out;
}

/** A PEP 508 requirement string: name, optional extras, specifier; the marker is dropped. */
export function parseRequirement(text: string): { name: string; version: string } | null {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/.exec(text.trim());
  if (!m) return null;
  const rest = m[2]!;
  // A marker starts at ";" — except inside a URL requirement ("name @ url ; marker").
  const semi = rest.search(/\s*;/);
  const version = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  // "https://…", "./pkg", "git+https://…": not a named requirement.
  if (version !== "" && !/^[@=<>!~(]/.test(version)) return null;
  return { name: m[1]!, version };
}

/**
 * pyproject.toml: `[project] dependencies`, the dev-like groups of
 * `[project.optional-dependencies]` and `[dependency-groups]` (dev, test,
 * lint, docs, typing), and Poetry's `[tool.poetry.dependencies]` /
 * `[tool.poetry.group.*.dependencies]` / `[tool.poetry.dev-dependencies]`.
 * A line-based reader of the TOML subset those tables use.
 */
export function pyprojectDependencies(file: GeneratedFile): Dependency[] {
  const out: Dependency[] = [];
  const add = (name: string, version: string, dev: boolean) =>
    out.push({ name, version, dev, ecosystem: "pypi", source: file.path, indirect: false });
  const devGroup = (g: string) => /^(?:dev|develop|development|test|tests|testing|lint|linting|docs|typing)$/i.test(g);

  let table = "";
  const lines = file.content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripTomlComment(lines[i]!).trim();
    if (line === "") continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s+/g, "");
      continue;
    }
    const kv = /^("?)([A-Za-z0-9_.-]+)\1\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[2]!;
    let value = kv[3]!;
    // Collect a multi-line array up to its closing bracket.
    if (value.startsWith("[")) {
      while (!arrayClosed(value) && i + 1 < lines.length) value += " " + stripTomlComment(lines[++i]!);
    }
    const arrayOfRequirements = (dev: boolean) => {
      for (const s of tomlStrings(value)) {
        const req = parseRequirement(s);
        if (req) add(req.name, req.version, dev);
      }
    };
    if (table === "project" && key === "dependencies") arrayOfRequirements(false);
    else if ((table === "project.optional-dependencies" || table === "dependency-groups") && devGroup(key)) arrayOfRequirements(true);
    else if (table === "tool.poetry.dependencies" || table === "tool.poetry.dev-dependencies" || /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table)) {
      if (key.toLowerCase() === "python") continue;
      const dev = table !== "tool.poetry.dependencies";
      const plain = tomlStrings(value)[0];
      const inline = /\bversion\s*=\s*["']([^"']*)["']/.exec(value);
      add(key, value.startsWith("{") ? (inline?.[1] ?? "") : (plain ?? ""), dev);
    }
  }
  return out;
}

/**
 * go.mod: `require path version` lines and `require ( ... )` blocks, with
 * `// indirect` noted. replace/exclude/retract are ignored.
 */
export function goModDependencies(file: GeneratedFile): Dependency[] {
  const out: Dependency[] = [];
  let inRequire = false;
  for (const raw of file.content.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (line === "") continue;
    let spec: string | null = null;
    if (inRequire) {
      if (line.startsWith(")")) {
        inRequire = false;
        continue;
      }
      spec = line;
    } else if (/^require\s*\($/.test(line)) {
      inRequire = true;
      continue;
    } else {
      const single = /^require\s+(.+)$/.exec(line);
      if (single) spec = single[1]!;
    }
    if (spec === null) continue;
    const [name, version] = spec.split(/\s+/);
    if (name) out.push({ name: unquote(name), version: version ?? "", dev: false, ecosystem: "go", source: file.path, indirect });
  }
  return out;
}

function unquote(s: string): string {
  return /^".*"$/.test(s) ? s.slice(1, -1) : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Removes a `#` comment that is not inside a string. */
function stripTomlComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

function arrayClosed(value: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return true;
  }
  return false;
}

function tomlStrings(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return out;
}
