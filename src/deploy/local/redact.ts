import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { REDACTED, redactSecrets } from "../../github/render/redact.js";
import type { ServiceManifest } from "../../spec/manifest.js";

/**
 * Log excerpts leave this machine (a DeployError's message ends up in a
 * comment or a check run), so every value of the environment a deploy was
 * given is masked in them, plus the credential shapes `redactSecrets` knows.
 *
 * Kept visible: values of variables the manifest declares non-secret and
 * whose source is public by nature (a constant such as NODE_ENV, the backend
 * URL, the frontend origin, a port), so "NODE_ENV=production" does not turn
 * every "production" in a log into [redacted]. Values shorter than 3
 * characters are left alone (masking "1" would garble the text, not protect it).
 */

const PUBLIC_SOURCES = new Set(["constant", "backend-url", "frontend-origin", "port"]);

/** The strings to mask for a service's environment: each value, and the password inside a URL value (raw and decoded). */
export function secretValues(env: Record<string, string>, service?: Pick<ServiceManifest, "env">): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    const declared = service?.env.find((v) => v.name === name);
    if (declared && declared.secret === false && PUBLIC_SOURCES.has(declared.source)) continue;
    if (value.length >= 3) values.add(value);
    try {
      const url = new URL(value);
      if (url.password.length >= 3) {
        values.add(url.password);
        values.add(decodeURIComponent(url.password));
      }
    } catch {
      // not a URL
    }
  }
  // Longest first, so a value containing another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/** Masks every given value, then every credential shape, in `text`. */
export function redactValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (value && out.includes(value)) out = out.split(value).join(REDACTED);
  return redactSecrets(out);
}

/** The last `maxLines` lines of a log file (reading at most the last 64 KiB), or "" when it cannot be read. */
export function tailFile(path: string, maxLines = 40, maxBytes = 64 * 1024): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString("utf8");
    if (length < size) text = text.slice(text.indexOf("\n") + 1);
    // eslint-disable-next-line no-control-regex
    const lines = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").split(/\r?\n/);
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines.slice(-maxLines).join("\n");
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
