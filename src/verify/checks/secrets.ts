import type { VerifyContext } from "../context.js";
import { baseName, plural } from "../../util/text.js";
import type { Check, CheckOutcome } from "../types.js";

interface SecretPattern {
  name: string;
  pattern: RegExp;
  /** The part of the match that must look random (default: the whole match). */
  group?: number;
}

/** Credentials with a recognisable shape. Each regex is global; matches that look like placeholders are ignored. */
const PATTERNS: SecretPattern[] = [
  // A header alone (a PEM parser's constant) is fine; a header followed by key material is not.
  { name: "private key", pattern: /-----BEGIN[A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----(?=[\s\S]{0,300}?[A-Za-z0-9+/]{40})/g },
  { name: "AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { name: "AWS secret access key", pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi, group: 1 },
  { name: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { name: "GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{50,255}\b/g },
  { name: "Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { name: "OpenAI API key", pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g },
  { name: "Stripe live key", pattern: /\b[sr]k_live_[0-9A-Za-z]{16,}\b/g },
  { name: "Slack token", pattern: /\bxox[abposre]-[0-9A-Za-z-]{10,}/g },
  { name: "Slack webhook URL", pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g },
  { name: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: "npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: "SendGrid API key", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
];

/** Words that mark a token-shaped string as made up (kept few: a random token rarely contains them). */
const TOKEN_PLACEHOLDER = /example|sample|placeholder|dummy|fake|your|xxxx|redacted/i;
/** Words that mark a `.env.example` value as a placeholder. */
const VALUE_PLACEHOLDER = /example|sample|placeholder|dummy|fake|your|replace|change|xxxx|redacted|insecure|not[-_]?a[-_]?real|test|local|dev/i;

/** A value that is obviously not a real credential: says so, or is too repetitive to be random. */
export function looksLikePlaceholder(value: string, words: RegExp = TOKEN_PLACEHOLDER): boolean {
  if (words.test(value)) return true;
  if (/(.)\1{5,}/.test(value)) return true;
  return new Set(value).size < 8;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Environment files that may be committed. Everything else named `.env*` holds real values. */
const ALLOWED_ENV_FILES = new Set([".env.example"]);
const ENV_FILE = /^\.env(?:\..+)?$/;
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|API_?KEY|ACCESS_?KEY|_KEY$|CREDENTIALS?/;

/**
 * No credential in the tree: recognisable tokens and private keys anywhere, no
 * committed `.env`, and `.env.example` values for secret variables that look
 * like placeholders rather than generated secrets.
 */
export const secretsCheck: Check<VerifyContext> = {
  id: "secrets",
  title: "No secrets",
  run(ctx): CheckOutcome {
    const findings: CheckOutcome["findings"] = [];
    for (const file of ctx.files) {
      const name = baseName(file.path);
      if (ENV_FILE.test(name) && !ALLOWED_ENV_FILES.has(name)) {
        findings.push({
          severity: "error",
          file: file.path,
          line: 1,
          message: `${name} is committed: real values stay out of the repository; document variables in .env.example`,
        });
      }
      for (const { name: kind, pattern, group } of PATTERNS) {
        for (const m of file.content.matchAll(pattern)) {
          const secret = group === undefined ? m[0] : (m[group] ?? m[0]);
          if (kind !== "private key" && looksLikePlaceholder(secret)) continue;
          const { line, column } = ctx.lines(file).at(m.index);
          findings.push({ severity: "error", file: file.path, line, column, message: `hard-coded ${kind}: move it to an environment variable` });
        }
      }
      if (name === ".env.example") findings.push(...exampleValues(ctx, file));
    }
    return { findings, detail: plural(ctx.files.length, "file") };
  },
};

function exampleValues(ctx: VerifyContext, file: { path: string; content: string }): CheckOutcome["findings"] {
  const out: CheckOutcome["findings"] = [];
  const lines = ctx.lines(file);
  for (let n = 1; n <= lines.lineCount; n++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(lines.lineText(n));
    if (!m) continue;
    const key = m[1]!;
    const value = m[2]!.trim().replace(/^(["'])(.*)\1$/, "$2");
    if (!SECRET_NAME.test(key.toUpperCase()) || value.length < 24 || /\s/.test(value)) continue;
    if (looksLikePlaceholder(value, VALUE_PLACEHOLDER) || entropy(value) < 3.5 || !/\d/.test(value) || !/[A-Za-z]/.test(value)) continue;
    out.push({
      severity: "error",
      file: file.path,
      line: n,
      column: m[0].indexOf("=") + 2,
      message: `${key} has a value that looks like a real secret; use a placeholder such as "change-me"`,
    });
  }
  return out;
}
