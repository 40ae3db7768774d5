import { createRequire } from "node:module";
import type * as TS from "typescript";
import type { GeneratedFile } from "../../parse/types.js";

export type TypeScript = typeof TS;

/** JavaScript and TypeScript sources verify parses. */
export const JS_TS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Loads the compiler through require(): an ESM import() of its 9 MB CommonJS
 * file makes Node scan it for named exports first, which costs more than the
 * load itself (~0.9 s against ~0.3 s).
 */
export async function loadTypeScript(): Promise<TypeScript> {
  return createRequire(import.meta.url)("typescript") as TypeScript;
}

export function scriptKind(ts: TypeScript, path: string): TS.ScriptKind {
  if (/\.tsx$/.test(path)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(path)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(path)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

export function parseSource(ts: TypeScript, file: GeneratedFile): TS.SourceFile {
  return ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true, scriptKind(ts, file.path));
}

/**
 * Every comment in a parsed file, found through the AST (so `//` inside a
 * string, a regular expression or a template is never taken for a comment).
 */
export function commentsOf(ts: TypeScript, sf: TS.SourceFile): Array<{ pos: number; end: number; text: string }> {
  const text = sf.text;
  const seen = new Set<number>();
  const out: Array<{ pos: number; end: number; text: string }> = [];
  const take = (ranges: readonly TS.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push({ pos: r.pos, end: r.end, text: text.slice(r.pos, r.end) });
    }
  };
  const jsxText: Array<[number, number]> = [];
  // getChildren() includes tokens, so a comment alone in an empty block (`{ // ... }`) is found too.
  const visit = (node: TS.Node) => {
    if (node.kind === ts.SyntaxKind.JsxText) {
      // JSX text is content, not trivia: "// not a comment" inside <p> must not be read as one.
      jsxText.push([node.pos, node.end]);
      return;
    }
    take(ts.getLeadingCommentRanges(text, node.pos));
    take(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(sf)) visit(child);
  };
  take(ts.getLeadingCommentRanges(text, 0));
  visit(sf);
  if (jsxText.length > 0) {
    return out.filter((c) => !jsxText.some(([pos, end]) => c.pos >= pos && c.pos < end)).sort((a, b) => a.pos - b.pos);
  }
  return out.sort((a, b) => a.pos - b.pos);
}
