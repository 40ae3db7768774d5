import { createHmac, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The local provider's passwords, derived from one key kept on this host:
 * password = HMAC-SHA256(key, "<kind>:<name>"), base64url. So every `ensure`
 * of an app's role or user computes the same password (the app keeps working
 * across deploys and concurrent `ensure` calls agree), and no per-app secret
 * is ever written anywhere. The key is 32 random bytes in a 0600 file under the
 * state directory (in a 0700 directory), made once and atomically.
 *
 * Losing the key changes every password: the next `ensure` sets the new one on
 * the server (roles and users are updated, never recreated), and the next
 * deploy hands it to the app.
 */
export class LocalSecrets {
  private key: Promise<Buffer> | undefined;

  constructor(readonly keyFile: string) {}

  async password(kind: string, name: string): Promise<string> {
    const key = await (this.key ??= this.loadKey());
    return createHmac("sha256", key).update(`${kind}:${name}`).digest("base64url");
  }

  private async loadKey(): Promise<Buffer> {
    await mkdir(dirname(this.keyFile), { recursive: true, mode: 0o700 });
    try {
      // "wx": only one process ever creates it; the others read what it wrote.
      const fresh = randomBytes(32).toString("base64");
      await writeFile(this.keyFile, `${fresh}\n`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    for (let attempt = 0; ; attempt++) {
      const text = (await readFile(this.keyFile, "utf8")).trim();
      if (text !== "") {
        const info = await stat(this.keyFile);
        if ((info.mode & 0o077) !== 0) await chmod(this.keyFile, 0o600);
        return Buffer.from(text, "base64");
      }
      // Another process created the file a moment ago and has not written it yet.
      if (attempt > 50) throw new Error(`${this.keyFile} is empty; delete it and try again`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
