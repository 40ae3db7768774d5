import type { AppSpec, EntitySpec, RelationSpec } from "./app-spec.js";
import { camelCase, pluralName, singularName, snakeCase } from "./naming.js";
import { checkCustomSemantics } from "./custom.js";
import { reservedIn, SQL_RESERVED, TYPE_NAME_RESERVED } from "./reserved-words.js";

export interface SpecIssue {
  /** Dotted location in the spec, e.g. `entities.Post.relations.author`. */
  path: string;
  message: string;
}

/** Names every entity gets from the templates; a field or relation may not reuse them. */
const IMPLICIT_FIELDS = new Set(["id", "createdAt", "updatedAt"]);
/** Columns the auth templates add to the user entity. */
const USER_IMPLICIT_FIELDS = new Set(["password", "passwordHash", "role", "refreshTokens"]);

const INVERSE_KIND: Record<RelationSpec["kind"], RelationSpec["kind"]> = {
  belongsTo: "hasMany",
  hasMany: "belongsTo",
  manyToMany: "manyToMany",
};

/**
 * Checks what a JSON Schema cannot: names are unique and safe in every target
 * language and in SQL, relations point at real entities with matching inverses,
 * ownership and permissions make sense for the auth mode.
 */
export function checkSpecSemantics(spec: AppSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const byName = new Map<string, EntitySpec>();

  for (const entity of spec.entities) {
    const key = entity.name.toLowerCase();
    if (byName.has(key)) add(`entities.${entity.name}`, `entity "${entity.name}" is defined twice`);
    byName.set(key, entity);
    if (TYPE_NAME_RESERVED.has(entity.name)) {
      add(`entities.${entity.name}`, `"${entity.name}" would shadow a builtin type; pick a more specific name`);
    }
    // Templates also use the entity's camelCase form as a variable name (`post`, `blogPost`).
    const asVariable = reservedIn(camelCase(entity.name)).filter((t) => t !== "SQL");
    if (asVariable.length > 0) {
      add(`entities.${entity.name}`, `"${camelCase(entity.name)}" (${entity.name} as a variable) is a reserved word in ${asVariable.join(", ")}; pick another name`);
    }
  }

  const tables = new Map<string, string>();
  for (const entity of spec.entities) {
    const table = snakeCase(entity.plural ?? pluralName(entity.name));
    const other = tables.get(table);
    if (other && other !== entity.name) {
      add(`entities.${entity.name}`, `table "${table}" would be shared by ${other} and ${entity.name}; set "plural" on one`);
    }
    tables.set(table, entity.name);
    if (SQL_RESERVED.has(table)) {
      add(`entities.${entity.name}`, `table name "${table}" is a reserved SQL word; set a different "plural"`);
    }
    issues.push(...checkEntityMembers(spec, entity));
    issues.push(...checkRelations(entity, byName));
  }

  issues.push(...checkAuth(spec, byName));
  issues.push(...checkCustomSemantics(spec));
  return issues;
}

function checkEntityMembers(spec: AppSpec, entity: EntitySpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const at = `entities.${entity.name}`;
  const seen = new Set<string>();
  const isUser = spec.auth.kind === "jwt" && entity.name === spec.auth.userEntity;
  // Each member's code identifier, and the SQL column it becomes (if any).
  const members = [
    ...entity.fields.map((f) => ({ kind: "field", name: f.name, column: snakeCase(f.name) as string | undefined })),
    ...entity.relations.map((r) => ({ kind: "relation", name: r.name, column: undefined })),
    ...entity.relations.filter((r) => r.kind === "belongsTo").map((r) => ({ kind: "foreign key", name: `${r.name}Id`, column: undefined })),
    ...entity.relations.filter((r) => r.kind === "manyToMany").map((r) => ({ kind: "id list", name: `${singularName(r.name)}Ids`, column: undefined })),
  ];
  for (const { kind, name, column } of members) {
    const path = `${at}.${name}`;
    if (seen.has(name.toLowerCase())) issues.push({ path, message: `${kind} "${name}" clashes with another field or relation of ${entity.name}` });
    seen.add(name.toLowerCase());
    if (IMPLICIT_FIELDS.has(name)) issues.push({ path, message: `"${name}" is added to every entity automatically; remove it` });
    if (isUser && USER_IMPLICIT_FIELDS.has(name)) issues.push({ path, message: `"${name}" is managed by the auth templates on ${entity.name}; remove it` });
    const targets = new Set([...reservedIn(name), ...reservedIn(snakeCase(name))].filter((t) => t !== "SQL"));
    if (column !== undefined && SQL_RESERVED.has(column)) targets.add("SQL");
    if (targets.size > 0) issues.push({ path, message: `"${name}" is a reserved word in ${[...targets].join(", ")}; rename it` });
  }

  for (const field of entity.fields) {
    const path = `${at}.fields.${field.name}`;
    if (field.type === "enum" && !field.enumValues?.length) issues.push({ path, message: `enum field "${field.name}" needs enumValues` });
    if (field.type !== "enum" && field.enumValues) issues.push({ path, message: `enumValues is only allowed on enum fields` });
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) issues.push({ path, message: `min (${field.min}) is greater than max (${field.max})` });
    if (field.unique && field.type === "json") issues.push({ path, message: `a json field cannot be unique` });
    if (field.private && field.unique) issues.push({ path, message: `a private field cannot be unique (uniqueness errors would reveal it)` });
    if (field.type === "enum" && typeof field.default === "string" && !field.enumValues?.includes(field.default)) {
      issues.push({ path, message: `default "${field.default}" is not one of enumValues` });
    }
  }

  if (entity.owner !== undefined) {
    const rel = entity.relations.find((r) => r.name === entity.owner);
    const path = `${at}.owner`;
    if (spec.auth.kind !== "jwt") issues.push({ path, message: `owner needs auth; set auth.kind to "jwt" or remove owner` });
    else if (!rel) issues.push({ path, message: `owner "${entity.owner}" is not a relation of ${entity.name}` });
    else if (rel.kind !== "belongsTo" || rel.target !== spec.auth.userEntity) {
      issues.push({ path, message: `owner "${entity.owner}" must be a belongsTo relation to ${spec.auth.userEntity}` });
    }
  }

  for (const [action, level] of Object.entries(entity.permissions)) {
    const path = `${at}.permissions.${action}`;
    if (spec.auth.kind === "none" && level !== "public") issues.push({ path, message: `"${level}" needs auth; with auth.kind "none" every permission must be "public"` });
    if (level === "owner" && entity.owner === undefined && !isUser) issues.push({ path, message: `"owner" needs ${entity.name} to have an owner relation` });
    if (level === "owner" && action === "create") issues.push({ path, message: `create cannot require "owner" (there is no record yet); use "authenticated"` });
  }
  if (isUser && entity.permissions.create !== "admin") {
    issues.push({ path: `${at}.permissions.create`, message: `users are created by POST /auth/register; set create to "admin"` });
  }
  return issues;
}

function checkRelations(entity: EntitySpec, byName: Map<string, EntitySpec>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const rel of entity.relations) {
    const path = `entities.${entity.name}.relations.${rel.name}`;
    const target = byName.get(rel.target.toLowerCase());
    if (!target || target.name !== rel.target) {
      issues.push({ path, message: `target "${rel.target}" is not an entity` });
      continue;
    }
    const inverse = target.relations.find((r) => r.name === rel.inverse);
    if (!inverse) {
      issues.push({ path, message: `inverse "${rel.inverse}" is missing on ${target.name}; add a ${INVERSE_KIND[rel.kind]} relation "${rel.inverse}" targeting ${entity.name}` });
      continue;
    }
    if (inverse.target !== entity.name || inverse.inverse !== rel.name) {
      issues.push({ path, message: `${target.name}.${inverse.name} must target ${entity.name} with inverse "${rel.name}"` });
    }
    if (inverse.kind !== INVERSE_KIND[rel.kind]) {
      issues.push({ path, message: `${rel.kind} pairs with ${INVERSE_KIND[rel.kind]}, but ${target.name}.${inverse.name} is ${inverse.kind}` });
    }
    if (rel.kind === "belongsTo" && rel.onDelete === "setNull" && rel.required) {
      issues.push({ path, message: `onDelete "setNull" needs required: false` });
    }
    if (rel.kind === "manyToMany" && rel.target === entity.name) {
      issues.push({ path, message: `a manyToMany relation of an entity to itself is not supported` });
    }
  }
  return issues;
}

function checkAuth(spec: AppSpec, byName: Map<string, EntitySpec>): SpecIssue[] {
  if (spec.auth.kind !== "jwt") {
    return spec.auth.oauth.length > 0 ? [{ path: "auth.oauth", message: `OAuth sign-in needs auth.kind "jwt"` }] : [];
  }
  const user = byName.get(spec.auth.userEntity.toLowerCase());
  if (!user) return [{ path: "auth.userEntity", message: `auth is on, so an entity named "${spec.auth.userEntity}" is required` }];
  const email = user.fields.find((f) => f.name === "email");
  if (!email) return [{ path: `entities.${user.name}.fields`, message: `${user.name} needs an "email" field (type email, unique) to sign in with` }];
  if (email.type !== "email" || !email.unique || !email.required) {
    return [{ path: `entities.${user.name}.fields.email`, message: `email must be type "email", required and unique` }];
  }
  return [];
}
