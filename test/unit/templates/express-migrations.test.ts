import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSpec } from "../../../src/spec/app-spec.js";
import { describeApp } from "../../../src/spec/model.js";
import { assertValidAppSpec } from "../../../src/spec/validate.js";
import { renderMigrations } from "../../../templates/express/render-migrations.js";
import { allSpecs, blogSpec, shopSpec, tasksSpec } from "../../fixtures/specs.js";
// The generated runner is plain JavaScript; its checksum must match the contract's definition.
// @ts-expect-error no type declarations for the template's static JavaScript
import { checksum } from "../../../templates/express/files/scripts/migrate.js";

const migrations = (spec: AppSpec) => renderMigrations(describeApp(spec));
const sql = (spec: AppSpec) => migrations(spec).map((f) => f.content).join("\n");

/** Two entities that reference each other: describeApp breaks the cycle, the migrations add the last FK later. */
const cycleSpec = assertValidAppSpec({
  specVersion: 1,
  name: "league",
  title: "League",
  description: "Teams and players that reference each other.",
  stack: { backend: "express", database: "postgres", cache: null, frontend: "none", pwa: false },
  auth: { kind: "none" },
  entities: [
    {
      name: "Team",
      fields: [{ name: "name", type: "string", unique: true, maxLength: 80 }],
      relations: [
        { name: "captain", kind: "belongsTo", target: "Player", inverse: "captainOf", required: false, onDelete: "setNull" },
        { name: "players", kind: "hasMany", target: "Player", inverse: "team" },
      ],
      permissions: { list: "public", read: "public", create: "public", update: "public", delete: "public" },
    },
    {
      name: "Player",
      fields: [{ name: "name", type: "string" }],
      relations: [
        { name: "team", kind: "belongsTo", target: "Team", inverse: "players", onDelete: "cascade" },
        { name: "captainOf", kind: "hasMany", target: "Team", inverse: "captain" },
      ],
      permissions: { list: "public", read: "public", create: "public", update: "public", delete: "public" },
    },
  ],
});

describe("express template: migrations", () => {
  it("numbers files NNNN_<description>.sql in order, one table each, targets first", () => {
    const files = migrations(shopSpec);
    expect(files.map((f) => f.path)).toEqual([
      "backend/migrations/0001_create_users.sql",
      "backend/migrations/0002_create_refresh_tokens.sql",
      "backend/migrations/0003_create_categories.sql",
      "backend/migrations/0004_create_products.sql",
      "backend/migrations/0005_create_orders.sql",
      "backend/migrations/0006_create_order_items.sql",
      "backend/migrations/0007_create_categories_products.sql",
    ]);
  });

  it("indexes every foreign key column and makes unique fields unique", () => {
    for (const spec of allSpecs) {
      const text = sql(spec);
      const model = describeApp(spec);
      for (const entity of model.entities) {
        for (const fk of entity.foreignKeys) expect(text).toContain(`create index ${entity.table}_${fk.column}_idx on ${entity.table} (${fk.column});`);
        for (const f of entity.fields.filter((field) => field.spec.unique)) expect(text).toMatch(new RegExp(`\\n  ${f.column} [^,\\n]* unique`));
      }
      for (const join of model.joinTables) {
        expect(text).toContain(`primary key (${join.left.column}, ${join.right.column})`);
        expect(text).toContain(`create index ${join.table}_${join.right.column}_idx on ${join.table} (${join.right.column});`);
      }
    }
  });

  it("maps field types, defaults, enums and onDelete", () => {
    const shop = sql(shopSpec);
    expect(shop).toContain("id uuid primary key default gen_random_uuid()");
    expect(shop).toContain("price numeric not null");
    expect(shop).toContain("stock integer not null default 0");
    expect(shop).toContain("attributes jsonb,");
    expect(shop).toContain("placed_at timestamptz,");
    expect(shop).toContain("status text not null default 'pending' check (status in ('pending', 'paid', 'shipped', 'cancelled'))");
    expect(shop).toContain("product_id uuid not null references products (id) on delete restrict");
    expect(shop).toContain("created_at timestamptz not null default now()");
    const tasks = sql(tasksSpec);
    expect(tasks).toContain("project_id uuid references projects (id) on delete set null");
    expect(tasks).toContain("due_date date,");
    expect(tasks).toContain("owner_id uuid not null references users (id) on delete cascade");
    const blog = sql(blogSpec);
    expect(blog).toContain("password_hash text not null");
    expect(blog).toContain("role text not null default 'user' check (role in ('user', 'admin'))");
    expect(blog).toContain("token_hash text not null unique");
    expect(blog).not.toMatch(/"/); // nothing needs quoting
  });

  it("adds a foreign key that closes a cycle in a later ALTER TABLE migration", () => {
    const files = migrations(cycleSpec);
    expect(files.map((f) => f.path.split("/").pop())).toEqual(["0001_create_players.sql", "0002_create_teams.sql", "0003_add_players_team_id_fkey.sql"]);
    expect(files[0]!.content).toContain("team_id uuid not null,");
    expect(files[0]!.content).toContain("create index players_team_id_idx on players (team_id);");
    expect(files[2]!.content).toContain("add constraint players_team_id_fkey foreign key (team_id) references teams (id) on delete cascade;");
  });

  it("has the runner's checksum: SHA-256 hex of the content with \\n line endings", () => {
    const expected = createHash("sha256").update("create table a ();\nselect 1;\n").digest("hex");
    expect(checksum("create table a ();\r\nselect 1;\r\n")).toBe(expected);
    expect(checksum("create table a ();\nselect 1;\n")).toBe(expected);
  });

  describe("applied to an embedded PostgreSQL (PGlite)", () => {
    let db: PGlite;
    beforeAll(async () => {
      db = new PGlite();
      await db.waitReady;
    }, 120_000);
    afterAll(async () => {
      await db?.close();
    });

    it("creates every table of every fixture spec and of the cycle spec", async () => {
      for (const spec of [...allSpecs, cycleSpec]) {
        const schema = `s_${spec.name.replaceAll("-", "_")}`;
        await db.exec(`create schema ${schema}; set search_path to ${schema}, public;`);
        for (const file of migrations(spec)) await db.exec(file.content);
        const { rows } = await db.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = $1 order by 1", [schema]);
        const model = describeApp(spec);
        const expected = [...model.entities.map((e) => e.table), ...model.joinTables.map((j) => j.table)];
        if (spec.auth.kind === "jwt") expected.push("refresh_tokens");
        expect(rows.map((r) => r.table_name)).toEqual(expected.sort());
      }
    }, 60_000);

    it("enforces the constraints it declares", async () => {
      await db.exec("set search_path to s_shop, public;");
      await db.exec("insert into products (name, sku, price) values ('A', 'SKU-1', 1.5)");
      await expect(db.exec("insert into products (name, sku, price) values ('B', 'SKU-1', 2)")).rejects.toThrow(/unique/);
      await expect(db.exec("insert into orders (status, customer_id) values ('lost', gen_random_uuid())")).rejects.toThrow(/check|foreign key/);
      await db.exec("set search_path to s_league, public;");
      await expect(db.exec("insert into players (name, team_id) values ('x', gen_random_uuid())")).rejects.toThrow(/foreign key/);
    });
  });
});
