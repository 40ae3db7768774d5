import type { VerifyContext } from "../context.js";
import { commentsIn, commentSyntaxFor, type CommentLine } from "../lib/comments.js";
import { plural } from "../../util/text.js";
import { commentsOf, JS_TS_FILE } from "../lib/typescript.js";
import type { Check, CheckOutcome } from "../types.js";

const E = String.raw`(?:\.{3,}|…)`;
const CODE_NOUN = String.raw`(?:code|file|implementation|component|function|class|module|methods?|routes?|logic|handlers?|tests?|content|config(?:uration)?|styles?|imports?|endpoints?|schema|app|page|body|fields?|components?|functions?|markup|jsx|html|css)`;

/**
 * Elisions a model writes instead of code. Matched against a comment's text
 * (markers stripped) or a whole bracketed line, never against ordinary code.
 */
export const ELISION_PATTERNS: readonly RegExp[] = [
  // "... rest of the code", "rest of the implementation unchanged", "remainder of the file"
  new RegExp(String.raw`^${E}?\s*(?:the\s+)?(?:rest|remainder)\s+of\s+(?:the\s+|this\s+|your\s+|my\s+)?(?:[\w-]+\s+)?${CODE_NOUN}\b`, "i"),
  // "... existing code ...", "... other routes"
  new RegExp(String.raw`^${E}\s*(?:existing|previous|other|original|remaining|more|same|additional|rest)\b`, "i"),
  // "existing routes unchanged", "previous code here"
  new RegExp(String.raw`^(?:existing|previous|original|remaining)\s+(?:[\w-]+\s+)?${CODE_NOUN}\b.*(?:${E}|unchanged|remains?|stays?|here|as\s+before|omitted|the\s+same)`, "i"),
  // "(code omitted)", "implementation omitted for brevity"
  /\b(?:code|implementation|details|content|logic|body|rest|remainder|methods|functions|routes|handlers|components)\s+(?:is\s+|are\s+)?(?:omitted|elided|truncated|abbreviated|skipped)\b/i,
  /\bomitted\s+for\s+brevity\b/i,
  /\bfor\s+brevity,?\s+(?:the\s+)?(?:rest|remaining|other)\b/i,
  // "TODO: implement", "FIXME: add the actual logic"
  /\b(?:TODO|FIXME|XXX)\b\s*[:\-–]?\s*(?:implement|add\s+(?:the\s+)?(?:actual\s+|real\s+)?(?:implementation|logic|code)|fill\s+(?:this\s+)?in|write\s+(?:the\s+)?(?:code|logic|implementation))\b/i,
  // "implementation goes here", "your code here", "add your logic here"
  /\b(?:implementation|logic|code|your\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:goes|go)\s+here\b/i,
  /\b(?:add|put|insert|write|place)\s+(?:your|the|actual|real)\s+(?:[\w-]+\s+)?(?:code|logic|implementation)\s+here\b/i,
  /\byour\s+(?:code|logic|implementation)\s+here\b/i,
  // "same as before", "<same as before>"
  new RegExp(String.raw`^${E}?\s*(?:same\s+as\s+(?:before|previous(?:ly)?|original|existing|the\s+original)|as\s+before)\s*${E}?\.?$`, "i"),
  // "unchanged", "(unchanged)", "rest stays the same", "imports unchanged"
  new RegExp(String.raw`^${E}?\s*\(?\s*unchanged\s*\)?\s*${E}?\.?$`, "i"),
  new RegExp(
    String.raw`^${E}?\s*(?:the\s+|all\s+|other\s+|existing\s+)?(?:rest|everything(?:\s+else)?|${CODE_NOUN})(?:\s+[\w-]+)?\s+(?:(?:remains?|stays?|is|are|left)\s+)?(?:unchanged|the\s+same|as\s+before|as\s+is)\b`,
    "i",
  ),
];

/** `// ...` alone: only in line comments (a block comment's "..." line is often a usage example). */
const ELLIPSIS_ONLY = new RegExp(String.raw`^${E}$`);

/** A comment's words without its markers (`//`, `#`, `--`, block and HTML comment delimiters, a leading `*`). */
export function commentWords(raw: string): string {
  return raw
    .trim()
    .replace(/^(?:\/\/+|\/\*+|#+|--+|<!--|\{\/\*+|\*+(?!\/))\s*/, "")
    .replace(/\s*(?:\*+\/\}?|-->)$/, "")
    .trim();
}

/** The text inside a whole line made only of a bracketed note: `<same as before>`, `[rest of the code]`, `(code omitted)`. */
function bracketed(line: string): string | undefined {
  const m = /^\s*([<[(])\s*(.+?)\s*([>\])])\s*[;,]?\s*$/.exec(line);
  if (!m) return undefined;
  const pairs: Record<string, string> = { "<": ">", "[": "]", "(": ")" };
  return pairs[m[1]!] === m[3] ? m[2] : undefined;
}

export function isElision(words: string, lineComment: boolean): boolean {
  if (lineComment && ELLIPSIS_ONLY.test(words)) return true;
  return ELISION_PATTERNS.some((p) => p.test(words));
}

/** No placeholder elisions ("rest of the code", "TODO: implement", `// ...`) where code should be. */
export const placeholdersCheck: Check<VerifyContext> = {
  id: "placeholders",
  title: "No placeholder elisions",
  async run(ctx): Promise<CheckOutcome> {
    const findings: CheckOutcome["findings"] = [];
    let scanned = 0;
    const hasScripts = ctx.files.some((f) => JS_TS_FILE.test(f.path));
    const ts = hasScripts ? await ctx.typescript() : undefined;
    for (const file of ctx.files) {
      let comments: CommentLine[] = [];
      const markdown = /\.(?:md|mdx|markdown)$/i.test(file.path);
      if (JS_TS_FILE.test(file.path) && ts) {
        for (const c of commentsOf(ts, ctx.sourceFile(file))) {
          const lineComment = !c.text.includes("\n");
          let offset = c.pos;
          for (const part of c.text.split("\n")) {
            comments.push({ offset, text: part, lineComment });
            offset += part.length + 1;
          }
        }
      } else {
        const syntax = commentSyntaxFor(file.path);
        if (syntax) comments = commentsIn(file.content, syntax);
      }
      scanned++;
      const lines = ctx.lines(file);
      const flagged = new Set<number>();
      for (const c of comments) {
        const words = commentWords(c.text);
        // Markdown: only the unmistakable elisions, never a bare "...".
        if (!words || !isElision(words, c.lineComment && !markdown)) continue;
        const { line, column } = lines.at(c.offset);
        if (flagged.has(line)) continue;
        flagged.add(line);
        findings.push({ severity: "error", file: file.path, line, column, message: `placeholder instead of code: "${clip(c.text.trim())}"` });
      }
      if (/\.(?:json|ya?ml)$/i.test(file.path)) continue; // data: a bracketed line there is data
      for (let n = 1; n <= lines.lineCount; n++) {
        if (flagged.has(n)) continue;
        const text = lines.lineText(n);
        const inner = bracketed(text);
        if (inner === undefined || !isElision(inner.replace(/^\/\*\s*|\s*\*\/$/g, ""), false)) continue;
        findings.push({ severity: "error", file: file.path, line: n, column: text.search(/\S/) + 1, message: `placeholder instead of code: "${clip(text.trim())}"` });
      }
    }
    return { findings, detail: plural(scanned, "file") };
  },
};

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
