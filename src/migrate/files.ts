import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DuplicateVersionError, MigrationError } from "./errors.js";

/**
 * The migration files of one directory, read exactly as the generated app's
 * own runner (templates/express/files/scripts/migrate.js) reads them, so both
 * runners agree on what is applied and on every checksum.
 */

/** `NNNN_<description>.sql`: the only names any runner applies (the contract's format). */
export const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface MigrationFile {
  version: number;
  /** The description without the number: the tracking row's `name` (`create_users`). */
  name: string;
  /** The file name (`0001_create_users.sql`). */
  file: string;
  path: string;
  /** The content as read; this is what runs. */
  sql: string;
  checksum: string;
}

export interface MigrationDirectory {
  migrations: MigrationFile[];
  /** `.sql` files that do not follow `NNNN_<description>.sql`: no runner applies them. */
  ignored: string[];
}

/** SHA-256 (hex) of the content with line endings normalised to `\n`. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n?/g, "\n")).digest("hex");
}

/** `0001_create_users.sql` from a tracking row's version and name. */
export function migrationLabel(version: number, name: string): string {
  return `${String(version).padStart(4, "0")}_${name}.sql`;
}

/** Reads `dir`'s migrations in the order they apply. Two files with one version are an error. */
export async function readMigrationDirectory(dir: string): Promise<MigrationDirectory> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new MigrationError("no-migrations-dir", `the migrations directory ${dir} does not exist`);
    if (code === "ENOTDIR") throw new MigrationError("no-migrations-dir", `${dir} is not a directory`);
    throw error;
  }
  const migrations: MigrationFile[] = [];
  const ignored: string[] = [];
  for (const file of entries) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      if (file.toLowerCase().endsWith(".sql")) ignored.push(file);
      continue;
    }
    const path = join(dir, file);
    const sql = await readFile(path, "utf8");
    migrations.push({ version: Number(match[1]), name: match[2]!, file, path, sql, checksum: migrationChecksum(sql) });
  }
  for (let i = 1; i < migrations.length; i++) {
    const previous = migrations[i - 1]!;
    const current = migrations[i]!;
    if (current.version === previous.version) throw new DuplicateVersionError(current.version, [previous.file, current.file]);
  }
  return { migrations, ignored };
}
