/**
 * Small GitHub-flavoured Markdown helpers shared by the renderers: code spans
 * and fences that survive any content, table cells, mention neutralising, and
 * cutting text to a size. Pure string functions.
 */

/** `text` as an inline code span, with enough backticks that none inside can close it. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  // A span starting or ending with a backtick needs a space of padding (CommonMark strips one).
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** `text` in a fenced code block whose fence is longer than any backtick run inside. */
export function codeFence(text: string, language = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n+$/, "")}\n${fence}`;
}

/** Text safe inside one Markdown table cell: no line breaks, pipes escaped. */
export function tableCell(text: string): string {
  return text.replace(/\r?\n+/g, " ").replace(/\|/g, "\\|").trim();
}

/** A Markdown table from a header row and body rows (cells are escaped here). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(tableCell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/**
 * Stops `@name` and `@org/team` in untrusted text from notifying anyone
 * (a zero-width joiner after the `@`); the text reads the same.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9`])@(?=[A-Za-z0-9])/g, "$1@\u200d");
}

/** Escapes characters that would turn plain text into HTML or links in Markdown. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `text` cut to at most `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, max);
  return text.slice(0, max - 1).trimEnd() + "…";
}

/**
 * `text` cut at a line boundary so that it and `note(droppedLines)` fit in
 * `max` characters. Returns the text unchanged when it already fits.
 */
export function truncateLines(text: string, max: number, note: (dropped: number) => string): string {
  if (text.length <= max) return text;
  const lines = text.split("\n");
  let kept = lines.length;
  let length = text.length;
  while (kept > 0) {
    const suffix = `\n${note(lines.length - kept)}`;
    if (length + suffix.length <= max) return lines.slice(0, kept).join("\n") + suffix;
    length -= lines[kept - 1]!.length + 1;
    kept -= 1;
  }
  return truncate(note(lines.length), max);
}

/** "1 file", "3 files"; `plural` defaults to `singular + "s"`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** "a", "a and b", "a, b and c". */
export function listSentence(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
