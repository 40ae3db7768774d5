import type { AccessLevel, EntitySpec, FieldSpec, RelationSpec } from "../../../spec/app-spec.js";
import { ACTIONS } from "../../../spec/app-spec.js";
import { table } from "../markdown.js";
import type { PullRequestBodyInput } from "./types.js";

const ACCESS: Record<AccessLevel, string> = { public: "anyone", authenticated: "signed-in", owner: "owner", admin: "admin" };
const RELATION: Record<RelationSpec["kind"], string> = { belongsTo: "belongs to", hasMany: "has many", manyToMany: "many to many" };

/** One table row per entity: fields, relations, and who may do what. */
export function entitiesSection(input: PullRequestBodyInput): string {
  const rows = input.spec.entities.map((entity) => [`**${entity.name}**`, fields(entity), relations(entity), access(entity)]);
  return [
    "### Entities",
    "",
    "Each entity has REST endpoints under `/api/<plural>` (list, create, read, update, delete). `?` marks an optional field.",
    "",
    table(["Entity", "Fields", "Relations", "list / read / create / update / delete"], rows),
  ].join("\n");
}

function fields(entity: EntitySpec): string {
  if (entity.fields.length === 0) return "—";
  return entity.fields.map(field).join(", ");
}

function field(f: FieldSpec): string {
  const type = f.type === "enum" && f.enumValues ? `enum (${f.enumValues.join("/")})` : f.type;
  const marks = [f.unique ? "unique" : "", f.private ? "private" : ""].filter(Boolean);
  return `\`${f.name}${f.required ? "" : "?"}\` ${type}${marks.length > 0 ? ` (${marks.join(", ")})` : ""}`;
}

function relations(entity: EntitySpec): string {
  if (entity.relations.length === 0) return "—";
  return entity.relations.map((r) => `\`${r.name}\` ${RELATION[r.kind]} ${r.target}`).join(", ");
}

function access(entity: EntitySpec): string {
  const levels = ACTIONS.map((action) => ACCESS[entity.permissions[action]]);
  return new Set(levels).size === 1 ? `${levels[0]} (all)` : levels.join(" / ");
}
