import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stateDir } from "../util/state-dir.js";

/**
 * Secrets a deploy generates once and must keep (an app's JWT secret: a new
 * one would sign every user out). Each target keeps them where it runs.
 */
export interface SecretKeeper {
  getOrCreate(app: string, environment: string, name: string): Promise<string>;
}

/** A new random secret: 48 bytes, base64url (64 characters). */
export function newSecret(): string {
  return randomBytes(48).toString("base64url");
}

/** Keeps secrets in a 0600 JSON file under the local state directory (the local target's keeper). */
export class FileSecretKeeper implements SecretKeeper {
  constructor(private readonly path = stateDir("secrets.json")) {}

  async getOrCreate(app: string, environment: string, name: string): Promise<string> {
    const all = await this.read();
    const key = `${app}/${environment}/${name}`;
    const existing = all[key];
    if (existing) return existing;
    const value = newSecret();
    await this.write({ ...all, [key]: value });
    return value;
  }

  private async read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  private async write(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
  }
}
