import type { FieldSpec, RelationSpec } from "../../src/spec/app-spec.js";
import type { AppModel, EntityModel, FieldModel, ForeignKeyModel } from "../../src/spec/model.js";
import { sqlString } from "./code.js";
import type { RenderedFile } from "../types.js";

/**
 * migrations/NNNN_<description>.sql: one file per table in dependency order
 * (describeApp puts belongsTo targets first), then join tables, then any foreign
 * key describeApp had to leave out to break a cycle.
 */
export function renderMigrations(model: AppModel, dir = "backend/migrations"): RenderedFile[] {
  const files: Array<{ name: string; sql: string }> = [];
  const position = new Map(model.entities.map((e, i) => [e.name, i]));
  // A foreign key to a table created later (a cycle) is added by ALTER TABLE once both exist.
  const deferred = (entity: EntityModel, fk: ForeignKeyModel) => fk.target !== entity.name && position.get(fk.target)! > position.get(entity.name)!;
  const late: Array<{ entity: EntityModel; fk: ForeignKeyModel }> = [];

  for (const entity of model.entities) {
    files.push({ name: `create_${entity.table}`, sql: createTable(model, entity, (fk) => deferred(entity, fk)) });
    late.push(...entity.foreignKeys.filter((fk) => deferred(entity, fk)).map((fk) => ({ entity, fk })));
    if (entity.isUser && model.spec.auth.kind === "jwt" && model.spec.auth.refreshTokens) {
      files.push({ name: "create_refresh_tokens", sql: refreshTokensTable(entity) });
    }
  }
  for (const join of model.joinTables) {
    files.push({
      name: `create_${join.table}`,
      sql: `create table ${join.table} (
  ${join.left.column} uuid not null references ${join.left.table} (id) on delete cascade,
  ${join.right.column} uuid not null references ${join.right.table} (id) on delete cascade,
  primary key (${join.left.column}, ${join.right.column})
);

create index ${join.table}_${join.right.column}_idx on ${join.table} (${join.right.column});
`,
    });
  }
  for (const { entity, fk } of late) {
    files.push({
      name: `add_${entity.table}_${fk.column}_fkey`,
      sql: `alter table ${entity.table}
  add constraint ${entity.table}_${fk.column}_fkey foreign key (${fk.column}) references ${fk.targetTable} (id)${onDelete(fk.onDelete)};
`,
    });
  }
  return files.map((f, i) => ({ path: `${dir}/${String(i + 1).padStart(4, "0")}_${f.name}.sql`, content: f.sql }));
}

function createTable(model: AppModel, entity: EntityModel, isDeferred: (fk: ForeignKeyModel) => boolean): string {
  const lines = ["id uuid primary key default gen_random_uuid()"];
  for (const f of entity.fields) lines.push(`${f.column} ${columnDefinition(f)}`);
  if (entity.isUser && model.spec.auth.kind === "jwt") {
    const roles = model.spec.auth.roles;
    lines.push("password_hash text not null");
    lines.push(`role text not null default ${sqlString(roles[0] ?? "user")} check (role in (${roles.map(sqlString).join(", ")}))`);
  }
  for (const fk of entity.foreignKeys) {
    const reference = isDeferred(fk) ? "" : ` references ${fk.targetTable} (id)${onDelete(fk.onDelete)}`;
    lines.push(`${fk.column} uuid${fk.required ? " not null" : ""}${reference}`);
  }
  if (entity.timestamps) lines.push("created_at timestamptz not null default now()", "updated_at timestamptz not null default now()");

  const statements = [`create table ${entity.table} (\n  ${lines.join(",\n  ")}\n);`];
  const indexes = entity.foreignKeys.map((fk) => `create index ${entity.table}_${fk.column}_idx on ${entity.table} (${fk.column});`);
  if (entity.timestamps) indexes.push(`create index ${entity.table}_created_at_idx on ${entity.table} (created_at);`);
  if (indexes.length > 0) statements.push(indexes.join("\n"));
  return statements.join("\n\n") + "\n";
}

function refreshTokensTable(user: EntityModel): string {
  return `-- Refresh tokens are stored as SHA-256 hashes; a used or revoked one has revoked_at set.
create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references ${user.table} (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);

create index refresh_tokens_user_id_idx on refresh_tokens (user_id);
`;
}

const SQL_TYPES: Record<FieldSpec["type"], string> = {
  string: "text",
  text: "text",
  email: "text",
  int: "integer",
  float: "double precision",
  decimal: "numeric",
  bool: "boolean",
  date: "date",
  datetime: "timestamptz",
  uuid: "uuid",
  json: "jsonb",
  enum: "text",
};

function columnDefinition({ spec: field, column }: FieldModel): string {
  const type = field.type === "string" && field.maxLength !== undefined ? `varchar(${field.maxLength})` : SQL_TYPES[field.type];
  const parts = [type];
  if (field.required) parts.push("not null");
  if (field.default !== undefined) parts.push(`default ${defaultValue(field)}`);
  if (field.unique) parts.push("unique");
  if (field.type === "enum" && field.enumValues) parts.push(`check (${column} in (${field.enumValues.map(sqlString).join(", ")}))`);
  return parts.join(" ");
}

function defaultValue(field: FieldSpec): string {
  const value = field.default!;
  if (field.type === "json") return `${sqlString(JSON.stringify(value))}::jsonb`;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return sqlString(value);
}

function onDelete(action: RelationSpec["onDelete"]): string {
  return { cascade: " on delete cascade", setNull: " on delete set null", restrict: " on delete restrict" }[action];
}
