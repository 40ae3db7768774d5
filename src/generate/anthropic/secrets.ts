import { redactSecrets, REDACTED } from "../../github/render/redact.js";

/**
 * Keeps this process's secrets out of every request to the model. Two layers:
 *
 * - Exact values: every environment variable whose name says it is secret
 *   (…TOKEN, …SECRET, …KEY, …PASSWORD, DATABASE_URL and other …_URL with
 *   credentials, PRIVATE_KEY, …) and every value that carries URL credentials,
 *   8 characters or longer, is replaced wherever it appears in a request.
 * - Shapes: the user's own words (issue text) also go through the redactor the
 *   GitHub renderers use (ghp_…, sk-ant-…, postgres://user:pass@…), since a
 *   person may paste a credential into a prompt.
 *
 * Template code and verify messages are not shape-redacted (`password:` in
 * code is not a secret), only scrubbed of exact values.
 */
const SECRET_NAME = /(?:^|_)(?:TOKEN|SECRET|KEY|PASSWORD|PASSWD|PWD|PASS|PRIVATE|CREDENTIALS?|AUTH|SESSION|COOKIE|DSN|SIGNATURE|CERT)(?:_|$)|(?:^|_)URL$|^(?:DATABASE|POSTGRES|MONGODB|MONGO|REDIS)_/i;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@]*:[^\s/@]+@/i;
const MIN_LENGTH = 8;

export class SecretScrubber {
  /** Longest first, so a value containing another is replaced whole. */
  private readonly values: string[];

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    const values = new Set<string>();
    for (const [name, value] of Object.entries(env)) {
      if (!value || value.length < MIN_LENGTH || name === "PWD" || name === "OLDPWD") continue;
      if (SECRET_NAME.test(name) || URL_CREDENTIALS.test(value)) {
        values.add(value);
        // A PEM or other multi-line secret may be quoted one line at a time.
        for (const line of value.split(/\r?\n/)) if (line.trim().length >= 24 && !/^-----/.test(line.trim())) values.add(line.trim());
      }
    }
    this.values = [...values].sort((a, b) => b.length - a.length);
  }

  /** Exact secret values replaced. */
  text(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** Words from a person: exact values and credential shapes replaced. */
  userText(text: string): string {
    return redactSecrets(this.text(text));
  }

  /** Every string inside `value` scrubbed of exact values (objects and arrays copied). */
  deep<T>(value: T): T {
    if (typeof value === "string") return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.deep(v)])) as T;
    }
    return value;
  }

  /** Whether any secret value occurs in `serialized` (the last check before a request leaves). */
  leaks(serialized: string): boolean {
    return this.values.some((v) => serialized.includes(v) || serialized.includes(JSON.stringify(v).slice(1, -1)));
  }
}
