/**
 * Files → FILE-block text, the inverse of the parser (file-blocks.ts).
 *
 * Each file becomes
 *
 *     FILE: <path>
 *     ```<lang>[ no-final-newline]
 *     <content, ending with "\n" unless empty>
 *     ```
 *
 * followed by one blank line. The fence is backticks, one longer than the
 * longest backtick run at the start of any content line (at least 3), so
 * a README with ``` blocks gets ````. Contents that do not end with a newline
 * get a "\n" added before the closing fence and the info-string word
 * `no-final-newline`, which tells the parser to remove it.
 *
 * Round trip: `parseFileBlocks(serializeFileBlocks(files)).files` equals the
 * files (path, content) for every content without a "\r" directly before a
 * "\n" or at its very end (the parser normalises CRLF to LF), provided the
 * paths pass the path policy and are distinct.
 */
import { NO_FINAL_NEWLINE } from "./file-blocks.js";
import { langForPath } from "./lang.js";
import type { GeneratedFile } from "./types.js";

/** Paths the protocol cannot carry (the parser would read something else). */
function assertSerializablePath(path: string): void {
  if (path === "" || path !== path.trim() || /[\r\n]/.test(path)) {
    throw new Error(`Cannot serialize a FILE block for path ${JSON.stringify(path)}: paths must be non-empty, one line, without surrounding spaces.`);
  }
}

/** The fence for a content: backticks, longer than any backtick run that starts a line (after up to 3 spaces). */
export function fenceFor(content: string): string {
  let longest = 0;
  let lineStart = 0;
  const n = content.length;
  while (lineStart < n) {
    let i = lineStart;
    const lim = Math.min(lineStart + 3, n);
    while (i < lim && content.charCodeAt(i) === 0x20) i++;
    let j = i;
    while (j < n && content.charCodeAt(j) === 0x60) j++;
    if (j - i > longest) longest = j - i;
    const nl = content.indexOf("\n", j);
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return "`".repeat(Math.max(3, longest + 1));
}

/** The opening lines and the closing fence of one file's block. */
function blockParts(file: GeneratedFile): { head: string; body: string; tail: string } {
  assertSerializablePath(file.path);
  const fence = fenceFor(file.content);
  const lang = langForPath(file.path) || "text";
  const endsWithNewline = file.content === "" || file.content.endsWith("\n");
  const info = endsWithNewline ? lang : `${lang} ${NO_FINAL_NEWLINE}`;
  return {
    head: `FILE: ${file.path}\n${fence}${info}\n`,
    body: endsWithNewline ? file.content : file.content + "\n",
    tail: `${fence}\n\n`,
  };
}

/** All files as one FILE-block text. */
export function serializeFileBlocks(files: Iterable<GeneratedFile>): string {
  const out: string[] = [];
  for (const file of files) {
    const { head, body, tail } = blockParts(file);
    out.push(head, body, tail);
  }
  return out.join("");
}

export interface SerializeStreamOptions {
  /** Largest piece of content yielded at once, in characters (default 64 KiB). */
  chunkSize?: number;
}

/**
 * The same text as `serializeFileBlocks`, yielded in pieces (a block's head,
 * its content in slices of at most `chunkSize` characters, its closing fence),
 * for pipelines that consume a stream, as they would a model's.
 */
export async function* serializeFileBlocksStream(
  files: Iterable<GeneratedFile> | AsyncIterable<GeneratedFile>,
  options: SerializeStreamOptions = {},
): AsyncGenerator<string, void, undefined> {
  const size = Math.max(1, options.chunkSize ?? 64 * 1024);
  for await (const file of files) {
    const { head, body, tail } = blockParts(file);
    yield head;
    for (let i = 0; i < body.length; i += size) yield body.slice(i, i + size);
    yield tail;
  }
}
