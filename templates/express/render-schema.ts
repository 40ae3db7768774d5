import type { EntityModel, FieldModel, ManyToManyModel } from "../../src/spec/model.js";
import { snakeCase } from "../../src/spec/naming.js";
import { blocks, importLine, indent, js } from "./code.js";
import type { RenderedFile } from "../types.js";

/** The names a schema module exports for an entity, used by the route, auth and test renderers. */
export function schemaNames(entity: EntityModel) {
  return {
    module: `../schemas/${entity.camelPlural}.js`,
    create: `create${entity.name}Schema`,
    update: `update${entity.name}Schema`,
    toJson: `to${entity.name}`,
    toRow: `to${entity.name}Row`,
  };
}

/** The column alias under which a select returns a manyToMany relation's ids: \`category_ids\`. */
export const idListAlias = (m2m: ManyToManyModel): string => snakeCase(m2m.field);

/** The zod expression validating one field's value in a request body. */
export function fieldValidator(field: FieldModel, { isUserEmail = false } = {}): { code: string; helpers: string[] } {
  const spec = field.spec;
  const range = (kind: "min" | "max", n: number | undefined) => (n === undefined ? "" : `.${kind}(${n})`);
  const helpers: string[] = [];
  let code: string;
  switch (spec.type) {
    case "string":
    case "text":
      code = `z.string()${spec.required ? ".min(1)" : ""}${range("max", spec.maxLength)}`;
      break;
    case "email":
      code = isUserEmail ? `z.string().trim().toLowerCase().pipe(z.email()${range("max", spec.maxLength)})` : `z.email()${range("max", spec.maxLength)}`;
      break;
    case "int":
      code = `z.number().int()${range("min", spec.min)}${range("max", spec.max)}`;
      break;
    case "float":
      code = `z.number()${range("min", spec.min)}${range("max", spec.max)}`;
      break;
    case "decimal": {
      const bounds = [spec.min === undefined ? "" : `min: ${spec.min}`, spec.max === undefined ? "" : `max: ${spec.max}`].filter(Boolean);
      code = `decimal(${bounds.length > 0 ? `{ ${bounds.join(", ")} }` : ""})`;
      helpers.push("decimal");
      break;
    }
    case "bool":
      code = "z.boolean()";
      break;
    case "date":
      code = "z.iso.date()";
      break;
    case "datetime":
      code = "z.iso.datetime({ offset: true })";
      break;
    case "uuid":
      code = "z.uuid()";
      break;
    case "json":
      code = "z.json()";
      break;
    case "enum":
      code = `z.enum([${(spec.enumValues ?? []).map(js).join(", ")}])`;
      break;
  }
  if (!spec.required) code += ".nullable().optional()";
  else if (spec.default !== undefined) code += ".optional()";
  return { code, helpers };
}

/** Every key of the request body an entity accepts, with its validator. */
function bodyKeys(entity: EntityModel): Array<{ key: string; code: string; helpers: string[] }> {
  const keys = entity.fields.map((f) => ({ key: f.name, ...fieldValidator(f, { isUserEmail: entity.isUser && f.name === "email" }) }));
  for (const fk of entity.foreignKeys) {
    if (fk.isOwner) continue;
    keys.push({ key: fk.field, code: `z.uuid()${fk.required ? "" : ".nullable().optional()"}`, helpers: [] });
  }
  for (const m2m of entity.manyToMany) keys.push({ key: m2m.field, code: "idList().optional()", helpers: ["idList"] });
  return keys;
}

function createDoc(entity: EntityModel): string {
  if (entity.isUser) return `/** The fields of a ${entity.label.toLowerCase()} that the client sets (on register and on PATCH). */`;
  const owner = entity.owner ? ` \`${entity.owner.field}\` is not accepted: the signed-in user becomes the ${entity.owner.label.toLowerCase()}.` : "";
  return `/** The body of POST /api/${entity.route}.${owner} */`;
}

function toJsonFunction(entity: EntityModel): string {
  const lines = ["id: row.id,"];
  for (const f of entity.fields) if (!f.spec.private) lines.push(`${f.name}: row.${f.column},`);
  if (entity.isUser) lines.push("role: row.role,");
  for (const fk of entity.foreignKeys) lines.push(`${fk.field}: row.${fk.column},`);
  for (const m2m of entity.manyToMany) lines.push(`${m2m.field}: row.${idListAlias(m2m)},`);
  if (entity.timestamps) lines.push("createdAt: row.created_at,", "updatedAt: row.updated_at,");
  const hidden = entity.fields.filter((f) => f.spec.private).map((f) => f.name);
  const note = [entity.isUser ? "the password hash" : "", ...hidden].filter(Boolean);
  return [
    `/** A row of \`${entity.table}\` as the API returns it${note.length > 0 ? ` (never ${note.join(", ")})` : ""}. */`,
    `export function ${schemaNames(entity).toJson}(row) {`,
    "  return {",
    indent(lines.join("\n"), 4),
    "  };",
    "}",
  ].join("\n");
}

function toRowFunction(entity: EntityModel): { code: string; helpers: string[] } {
  const helpers = ["withoutUndefined"];
  const lines: string[] = [];
  for (const f of entity.fields) {
    if (f.spec.type === "json") {
      helpers.push("toJsonb");
      lines.push(`${f.column}: toJsonb(input.${f.name}),`);
    } else lines.push(`${f.column}: input.${f.name},`);
  }
  for (const fk of entity.foreignKeys) if (!fk.isOwner) lines.push(`${fk.column}: input.${fk.field},`);
  const code = [
    `/** Validated input → the \`${entity.table}\` columns it sets; left-out fields keep their value (or take their default). */`,
    `export function ${schemaNames(entity).toRow}(input) {`,
    "  return withoutUndefined({",
    indent(lines.join("\n"), 4),
    "  });",
    "}",
  ].join("\n");
  return { code, helpers };
}

/** src/schemas/<camelPlural>.js: request validation and row ↔ JSON mapping for one entity. */
export function renderSchema(entity: EntityModel): RenderedFile {
  const names = schemaNames(entity);
  const keys = bodyKeys(entity);
  const toRow = toRowFunction(entity);
  const validationHelpers = keys.flatMap((k) => k.helpers);
  const objectBody = keys.length > 0 ? `{\n${indent(keys.map((k) => `${k.key}: ${k.code},`).join("\n"), 2)}\n}` : "{}";
  const content = blocks(
    [`import { z } from "zod";`, importLine(toRow.helpers, "../db.js"), importLine(validationHelpers, "../validation.js")].filter(Boolean).join("\n"),
    `${createDoc(entity)}\nexport const ${names.create} = z.strictObject(${objectBody});`,
    entity.isUser &&
      `/** The body of POST /auth/register: the ${entity.label.toLowerCase()}'s fields and a password of 8 to 128 characters. */\nexport const registerSchema = ${names.create}.extend({\n  password: z.string().min(8).max(128),\n});`,
    `/** The body of PATCH /api/${entity.route}/:id: any of the fields above. */\nexport const ${names.update} = ${names.create}.partial();`,
    toJsonFunction(entity),
    toRow.code,
  );
  return { path: `backend/src/schemas/${entity.camelPlural}.js`, content };
}
