import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkNumbering, type MigrationSet } from "../../../src/verify/checks/migrations.js";
import { PristineDataDir } from "../../../src/util/pglite.js";
import { editFile, expressReactApp, lineOf, withFile, withoutFile } from "../../fixtures/verify/apps.js";
import { errors, run } from "./support.js";

// Each test starts an embedded PostgreSQL: a second or more on a busy machine.
const PG_TIMEOUT = 60_000;
const M = "backend/migrations";

describe("migrations check (PGlite)", () => {
  const app = expressReactApp();

  it(
    "names the file and the line of the failing statement (a typo in the 2nd statement of 0002)",
    async () => {
      const files = editFile(app, `${M}/0002_create_posts.sql`, "CREATE INDEX posts_author_id_idx", "CREATE INDX posts_author_id_idx");
      const report = await run(files, ["migrations"]);
      expect(errors(report)).toEqual([
        {
          check: "migrations",
          severity: "error",
          file: `${M}/0002_create_posts.sql`,
          line: lineOf(files, `${M}/0002_create_posts.sql`, "CREATE INDX"),
          column: 8,
          message: 'migration fails: syntax error at or near "INDX"',
        },
      ]);
      expect(report.checks.find((c) => c.id === "migrations")).toMatchObject({ status: "fail", detail: "1/3 migrations applied; 1 error" });
    },
    PG_TIMEOUT,
  );

  it(
    "points inside a multi-line statement, finds the statement when PostgreSQL gives no position, and stops at the first failing file",
    async () => {
      let files = editFile(app, `${M}/0001_create_users.sql`, "  expires_at timestamptz", "  expires_at timestampz");
      files = editFile(files, `${M}/0003_create_comments.sql`, "CREATE INDEX comments_post_id_idx", "CREATE INDX comments_post_id_idx"); // never reached
      let report = await run(files, ["migrations"]);
      expect(errors(report).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
        `${M}/0001_create_users.sql:${lineOf(files, `${M}/0001_create_users.sql`, "timestampz")} migration fails: type "timestampz" does not exist`,
      ]);

      // A foreign key to a missing table: the error has no position, so each statement is replayed to find it.
      files = editFile(app, `${M}/0003_create_comments.sql`, "CREATE INDEX comments_author_id_idx", "CREATE TABLE likes (\n  post_id uuid REFERENCES postz (id)\n);\nCREATE INDEX comments_author_id_idx");
      files = withFile(files, `${M}/0004_broken_too.sql`, "CREATE TABEL nope ();\n");
      report = await run(files, ["migrations"]);
      expect(errors(report).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
        `${M}/0003_create_comments.sql:${lineOf(files, `${M}/0003_create_comments.sql`, "CREATE TABLE likes")} migration fails: relation "postz" does not exist`,
      ]);
      expect(report.checks.find((c) => c.id === "migrations")?.detail).toBe("2/4 migrations applied; 1 error");
    },
    PG_TIMEOUT,
  );

  it(
    "reports a gap in the numbering, naming the file after it",
    async () => {
      const files = withoutFile(withFile(app, `${M}/0004_add_slug.sql`, "ALTER TABLE posts ADD COLUMN slug text;\n"), `${M}/0003_create_comments.sql`);
      const report = await run(files, ["migrations"]);
      expect(errors(report)).toEqual([
        { check: "migrations", severity: "error", file: `${M}/0004_add_slug.sql`, line: 1, message: "migration 0003 is missing: 0004_add_slug.sql follows 0002_create_posts.sql" },
      ]);
    },
    PG_TIMEOUT,
  );

  it(
    "finds migrations/NNNN_*.sql without a manifest",
    async () => {
      const files = editFile(withoutFile(app, "stackwright.json"), `${M}/0002_create_posts.sql`, "CREATE INDEX posts_author_id_idx", "CREATE INDX posts_author_id_idx");
      const report = await run(files, ["migrations"]);
      expect(errors(report).map((f) => f.file)).toEqual([`${M}/0002_create_posts.sql`]);
    },
    PG_TIMEOUT,
  );

  it(
    "gives each service a database of its own",
    async () => {
      let files = editFile(
        app,
        "stackwright.json",
        '  "services": [',
        '  "services": [\n    { "name": "worker", "role": "backend", "dir": "worker", "framework": "express", "language": "javascript", "commands": { "install": ["npm", "ci"], "start": ["npm", "start"] }, "migrationsDir": "db", "env": [] },',
      );
      // The same table names as the backend's: this works only on a clean database.
      files = withFile(files, "worker/db/0001_create_users.sql", app.find((f) => f.path === `${M}/0001_create_users.sql`)!.content);
      const report = await run(files, ["migrations"]);
      expect(report.findings).toEqual([]);
      expect(report.checks.find((c) => c.id === "migrations")?.detail).toBe("4/4 migrations applied");
    },
    PG_TIMEOUT,
  );

  it("skips a MongoDB service's migrations with the reason, without starting PostgreSQL", async () => {
    const files = editFile(app, "stackwright.json", '"database": "postgres"', '"database": "mongodb"');
    const report = await run(files, ["migrations"]);
    expect(report.checks.find((c) => c.id === "migrations")).toMatchObject({ status: "skip", detail: "backend/migrations skipped: MongoDB service (its migrations are not SQL)" });
    expect(report.checks.find((c) => c.id === "migrations")!.durationMs).toBeLessThan(1000);
  });

  it("is skipped when there are no migrations", async () => {
    const files = app.filter((f) => !f.path.startsWith(`${M}/`) && f.path !== "stackwright.json");
    const report = await run(files, ["migrations"]);
    expect(report.checks.find((c) => c.id === "migrations")).toMatchObject({ status: "skip", detail: "no migrations" });
  });
});

describe("migration numbering", () => {
  const set = (...names: string[]): MigrationSet => ({
    service: "backend",
    dir: "m",
    files: names.filter((n) => /^\d{4}_/.test(n)).map((n) => ({ path: `m/${n}`, content: "" })),
    misnamed: names.filter((n) => !/^\d{4}_/.test(n)).map((n) => ({ path: `m/${n}`, content: "" })),
  });
  const messages = (s: MigrationSet) => checkNumbering(s).map((f) => `${f.file}: ${f.message}`);

  it("accepts 0001, 0002, ...", () => {
    expect(messages(set("0001_a.sql", "0002_b.sql", "0003_c.sql"))).toEqual([]);
  });

  it("names duplicates, gaps, a late start and misnamed files", () => {
    expect(messages(set("0001_a.sql", "0002_b.sql", "0002_c.sql"))).toEqual(["m/0002_c.sql: migration number 0002 is used twice (also 0002_b.sql)"]);
    expect(messages(set("0001_a.sql", "0005_e.sql"))).toEqual(["m/0005_e.sql: migrations 0002 to 0004 are missing: 0005_e.sql follows 0001_a.sql"]);
    expect(messages(set("0002_b.sql", "0003_c.sql"))).toEqual(["m/0002_b.sql: migrations must start at 0001, but the first is 0002_b.sql"]);
    expect(messages(set("0001_a.sql", "2_b.sql"))).toEqual(["m/2_b.sql: 2_b.sql is not named NNNN_<description>.sql, so no migration runner applies it"]);
  });
});

describe("pristine data directory cache", () => {
  it("writes the copy atomically to the cache directory and reads it back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-verify-cache-"));
    try {
      const cache = new PristineDataDir(dir);
      const file = (await cache.file())!;
      expect(file).toMatch(/pglite-\d+\.\d+\.\d+-pristine-datadir\.tar\.gz$/);
      await cache.save(new Blob(["pristine"]));
      expect(await readFile(file, "utf8")).toBe("pristine");
      // Another cache directory: read from disk.
      const other = await mkdtemp(join(tmpdir(), "sw-verify-cache-"));
      const otherCache = new PristineDataDir(other);
      await writeFile((await otherCache.file())!, "from disk");
      expect(await (await otherCache.load())!.text()).toBe("from disk");
      await rm(other, { recursive: true, force: true });
      expect(await new PristineDataDir(false).file()).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
