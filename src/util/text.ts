/** Offsets ↔ 1-based lines and columns, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The 1-based line and column of a 0-based UTF-16 offset (clamped to the text). */
  at(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return "";
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, "");
  }
}

/**
 * The UTF-16 offset of a 1-based character position as PostgreSQL counts it
 * (code points), so a position past an emoji still lands on the right line.
 */
export function offsetOfCodePoint(text: string, position: number): number {
  let offset = 0;
  for (let n = 1; n < position && offset < text.length; n++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}

/** The directory part of a POSIX path ("" for a top-level file). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "" : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `a/b` joined to `c` → `a/b/c`; "" and "." mean the root. */
export function joinPath(dir: string, name: string): string {
  const d = dir === "." ? "" : dir.replace(/\/+$/, "");
  const n = name.replace(/^\.\/+/, "");
  if (n === "" || n === ".") return d;
  return d === "" ? n : `${d}/${n}`;
}

/** Whether `path` is `dir` itself or inside it; "" and "." contain everything. */
export function isInside(path: string, dir: string): boolean {
  const d = dir === "." ? "" : dir.replace(/\/+$/, "");
  return d === "" || path === d || path.startsWith(`${d}/`);
}

/** `path` and each of its ancestor directories, innermost first, ending with "". */
export function ancestorDirs(path: string): string[] {
  const out: string[] = [];
  let d = dirOf(path);
  for (;;) {
    out.push(d);
    if (d === "") return out;
    d = dirOf(d);
  }
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
