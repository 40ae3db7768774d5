/**
 * The FILE-block protocol: the one format every generator (Claude and the
 * offline templates) emits its files in.
 *
 * ```text
 * Some prose, ignored except as a summary.
 *
 * FILE: backend/src/index.js
 * ```js
 * console.log("hi");
 * ```
 * ```
 *
 * - A line `FILE: <path>` (up to 3 spaces of indentation; `**FILE:**`, a
 *   Markdown heading, or a path in backticks are tolerated) followed,
 *   immediately or after blank lines, by a fenced block: 3 or more backticks
 *   or tildes, with an optional info string (its first word is the language).
 * - The seed's variant, the path in the opening fence's info string:
 *   ```` ```FILE: backend/routes/auth.js ````.
 * - A fence closes only on a line of up to 3 spaces of indentation, the same
 *   fence character repeated at least as many times as in the opener, and
 *   nothing but spaces or tabs after it (CommonMark). So a README with ```
 *   blocks inside a ```` fence parses right. When the opener is indented by N
 *   spaces, up to N spaces are removed from each content line (CommonMark).
 * - Content: every line between the fences, each ending with "\n" (as in
 *   CommonMark), so a file of two lines is "a\nb\n" and an empty block is "".
 *   The info-string word `no-final-newline` (written by the serializer, never
 *   needed from a model) removes the last "\n": that is how a file that does
 *   not end with a newline survives a round trip.
 * - CRLF is normalised to LF. A lone "\r" inside a line is kept.
 * - Everything outside FILE blocks is prose, including other fenced blocks: a
 *   `FILE:` line inside a prose code block is prose too.
 *
 * The parser is an incremental state machine: chunks may split anywhere and
 * the events are the same as for the whole text at once. It keeps only the
 * current line fragment (bounded; a line longer than `markerLineLimit` is never
 * a marker or a fence, so it is passed on as it arrives) and the current
 * file's content, so memory is bounded by the largest single file.
 */
import { checkPath, resolvePolicy, type PathPolicy, type RejectionCode } from "./path-policy.js";
import { langForPath } from "./lang.js";
import type { GeneratedFile } from "./types.js";

/** Info-string word marking a block whose content has no final newline. */
export const NO_FINAL_NEWLINE = "no-final-newline";

export type ParseWarningCode = "duplicate-path" | "marker-without-fence" | "marker-in-content" | "unclosed-prose-fence";

/** A file of the response, with the language of its fence (from the info string, else the extension; "" when unknown). */
export interface ParsedFile extends GeneratedFile {
  lang: string;
}

export interface RejectedFile {
  /** The path as written (or normalised, when only a size or count cap refused it). */
  path: string;
  code: RejectionCode;
  /** A sentence a person can act on. */
  reason: string;
  /** 1-based line of the response where the file starts (its FILE: line). */
  line: number;
}

export interface ParseWarning {
  code: ParseWarningCode;
  message: string;
  path: string | null;
  line: number;
}

/** The response ended inside this file's block (or right after its FILE: line): never a file. */
export interface TruncatedFile {
  path: string;
  line: number;
}

export type ParseEvent =
  | ({ type: "file"; line: number } & ParsedFile)
  | ({ type: "rejected" } & RejectedFile)
  | ({ type: "warning" } & ParseWarning)
  | ({ type: "truncated" } & TruncatedFile)
  | { type: "prose"; text: string };

export interface ParseResult {
  /**
   * Accepted files. A path written twice keeps its first position and its
   * last content (the last one wins; a warning says so).
   */
  files: ParsedFile[];
  rejected: RejectedFile[];
  warnings: ParseWarning[];
  /** The unclosed last block, if the response was cut off. */
  truncated: TruncatedFile | null;
  /** All text outside FILE blocks, as written (line endings normalised). */
  prose: string;
}

const enum Mode {
  Outside,
  /** After a FILE: line, waiting for its fence. */
  Pending,
  Block,
  /** Inside a fenced block that belongs to no FILE: line. */
  ProseFence,
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const LETTER_F = 0x46;

interface Fence {
  char: number;
  len: number;
  indent: number;
  info: string;
}

const MARKER = /^ {0,3}(?:#{1,6}[ \t]+)?(?:\*\*)?FILE:(?:\*\*)?[ \t]*(.*?)[ \t]*(?:\*\*)?$/;
const INFO_MARKER = /^FILE:[ \t]*(.*)$/;

/**
 * Incremental FILE-block parser.
 *
 * ```ts
 * const parser = new FileBlockParser({ maxFiles: 100 });
 * for await (const chunk of stream) handle(parser.push(chunk));
 * handle(parser.end());
 * ```
 *
 * `push` returns the events completed by that chunk, in order; `end` flushes
 * the last line and reports a truncated last block. A later `file` event for a
 * path already seen replaces it (preceded by a `duplicate-path` warning).
 * Prose arrives as `prose` events (consecutive prose within one push is
 * merged). After `end`, the parser is done; `push` throws.
 */
export class FileBlockParser {
  readonly policy: PathPolicy;
  /** Lines at most this long may be markers or fences; longer lines are passed through as they arrive. */
  readonly markerLineLimit: number;

  private mode = Mode.Outside;
  private ended = false;
  /** Text of the current, incomplete line (or, when `midLine`, a held-back "\r" or high surrogate). */
  private frag = "";
  /** The start of the current line was already passed on as content/prose: it is neither marker nor fence. */
  private midLine = false;
  /** Lines completed so far. */
  private lineNo = 0;
  private events: ParseEvent[] = [];
  private proseBuf = "";

  // Pending marker
  private pendingPath = "";
  private pendingLine = 0;

  // Current fence (block or prose fence)
  private fenceChar = BACKTICK;
  private fenceLen = 3;
  private blockIndent = 0;

  // Current file
  private blockPath = "";
  private blockLine = 0;
  private blockLang = "";
  private noFinalNewline = false;
  private discard = false;
  /** A marker-in-content warning was given for the current file. */
  private markerSeen = false;
  private chunks: string[] = [];
  private bytes = 0;
  private byteLimit = 0;

  private readonly seen = new Set<string>();

  constructor(policy?: Partial<PathPolicy>) {
    this.policy = resolvePolicy(policy);
    this.markerLineLimit = Math.max(4096, this.policy.maxPathLength * 4 + 64);
  }

  /** Feeds the next piece of the response; returns the events it completed. */
  push(chunk: string): ParseEvent[] {
    if (this.ended) throw new Error("FileBlockParser: push() after end()");
    const s = chunk;
    const n = s.length;
    let p = 0;
    if (n === 0) return this.take();
    if (this.frag !== "" || this.midLine) {
      const nl = s.indexOf("\n");
      if (nl === -1) {
        this.carry(s);
        return this.take();
      }
      const text = stripCR(this.frag + s.slice(0, nl));
      this.frag = "";
      if (this.midLine) this.finishLongLine(text + "\n");
      else this.line(text, false);
      p = nl + 1;
    }
    while (p < n) {
      if (this.mode === Mode.Block && this.blockIndent === 0) {
        p = this.scanBlock(s, p);
        if (this.mode === Mode.Block) {
          if (p < n) this.carry(s.slice(p));
          break;
        }
        continue;
      }
      const nl = s.indexOf("\n", p);
      if (nl === -1) {
        this.carry(s.slice(p));
        break;
      }
      this.line(stripCR(s.slice(p, nl)), false);
      p = nl + 1;
    }
    return this.take();
  }

  /** Ends the response: flushes the last line, reports an unclosed block as truncated. */
  end(): ParseEvent[] {
    if (this.ended) return [];
    if (this.midLine) {
      this.finishLongLine(stripCR(this.frag));
    } else if (this.frag !== "") {
      this.line(stripCR(this.frag), true);
    }
    this.frag = "";
    this.ended = true;
    switch (this.mode) {
      case Mode.Pending:
        this.emit({ type: "truncated", path: this.displayPath(this.pendingPath), line: this.pendingLine });
        break;
      case Mode.Block:
        this.emit({ type: "truncated", path: this.blockPath, line: this.blockLine });
        this.chunks = [];
        break;
      case Mode.ProseFence:
        this.emit({
          type: "warning",
          code: "unclosed-prose-fence",
          message: "The response ends inside a code block that belongs to no FILE: line.",
          path: null,
          line: this.lineNo,
        });
        break;
      case Mode.Outside:
        break;
    }
    this.mode = Mode.Outside;
    return this.take();
  }

  // ---- hot path -----------------------------------------------------------

  /**
   * Inside an unindented block: skips over complete content lines with
   * indexOf, looking closer only at lines whose first character after up to
   * 3 spaces is the fence character (a closer?) or F (a FILE: line?), and
   * hands each run of content on as one slice. Returns where it stopped:
   * after the closing fence, or at the start of an incomplete line.
   */
  private scanBlock(s: string, start: number): number {
    const ch = this.fenceChar;
    let p = start;
    let lines = 0;
    for (;;) {
      const nl = s.indexOf("\n", p);
      if (nl === -1) break;
      // The first character after up to 3 spaces (the line break itself stops the look).
      let c = s.charCodeAt(p);
      if (c === SPACE) {
        c = s.charCodeAt(p + 1);
        if (c === SPACE) {
          c = s.charCodeAt(p + 2);
          if (c === SPACE) c = s.charCodeAt(p + 3);
        }
      }
      if (c !== ch && c !== LETTER_F) {
        // The common case: a content line that can be neither a fence nor a marker.
        lines++;
        p = nl + 1;
        continue;
      }
      const end = nl > p && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (c === ch && this.isCloser(s, p, end)) {
        if (p > start) this.append(normaliseCRLF(s.slice(start, p)));
        this.lineNo += lines + 1;
        this.closeBlock();
        return nl + 1;
      }
      if (c === LETTER_F && !this.markerSeen && !this.discard && this.looksLikeMarker(s, p, end)) {
        // Content before this line first, so a size rejection it causes comes first, as when fed line by line.
        if (p > start) this.append(normaliseCRLF(s.slice(start, p)));
        start = p;
        if (!this.discard) this.markerInContent(this.lineNo + lines + 1);
      }
      lines++;
      p = nl + 1;
    }
    if (p > start) this.append(normaliseCRLF(s.slice(start, p)));
    this.lineNo += lines;
    return p;
  }

  /** Whether s[start, end) (no line break) closes the current fence. */
  private isCloser(s: string, start: number, end: number): boolean {
    if (end - start > this.markerLineLimit) return false;
    const ch = this.fenceChar;
    let i = start;
    const lim = Math.min(start + 3, end);
    while (i < lim && s.charCodeAt(i) === SPACE) i++;
    let j = i;
    while (j < end && s.charCodeAt(j) === ch) j++;
    if (j - i < this.fenceLen) return false;
    for (; j < end; j++) {
      const k = s.charCodeAt(j);
      if (k !== SPACE && k !== TAB) return false;
    }
    return true;
  }

  /**
   * A `FILE:` line inside a block is content, but usually means an earlier
   * closing fence is missing and two files ran together (bolt.new #37):
   * worth one warning per file.
   */
  private looksLikeMarker(s: string, start: number, end: number): boolean {
    if (end - start > this.markerLineLimit) return false;
    let i = start;
    const lim = Math.min(start + 3, end);
    while (i < lim && s.charCodeAt(i) === SPACE) i++;
    if (!s.startsWith("FILE:", i)) return false;
    for (let j = i + 5; j < end; j++) {
      const k = s.charCodeAt(j);
      if (k !== SPACE && k !== TAB) return true;
    }
    return false;
  }

  private markerInContent(line: number): void {
    this.markerSeen = true;
    this.emit({
      type: "warning",
      code: "marker-in-content",
      message: `"${this.blockPath}" contains a FILE: line (line ${line} of the response); if a closing fence is missing, two files ran together.`,
      path: this.blockPath,
      line,
    });
  }

  /** Adds (already line-normalised) content to the current file, enforcing the size cap. */
  private append(t: string): void {
    if (this.discard) return;
    this.bytes += Buffer.byteLength(t, "utf8");
    if (this.bytes > this.byteLimit) {
      this.discard = true;
      this.chunks = [];
      this.emit({
        type: "rejected",
        path: this.blockPath,
        code: "too-large",
        reason: `"${this.blockPath}" is larger than the limit of ${formatBytes(this.policy.maxFileBytes)}; its content was discarded.`,
        line: this.blockLine,
      });
      return;
    }
    this.chunks.push(t);
  }

  // ---- line-level state machine ------------------------------------------

  /** Keeps an incomplete line; a line that grows past the marker limit is passed on as it arrives. */
  private carry(text: string): void {
    if (this.midLine) {
      this.passOn(this.frag + text);
      return;
    }
    this.frag += text;
    const length = this.frag.length - (this.frag.charCodeAt(this.frag.length - 1) === CR ? 1 : 0);
    if (length <= this.markerLineLimit) return;
    // Too long to be a marker or a fence: decide now what the line is.
    const all = this.frag;
    this.frag = "";
    this.midLine = true;
    this.lineNo++;
    if (this.mode === Mode.Pending) this.markerWithoutFence();
    if (this.mode === Mode.Block) this.passOn(this.stripIndent(all));
    else this.passOn(all);
  }

  /** Passes on part of a long line, holding back a final "\r" (maybe a CRLF) or high surrogate. */
  private passOn(text: string): void {
    const last = text.charCodeAt(text.length - 1);
    let out = text;
    if (last === CR || (last >= 0xd800 && last <= 0xdbff)) {
      out = text.slice(0, -1);
      this.frag = text.slice(-1);
    } else {
      this.frag = "";
    }
    if (out === "") return;
    if (this.mode === Mode.Block) this.append(out);
    else this.prose(out);
  }

  /** The rest of a long line, with its "\n" (or none at the very end). */
  private finishLongLine(text: string): void {
    this.midLine = false;
    this.frag = "";
    if (text === "") return;
    if (this.mode === Mode.Block) this.append(text);
    else this.prose(text);
  }

  /** One complete line (no line break, CR stripped). `last`: the response's final line, with no "\n" after it. */
  private line(text: string, last: boolean): void {
    const lineNo = ++this.lineNo;
    const eol = last ? "" : "\n";
    const short = text.length <= this.markerLineLimit;
    switch (this.mode) {
      case Mode.Outside: {
        if (short) {
          const fence = matchFence(text);
          if (fence) {
            const infoPath = INFO_MARKER.exec(fence.info);
            if (infoPath) {
              this.open(cleanMarkerPath(infoPath[1]!), fence, lineNo);
            } else {
              this.mode = Mode.ProseFence;
              this.setFence(fence);
              this.prose(text + eol);
            }
            return;
          }
          const marker = MARKER.exec(text);
          if (marker) {
            this.mode = Mode.Pending;
            this.pendingPath = cleanMarkerPath(marker[1]!);
            this.pendingLine = lineNo;
            return;
          }
        }
        this.prose(text + eol);
        return;
      }
      case Mode.Pending: {
        if (short) {
          if (text.trim() === "") return;
          const fence = matchFence(text);
          if (fence) {
            const infoPath = INFO_MARKER.exec(fence.info);
            if (infoPath) {
              this.markerWithoutFence();
              this.open(cleanMarkerPath(infoPath[1]!), fence, lineNo);
            } else {
              this.open(this.pendingPath, fence, this.pendingLine);
            }
            return;
          }
        }
        this.markerWithoutFence();
        this.lineNo--;
        this.line(text, last);
        return;
      }
      case Mode.Block: {
        if (this.isCloser(text, 0, text.length)) {
          this.closeBlock();
          return;
        }
        if (!this.markerSeen && !this.discard && this.looksLikeMarker(text, 0, text.length)) this.markerInContent(lineNo);
        this.append(this.stripIndent(text) + eol);
        return;
      }
      case Mode.ProseFence: {
        this.prose(text + eol);
        if (this.isCloser(text, 0, text.length)) this.mode = Mode.Outside;
        return;
      }
    }
  }

  private markerWithoutFence(): void {
    this.emit({
      type: "warning",
      code: "marker-without-fence",
      message: `"FILE: ${this.pendingPath}" is not followed by a fenced code block; the line was ignored.`,
      path: this.pendingPath,
      line: this.pendingLine,
    });
    this.mode = Mode.Outside;
  }

  private setFence(fence: Fence): void {
    this.fenceChar = fence.char;
    this.fenceLen = fence.len;
    this.blockIndent = fence.indent;
  }

  private stripIndent(text: string): string {
    if (this.blockIndent === 0) return text;
    let i = 0;
    while (i < this.blockIndent && text.charCodeAt(i) === SPACE) i++;
    return i === 0 ? text : text.slice(i);
  }

  private open(rawPath: string, fence: Fence, line: number): void {
    this.mode = Mode.Block;
    this.setFence(fence);
    this.chunks = [];
    this.bytes = 0;
    this.discard = false;
    this.markerSeen = false;
    this.blockPath = rawPath;
    this.blockLine = line;
    const words = fence.info.startsWith("FILE:") ? [] : fence.info.split(/[ \t]+/).filter((w) => w !== "");
    this.noFinalNewline = words.includes(NO_FINAL_NEWLINE);
    // With no final newline, the content holds one more "\n" until the block closes.
    this.byteLimit = this.policy.maxFileBytes + (this.noFinalNewline ? 1 : 0);
    const checked = checkPath(rawPath, this.policy);
    this.blockLang = words.find((w) => w !== NO_FINAL_NEWLINE) ?? langForPath(checked.ok ? checked.path : rawPath);
    if (!checked.ok) {
      this.discard = true;
      this.markerSeen = true;
      this.emit({ type: "rejected", path: rawPath, code: checked.code, reason: checked.reason, line });
      return;
    }
    this.blockPath = checked.path;
    if (!this.seen.has(checked.path) && this.seen.size >= this.policy.maxFiles) {
      this.discard = true;
      this.markerSeen = true;
      this.emit({
        type: "rejected",
        path: checked.path,
        code: "too-many-files",
        reason: `"${checked.path}" would be file number ${this.seen.size + 1}; a response may write at most ${this.policy.maxFiles} files.`,
        line,
      });
    }
  }

  private closeBlock(): void {
    this.mode = Mode.Outside;
    if (this.discard) return;
    let content = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join("");
    this.chunks = [];
    if (this.noFinalNewline && content.endsWith("\n")) content = content.slice(0, -1);
    const path = this.blockPath;
    if (this.seen.has(path)) {
      this.emit({
        type: "warning",
        code: "duplicate-path",
        message: `"${path}" appears more than once in the response; the last version wins.`,
        path,
        line: this.blockLine,
      });
    }
    this.seen.add(path);
    this.emit({ type: "file", path, content, lang: this.blockLang, line: this.blockLine });
  }

  private displayPath(raw: string): string {
    const checked = checkPath(raw, this.policy);
    return checked.ok ? checked.path : raw;
  }

  // ---- events ---------------------------------------------------------------

  private prose(text: string): void {
    this.proseBuf += text;
  }

  private emit(event: ParseEvent): void {
    if (this.proseBuf !== "") {
      this.events.push({ type: "prose", text: this.proseBuf });
      this.proseBuf = "";
    }
    this.events.push(event);
  }

  private take(): ParseEvent[] {
    if (this.proseBuf !== "") {
      this.events.push({ type: "prose", text: this.proseBuf });
      this.proseBuf = "";
    }
    const out = this.events;
    this.events = [];
    return out;
  }
}

/** Parses a whole response at once. */
export function parseFileBlocks(text: string, policy?: Partial<PathPolicy>): ParseResult {
  const parser = new FileBlockParser(policy);
  const collector = new ParseResultCollector();
  collector.add(parser.push(text));
  collector.add(parser.end());
  return collector.result();
}

/** Parses a response arriving in chunks (a model stream, a file read stream). */
export async function parseFileBlockStream(
  source: AsyncIterable<string> | Iterable<string>,
  policy?: Partial<PathPolicy>,
): Promise<ParseResult> {
  const parser = new FileBlockParser(policy);
  const collector = new ParseResultCollector();
  for await (const chunk of source) collector.add(parser.push(chunk));
  collector.add(parser.end());
  return collector.result();
}

/** Folds parser events into a ParseResult (last version of a path wins, at its first position). */
export class ParseResultCollector {
  private readonly files = new Map<string, ParsedFile>();
  private readonly rejected: RejectedFile[] = [];
  private readonly warnings: ParseWarning[] = [];
  private truncated: TruncatedFile | null = null;
  private readonly prose: string[] = [];

  add(events: readonly ParseEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case "file":
          this.files.set(e.path, { path: e.path, content: e.content, lang: e.lang });
          break;
        case "rejected":
          this.rejected.push({ path: e.path, code: e.code, reason: e.reason, line: e.line });
          break;
        case "warning":
          this.warnings.push({ code: e.code, message: e.message, path: e.path, line: e.line });
          break;
        case "truncated":
          this.truncated = { path: e.path, line: e.line };
          break;
        case "prose":
          this.prose.push(e.text);
          break;
      }
    }
  }

  result(): ParseResult {
    return {
      files: [...this.files.values()],
      rejected: [...this.rejected],
      warnings: [...this.warnings],
      truncated: this.truncated,
      prose: this.prose.join(""),
    };
  }
}

/** A fence opener: up to 3 spaces, 3+ backticks or tildes, an info string (no backtick after backticks). */
function matchFence(line: string): Fence | null {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === SPACE) i++;
  const c = line.charCodeAt(i);
  if (c !== BACKTICK && c !== TILDE) return null;
  let j = i;
  while (line.charCodeAt(j) === c) j++;
  if (j - i < 3) return null;
  const info = line.slice(j).trim();
  if (c === BACKTICK && info.includes("`")) return null;
  return { char: c, len: j - i, indent: i, info };
}

function cleanMarkerPath(raw: string): string {
  let path = raw.trim();
  if (path.length >= 2 && path.startsWith("`") && path.endsWith("`")) path = path.slice(1, -1).trim();
  return path;
}

/** A run of complete lines, each "\r\n" made "\n" (as stripCR does line by line). */
function normaliseCRLF(text: string): string {
  return text.indexOf("\r") === -1 ? text : text.replace(/\r\n/g, "\n");
}

function stripCR(text: string): string {
  return text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
