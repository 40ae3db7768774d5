import { commentsIn } from "./comments.js";

export interface GoImport {
  path: string;
  /** Offset of the import path (its opening quote) in the file. */
  pos: number;
}

/** Imports of a Go file: `import "x"`, `import alias "x"` and `import ( ... )` blocks; comments ignored. */
export function goImports(text: string): GoImport[] {
  // Blank comments (keeping offsets) so a commented-out import is not read.
  const chars = text.split("");
  for (const c of commentsIn(text, { kind: "c", line: "//", block: true, strings: "\"'", rawBacktick: true })) {
    for (let k = c.offset; k < c.offset + c.text.length; k++) chars[k] = " ";
  }
  const code = chars.join("");
  const out: GoImport[] = [];
  const spec = /^[ \t]*(?:[\w.]+[ \t]+)?("|`)([^"`\n]+)\1/gm;
  for (const m of code.matchAll(/(^|\n)[ \t]*import[ \t]*(\(([\s\S]*?)\)|(?:[\w.]+[ \t]+)?("|`)[^"`\n]+\4)/g)) {
    const bodyStart = m.index + m[0].length - m[2]!.length;
    if (m[3] !== undefined) {
      const inner = m[3];
      const innerStart = bodyStart + 1;
      for (const s of inner.matchAll(spec)) out.push({ path: s[2]!, pos: innerStart + s.index + s[0].indexOf(s[1]!) });
    } else {
      const s = /("|`)([^"`\n]+)\1/.exec(m[2]!)!;
      out.push({ path: s[2]!, pos: bodyStart + s.index });
    }
  }
  return out;
}

export interface GoMod {
  module?: string;
  requires: string[];
}

export function parseGoMod(text: string): GoMod {
  const noComments = text.replace(/\/\/.*$/gm, "");
  const module = /^\s*module\s+("?)([^\s"]+)\1/m.exec(noComments)?.[2];
  const requires: string[] = [];
  for (const m of noComments.matchAll(/^\s*(require|replace)\s*\(([\s\S]*?)\)/gm)) {
    for (const line of m[2]!.split("\n")) {
      const path = /^\s*("?)([^\s"]+)\1\s/.exec(line)?.[2];
      if (path) requires.push(path);
    }
  }
  for (const m of noComments.matchAll(/^\s*(?:require|replace)\s+("?)([^\s"(]+)\1\s/gm)) requires.push(m[2]!);
  return { ...(module ? { module } : {}), requires };
}

/** Standard library: no dot in the first path element (`net/http`, `C`). */
export function isGoStdlib(path: string): boolean {
  return !path.split("/")[0]!.includes(".");
}
