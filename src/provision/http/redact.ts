/**
 * Keeps credentials out of error messages. Two layers:
 *
 * 1. Known values. Every client registers the secrets it holds (API tokens,
 *    the Basic-auth header it built, an OAuth access token it fetched, a
 *    password it generated or read back) and every message it produces is
 *    scrubbed of them, raw and URL-encoded. This is the guarantee.
 * 2. Shapes, for secrets the client never saw: `scheme://user:password@`
 *    (connection strings), `"password": "..."`-style JSON fields, and
 *    Authorization headers.
 *
 * Messages are also cut to a readable length, since provider error bodies can
 * be whole HTML pages.
 */

export const REDACTED = "[redacted]";

/** Secrets shorter than this are not scrubbed by value (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 6;

export class SecretSet {
  readonly #values = new Set<string>();

  add(...values: (string | undefined | null)[]): this {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      this.#values.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.#values.add(encoded);
    }
    return this;
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  /** Masks every known secret, then every secret-shaped substring, then truncates. */
  scrub(text: string, maxLength = 500): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const value of [...this.#values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    out = scrubShapes(out);
    return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
  }
}

const SECRET_FIELD = String.raw`[A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?)`;

/** Masks secret-shaped substrings (used on its own where no SecretSet exists). */
export function scrubShapes(text: string): string {
  return (
    text
      // scheme://user:password@host (postgres, mongodb+srv, redis, rediss, https...). The password runs to
      // the last `@` before the host, so an unencoded `@` in it is masked too.
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"']*:)([^\s/"']+)@/gi, (_m, head: string) => `${head}${REDACTED}@`)
      // "password": "value" / 'api_key': 'value' (JSON and similar)
      .replace(
        new RegExp(String.raw`(["']?${SECRET_FIELD}["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}"']+)`, "gi"),
        (_m, head: string) => `${head}${REDACTED}`,
      )
      // Authorization: Bearer xyz / Basic xyz / Digest ...
      .replace(/\b(authorization|project-access-token)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic|Digest)\s+)?[^\s"',}]+/gi, `$1$2${REDACTED}`)
  );
}
