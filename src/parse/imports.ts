/**
 * The external packages a source file imports (JS/TS, Python, Go), by a
 * light regex scan: good enough to recognise a framework or a database driver,
 * not a full module resolver.
 */
import { lineAt } from "./env-vars.js";
import type { Ecosystem } from "./dependencies.js";
import type { GeneratedFile } from "./types.js";

export interface ImportUse {
  /** The package: `express`, `@nestjs/core`, `sqlalchemy`, `github.com/gin-gonic/gin`. */
  module: string;
  ecosystem: Ecosystem;
  /** 1-based line of the first import. */
  line: number;
}

const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;
const JS_IMPORTS = [
  /\bfrom\s*["']([^"'\n]+)["']/g,
  /\b(?:require|import)\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
  /^\s*import\s*["']([^"'\n]+)["']/gm,
];
const PY_IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+)/gm;
const PY_FROM = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import\b/gm;
const GO_SINGLE = /^[ \t]*import[ \t]+(?:[\w.]+[ \t]+)?"([^"]+)"/gm;
const GO_BLOCK = /^[ \t]*import[ \t]*\(([\s\S]*?)\)/gm;

/** External packages imported by a file, each once, in order of first import. */
export function importsIn(file: GeneratedFile): ImportUse[] {
  const hits: Array<{ module: string; index: number }> = [];
  let ecosystem: Ecosystem;
  if (JS_FILE.test(file.path)) {
    ecosystem = "npm";
    for (const re of JS_IMPORTS) {
      for (const m of file.content.matchAll(re)) {
        const pkg = npmPackageOf(m[1]!);
        if (pkg) hits.push({ module: pkg, index: m.index });
      }
    }
  } else if (file.path.endsWith(".py")) {
    ecosystem = "pypi";
    for (const m of file.content.matchAll(PY_IMPORT)) {
      for (const part of m[1]!.split(",")) {
        const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
        if (name) hits.push({ module: name, index: m.index });
      }
    }
    for (const m of file.content.matchAll(PY_FROM)) {
      if (!m[1]!.startsWith(".")) hits.push({ module: m[1]!.split(".")[0]!, index: m.index });
    }
  } else if (file.path.endsWith(".go")) {
    ecosystem = "go";
    for (const m of file.content.matchAll(GO_SINGLE)) hits.push({ module: m[1]!, index: m.index });
    for (const m of file.content.matchAll(GO_BLOCK)) {
      const body = m[1]!;
      const offset = m.index + m[0].indexOf("(") + 1;
      for (const q of body.matchAll(/"([^"]+)"/g)) hits.push({ module: q[1]!, index: offset + q.index });
    }
  } else {
    return [];
  }
  hits.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  const out: ImportUse[] = [];
  for (const h of hits) {
    if (seen.has(h.module)) continue;
    seen.add(h.module);
    out.push({ module: h.module, ecosystem, line: lineAt(file.content, h.index) });
  }
  return out;
}

/** The package of an import specifier (`@scope/pkg/sub` → `@scope/pkg`, `pg/lib` → `pg`); null for relative, absolute, `node:` and alias (`@/x`, `~/x`) imports. */
export function npmPackageOf(specifier: string): string | null {
  if (/^(?:\.|\/|node:|[a-z]+:|@\/|~\/|#)/.test(specifier)) return null;
  const parts = specifier.split("/");
  if (specifier.startsWith("@")) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null;
  return parts[0] || null;
}
