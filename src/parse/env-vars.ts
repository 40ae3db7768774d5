import type { GeneratedFile } from "./types.js";

export interface EnvVarUse {
  name: string;
  /** 1-based line of the first read in the file. */
  line: number;
}

const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;
const PY_FILE = /\.py$/;
const GO_FILE = /\.go$/;

const JS_PATTERNS = [
  /process\.env\.([A-Z_][A-Z0-9_]*)(?![\w*])/g,
  /process\.env\[\s*["'`]([A-Z_][A-Z0-9_]*)["'`]\s*\]/g,
  // Not followed by `*`: `import.meta.env.VITE_*` in a comment names a family, not a variable.
  /import\.meta\.env\.([A-Z_][A-Z0-9_]*)(?![\w*])/g,
];
/** `const { A, B: b = 1 } = process.env` */
const JS_DESTRUCTURE = /(?:const|let|var)\s*\{([^}]*)\}\s*=\s*process\.env\b/g;
const PY_PATTERNS = [
  /os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]/g,
  /os\.environ\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/g,
  /os\.getenv\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/g,
];
const GO_PATTERNS = [/os\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g];

/** Vite's own `import.meta.env` keys, which are not environment variables. */
const VITE_BUILTINS = new Set(["MODE", "DEV", "PROD", "SSR", "BASE_URL"]);

/**
 * The environment variables a source file reads (Node `process.env`, Vite
 * `import.meta.env`, Python `os.environ`/`os.getenv`, Go `os.Getenv`), each
 * with the line of its first use, in order of first use.
 */
export function envVarsReadIn(file: GeneratedFile): EnvVarUse[] {
  const patterns = JS_FILE.test(file.path) ? JS_PATTERNS : PY_FILE.test(file.path) ? PY_PATTERNS : GO_FILE.test(file.path) ? GO_PATTERNS : [];
  if (patterns.length === 0) return [];
  const found = new Map<string, number>();
  const record = (name: string, index: number) => {
    if (VITE_BUILTINS.has(name) || found.has(name)) return;
    found.set(name, lineAt(file.content, index));
  };
  const hits: Array<{ name: string; index: number }> = [];
  for (const pattern of patterns) {
    for (const m of file.content.matchAll(pattern)) hits.push({ name: m[1]!, index: m.index });
  }
  if (JS_FILE.test(file.path)) {
    for (const m of file.content.matchAll(JS_DESTRUCTURE)) {
      for (const part of m[1]!.split(",")) {
        const key = /^\s*([A-Z_][A-Z0-9_]*)/.exec(part)?.[1];
        if (key) hits.push({ name: key, index: m.index });
      }
    }
  }
  hits.sort((a, b) => a.index - b.index).forEach((h) => record(h.name, h.index));
  return [...found].map(([name, line]) => ({ name, line }));
}

export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
