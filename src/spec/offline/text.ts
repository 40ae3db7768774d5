/**
 * The prompt as searchable text: folded to lowercase ASCII-ish letters (accents
 * stripped, typographic quotes and dashes made plain, whitespace collapsed) while
 * remembering where every character came from, so a match can be quoted back in
 * the user's own spelling ("Express backend", not "express backend"). Line
 * breaks are kept (as single "\n") because lists in prompts end at them.
 */

/** Prompts longer than this are read only up to here; the rest cannot change the spec much. */
export const MAX_PROMPT_CHARS = 20_000;

export interface Match {
  /** Offset of the match in the normalized text. */
  index: number;
  end: number;
  /** The matched normalized text. */
  text: string;
  /** The same span in the original prompt, whitespace collapsed, shortened if long. */
  quote: string;
  /** Capture groups of the match (normalized). */
  groups: (string | undefined)[];
}

const PLAIN: Record<string, string> = {
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
  "\u00a0": " ", "\u2026": "...",
};

function fold(ch: string): string {
  const plain = PLAIN[ch];
  if (plain !== undefined) return plain;
  // Control characters, zero-width characters and other invisible format marks read as spaces.
  if (/[\n\r\v\f\u2028\u2029\u0085]/u.test(ch)) return "\n";
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/u.test(ch)) return " ";
  return ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

export class PromptText {
  /** The prompt as given, cut at MAX_PROMPT_CHARS. */
  readonly original: string;
  /** Normalized text that every rule searches. */
  readonly text: string;
  readonly truncated: boolean;
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  constructor(prompt: string) {
    const raw = typeof prompt === "string" ? prompt : "";
    this.truncated = raw.length > MAX_PROMPT_CHARS;
    this.original = this.truncated ? raw.slice(0, MAX_PROMPT_CHARS) : raw;
    let out = "";
    let offset = 0;
    for (const ch of this.original) {
      const start = offset;
      offset += ch.length;
      const piece = fold(ch);
      for (const c of piece) {
        if (c === " " || c === "\n") {
          // Runs of whitespace become one character: a line break if the run has one.
          if (out.length === 0) continue;
          const last = out.charAt(out.length - 1);
          if (last === " " || last === "\n") {
            if (c === "\n" && last === " ") out = `${out.slice(0, -1)}\n`;
            continue;
          }
        }
        out += c;
        this.from.push(start);
        this.to.push(offset);
      }
    }
    if (out.endsWith(" ") || out.endsWith("\n")) {
      out = out.slice(0, -1);
      this.from.pop();
      this.to.pop();
    }
    this.text = out;
  }

  /** The original spelling of a span of the normalized text. */
  quoteOf(index: number, end: number, maxLength = 60): string {
    if (end <= index) return "";
    const start = this.from[index] ?? 0;
    const stop = this.to[end - 1] ?? this.original.length;
    const quote = this.original.slice(start, stop).replace(/[\p{Cc}\p{Cf}\s]+/gu, " ").trim();
    return quote.length > maxLength ? `${quote.slice(0, maxLength - 1).trimEnd()}…` : quote;
  }

  /** Every match of `pattern` (its flags are ignored; searched globally). */
  findAll(pattern: RegExp): Match[] {
    const re = new RegExp(pattern.source, "g");
    const out: Match[] = [];
    for (let m = re.exec(this.text); m !== null; m = re.exec(this.text)) {
      if (m[0].length === 0) {
        re.lastIndex += 1;
        continue;
      }
      const index = m.index;
      const end = index + m[0].length;
      out.push({ index, end, text: m[0], quote: this.quoteOf(index, end), groups: m.slice(1) });
    }
    return out;
  }

  /** The first match of `pattern` that is not negated ("no Redis", "without a frontend"). */
  find(pattern: RegExp, options: { allowNegated?: boolean } = {}): Match | undefined {
    return this.findAll(pattern).find((m) => options.allowNegated || !this.isNegated(m));
  }

  /** The earliest non-negated match among several patterns. */
  findFirst(patterns: readonly RegExp[], options: { allowNegated?: boolean } = {}): Match | undefined {
    let best: Match | undefined;
    for (const p of patterns) {
      const m = this.find(p, options);
      if (m && (!best || m.index < best.index)) best = m;
    }
    return best;
  }

  /** True when the few words before a match negate it: "no redis", "without a react frontend". */
  isNegated(m: Pick<Match, "index">): boolean {
    return this.negationStart(m) !== undefined;
  }

  /** Where the negating words before a match start ("without" in "without a frontend"), if any. */
  negationStart(m: Pick<Match, "index">): number | undefined {
    const from = Math.max(0, m.index - 32);
    const before = this.text.slice(from, m.index);
    const neg = /\b(?:no|not|without|w\/o|never|except|excluding|instead of|rather than|don't need|dont need|doesn't need|no need for)\s+(?:an?\s+|any\s+|the\s+)?(?:[a-z0-9.-]+\s+)?$/.exec(before);
    return neg ? from + neg.index : undefined;
  }

  /** True when any pattern matches (negated or not). */
  mentions(pattern: RegExp): boolean {
    return new RegExp(pattern.source).test(this.text);
  }
}
