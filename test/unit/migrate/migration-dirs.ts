import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The generated app's own runner, used as-is (its only dependency, pg, is also Stackwright's).
// @ts-expect-error no type declarations for the template's static JavaScript
import * as generatedRunner from "../../../templates/express/files/scripts/migrate.js";

/** The generated app's scripts/migrate.js: `migrate()` returns the files it applied. */
export const appRunner = generatedRunner as {
  migrate(options: { databaseUrl: string; dir: string; log?: (line: string) => void }): Promise<string[]>;
  checksum(sql: string): string;
};

/** Temporary migration directories, removed by `cleanup()`. */
export function migrationDirs() {
  const made: string[] = [];
  return {
    make(files: Record<string, string>): string {
      const dir = mkdtempSync(join(tmpdir(), "sw-migrations-"));
      made.push(dir);
      for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
      return dir;
    },
    write(dir: string, name: string, sql: string): void {
      writeFileSync(join(dir, name), sql);
    },
    remove(dir: string, name: string): void {
      rmSync(join(dir, name));
    },
    cleanup(): void {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Three migrations that build on each other. */
export const THREE = {
  "0001_create_authors.sql": "create table authors (\n  id serial primary key,\n  name text not null\n);\n",
  "0002_create_posts.sql": "create table posts (\n  id serial primary key,\n  author_id integer not null references authors (id)\n);\ncreate index posts_author_id_idx on posts (author_id);\n",
  "0003_add_title.sql": "alter table posts add column title text not null default '';\n",
};

/** A third migration that fails on its third line, after creating a table in the same file. */
export const BROKEN_THIRD = {
  "0001_create_authors.sql": THREE["0001_create_authors.sql"],
  "0002_create_posts.sql": THREE["0002_create_posts.sql"],
  "0003_broken.sql": "create table half_done (id int);\n\nselect missing_column from posts;\n",
};
