/**
 * Comments of non-JS source files, by small lexers that know each language's
 * strings, so a `#` or `//` inside a string is never taken for a comment.
 * Each comment is returned per line, with the offset of its first character.
 */

export interface CommentLine {
  /** Offset of the comment's text on this line (for line and column). */
  offset: number;
  /** The raw text of the comment on this line, markers included. */
  text: string;
  /** A line comment (`//`, `#`, `--`) rather than a line of a block comment. */
  lineComment: boolean;
}

export type CommentSyntax =
  | { kind: "c"; line?: string; block?: boolean; strings: string; rawBacktick?: boolean }
  | { kind: "python" }
  | { kind: "hash" }
  | { kind: "html" }
  | { kind: "markdown" };

/** How comments are written in a file, or undefined for files without comments (JSON) or unknown kinds. */
export function commentSyntaxFor(path: string): CommentSyntax | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : "";
  switch (ext) {
    case "py":
    case "pyi":
      return { kind: "python" };
    case "go":
      return { kind: "c", line: "//", block: true, strings: "\"'", rawBacktick: true };
    case "css":
      return { kind: "c", block: true, strings: "\"'" };
    case "scss":
    case "less":
    case "java":
    case "kt":
    case "rs":
    case "c":
    case "h":
    case "cpp":
    case "cs":
    case "swift":
    case "prisma":
    case "graphql":
      return ext === "graphql" ? { kind: "hash" } : { kind: "c", line: "//", block: true, strings: "\"'" };
    case "sql":
      return { kind: "c", line: "--", block: true, strings: "'\"" };
    case "html":
    case "htm":
    case "xml":
    case "svg":
    case "vue":
    case "svelte":
      return { kind: "html" };
    case "md":
    case "mdx":
    case "markdown":
      return { kind: "markdown" };
    case "sh":
    case "bash":
    case "zsh":
    case "yml":
    case "yaml":
    case "toml":
    case "ini":
    case "cfg":
    case "conf":
    case "properties":
    case "rb":
    case "r":
    case "dockerfile":
      return { kind: "hash" };
    default:
      break;
  }
  if (name === "dockerfile" || name.startsWith("dockerfile.") || name === "makefile" || name === "procfile") return { kind: "hash" };
  if (name.startsWith(".env") || /^\.[a-z]*ignore$/.test(name) || /^requirements.*\.txt$/.test(name) || name === ".editorconfig" || name === ".gitattributes") {
    return { kind: "hash" };
  }
  return undefined;
}

export function commentsIn(text: string, syntax: CommentSyntax): CommentLine[] {
  switch (syntax.kind) {
    case "c":
      return cLike(text, syntax);
    case "python":
      return python(text);
    case "hash":
      return hash(text);
    case "html":
      return html(text);
    case "markdown":
      return markdown(text);
  }
}

/** Splits a comment spanning lines into one entry per line. */
function pushBlock(out: CommentLine[], text: string, start: number, end: number, lineComment: boolean): void {
  let s = start;
  // A one-line block comment (`/* ... */`) counts as a line comment.
  if (!text.slice(start, end).includes("\n")) lineComment = true;
  for (;;) {
    const nl = text.indexOf("\n", s);
    if (nl === -1 || nl >= end) {
      out.push({ offset: s, text: text.slice(s, end), lineComment });
      return;
    }
    out.push({ offset: s, text: text.slice(s, nl), lineComment });
    s = nl + 1;
  }
}

function cLike(text: string, syntax: Extract<CommentSyntax, { kind: "c" }>): CommentLine[] {
  const out: CommentLine[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (syntax.line && text.startsWith(syntax.line, i)) {
      const end = text.indexOf("\n", i);
      const e = end === -1 ? text.length : end;
      out.push({ offset: i, text: text.slice(i, e), lineComment: true });
      i = e;
    } else if (syntax.block && c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      const e = close === -1 ? text.length : close + 2;
      pushBlock(out, text, i, e, false);
      i = e;
    } else if (syntax.strings.includes(c) || (syntax.rawBacktick && c === "`")) {
      // Strings end at their quote, or (except raw strings) at the line's end, so a stray quote cannot swallow the file.
      const raw = c === "`";
      let j = i + 1;
      while (j < text.length && text[j] !== c && (raw || text[j] !== "\n")) j += text[j] === "\\" && !raw ? 2 : 1;
      i = j + 1;
    } else i++;
  }
  return out;
}

function python(text: string): CommentLine[] {
  const out: CommentLine[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "#") {
      const end = text.indexOf("\n", i);
      const e = end === -1 ? text.length : end;
      out.push({ offset: i, text: text.slice(i, e), lineComment: true });
      i = e;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (triple || text[j] !== "\n")) j += text[j] === "\\" ? 2 : 1;
      i = j + quote.length;
    } else i++;
  }
  return out;
}

/** `#` at a line's start or after whitespace (YAML's and the shell's rule; `a#b` is not a comment). */
function hash(text: string): CommentLine[] {
  const out: CommentLine[] = [];
  for (const m of text.matchAll(/(^|[ \t])(#[^\n]*)/gm)) {
    out.push({ offset: m.index + m[1]!.length, text: m[2]!.replace(/\r$/, ""), lineComment: true });
  }
  return out;
}

function html(text: string): CommentLine[] {
  const out: CommentLine[] = [];
  for (let i = text.indexOf("<!--"); i !== -1; i = text.indexOf("<!--", i)) {
    const close = text.indexOf("-->", i + 4);
    const e = close === -1 ? text.length : close + 3;
    pushBlock(out, text, i, e, false);
    i = e;
  }
  return out;
}

/** HTML comments, and comment-looking lines inside fenced code blocks; never prose. */
function markdown(text: string): CommentLine[] {
  const out = html(text);
  let fence: string | undefined;
  let offset = 0;
  for (const line of text.split("\n")) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1];
      else if (open[1]!.startsWith(fence[0]!) && open[1]!.length >= fence.length && line.trim() === open[1]) fence = undefined;
    } else if (fence !== undefined) {
      const m = /^(\s*)((?:\/\/|#|--|\/\*)[^\n]*)$/.exec(line.replace(/\r$/, ""));
      if (m) out.push({ offset: offset + m[1]!.length, text: m[2]!, lineComment: true });
    }
    offset += line.length + 1;
  }
  return out.sort((a, b) => a.offset - b.offset);
}
