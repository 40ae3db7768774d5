/**
 * Masks credentials in text before it is shown anywhere (a comment, a check
 * run, a PR body, a log line). Error messages are the usual carrier: a failed
 * `git push` prints its remote URL, a failed HTTP call its Authorization
 * header, a failed database call its connection string.
 *
 * The rule is "mask too much rather than too little": shapes are matched
 * generously, and the part that identifies the kind of secret (`ghp_`,
 * `postgres://user:`) is kept so the reader still knows what was there.
 * Pure and idempotent: redacting redacted text changes nothing.
 */

/** What replaces a secret. */
export const REDACTED = "[redacted]";

interface Rule {
  /** What the rule masks, for tests and readers. */
  kind: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

/** Keeps `prefix` (a recognisable token prefix) and masks the rest. */
const keepPrefix = (prefixLength: number) => (match: string) => match.slice(0, prefixLength) + REDACTED;

/**
 * Key names whose value is a secret: the name ends with one of these words
 * (`JWT_SECRET`, `db_password`, `apiKey`, `access_token`), case-insensitive.
 * Names that merely contain a word (`maxTokensPerJob`, `tokens`) are left alone.
 */
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)`;

const RULES: readonly Rule[] = [
  {
    kind: "private key",
    pattern: /-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,30}PRIVATE KEY-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
  },
  {
    // scheme://user:password@host → the password masked (postgres, mongodb+srv, redis, https, ...).
    // The password runs to the last `@` before the host, so an unencoded `@` in it is masked too.
    kind: "URL credentials",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s/]+)@/gi,
    replace: (_m, head: string, password: string) => (password === REDACTED ? _m : `${head}${REDACTED}@`),
  },
  { kind: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9_]{16,}/g, replace: keepPrefix(4) },
  { kind: "GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{16,}/g, replace: keepPrefix(11) },
  { kind: "Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, replace: keepPrefix(7) },
  { kind: "OpenAI-style API key", pattern: /\bsk-(?!ant-)[A-Za-z0-9_-]{20,}/g, replace: keepPrefix(3) },
  { kind: "Stripe key", pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{10,}/g, replace: keepPrefix(8) },
  { kind: "Slack token", pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, replace: keepPrefix(5) },
  { kind: "npm token", pattern: /\bnpm_[A-Za-z0-9]{20,}/g, replace: keepPrefix(4) },
  { kind: "Google API key", pattern: /\bAIza[A-Za-z0-9_-]{30,}/g, replace: keepPrefix(4) },
  { kind: "AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: keepPrefix(4) },
  {
    kind: "JSON Web Token",
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: () => REDACTED,
  },
  {
    // Authorization: Bearer x / token x / Basic x, and a bare "Bearer x" anywhere.
    kind: "Authorization header",
    pattern: /\b(authorization["']?\s*[:=]\s*["']?)(?:(bearer|token|basic)\s+)?([^\s"',;]+)/gi,
    replace: (m, head: string, scheme: string | undefined, value: string) =>
      value === REDACTED ? m : `${head}${scheme ? `${scheme} ` : ""}${REDACTED}`,
  },
  {
    kind: "Bearer token",
    // At least 16 characters, so prose ("bearer authentication") stays readable.
    pattern: /\b(bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi,
    replace: (m, head: string, value: string) => (value === REDACTED ? m : `${head}${REDACTED}`),
  },
  {
    // password=..., "secret": "...", JWT_SECRET: ..., api_key='...' (a bare value does not take a sentence's final period;
    // after a colon, a short plain word is prose, not a value)
    kind: "secret assignment",
    pattern: new RegExp(String.raw`\b(${SECRET_KEY})(["']?\s*[:=]\s*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'&,;)}\]]*[^\s"'&,;)}\].]))`, "gi"),
    replace: (m, key: string, sep: string, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
      const value = doubleQuoted ?? singleQuoted ?? bare ?? "";
      // Empty, or already masked by an earlier rule (`ghp_[redacted]`): nothing left to hide.
      if (value === "" || value.includes("[redacted")) return m;
      // "password: must be 8 characters" is prose: after a colon, an unquoted plain word is left alone.
      if (bare !== undefined && !sep.includes("=") && /^[A-Za-z]{1,15}$/.test(value)) return m;
      const quote = doubleQuoted !== undefined ? '"' : singleQuoted !== undefined ? "'" : "";
      return `${key}${sep}${quote}${REDACTED}${quote}`;
    },
  },
];

/** The kinds of secret `redactSecrets` masks, in the order it applies them. */
export const REDACTED_KINDS: readonly string[] = RULES.map((r) => r.kind);

/** `text` with every credential-shaped part replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace);
  }
  return out;
}
