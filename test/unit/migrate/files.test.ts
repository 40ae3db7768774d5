import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuplicateVersionError, MigrationError, migrationChecksum, migrationLabel, readMigrationDirectory } from "../../../src/migrate/index.js";
import { appRunner } from "./migration-dirs.js";

const root = mkdtempSync(join(tmpdir(), "sw-migration-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(root, "d-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}

describe("migration files", () => {
  it("computes the same checksum as the generated app's runner, with line endings normalised", () => {
    for (const sql of ["create table a (id int);\n", "a\r\nb\rc\n", "", "ünïcode ✓\n"]) expect(migrationChecksum(sql)).toBe(appRunner.checksum(sql));
    expect(migrationChecksum("a\r\nb\r\n")).toBe(migrationChecksum("a\nb\n"));
    expect(migrationChecksum("a\nb\n")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads NNNN_<description>.sql in order, with the description as the name, and lists .sql files no runner applies", async () => {
    const d = dir({ "0002_b.sql": "b", "0001_a.sql": "a", "0010_later_one.sql": "c", "README.md": "x", "3_bad.sql": "x", "0004_Mixed-Case.sql": "x" });
    const { migrations, ignored } = await readMigrationDirectory(d);
    expect(migrations.map((m) => [m.version, m.name, m.file])).toEqual([
      [1, "a", "0001_a.sql"],
      [2, "b", "0002_b.sql"],
      [10, "later_one", "0010_later_one.sql"],
    ]);
    expect(ignored).toEqual(["0004_Mixed-Case.sql", "3_bad.sql"]);
    expect(migrationLabel(7, "create_users")).toBe("0007_create_users.sql");
  });

  it("refuses two files with one version, and a missing directory, with readable messages", async () => {
    const error = await readMigrationDirectory(dir({ "0001_a.sql": "a", "0001_b.sql": "b" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateVersionError);
    expect((error as Error).message).toBe("two migrations have version 0001: 0001_a.sql and 0001_b.sql; renumber one of them");
    await expect(readMigrationDirectory(join(root, "nope"))).rejects.toThrow(MigrationError);
    await expect(readMigrationDirectory(join(root, "nope"))).rejects.toThrow(/does not exist/);
  });
});
