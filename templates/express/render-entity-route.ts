import type { AccessLevel } from "../../src/spec/app-spec.js";
import { findEntity, type AppModel, type EntityModel } from "../../src/spec/model.js";
import { blocks, importLine, indent, js } from "./code.js";
import { idListAlias, schemaNames } from "./render-schema.js";
import type { RenderedFile } from "../types.js";

/** The names a route module exports, used by routes/index.js and the auth route. */
export function routeNames(entity: EntityModel) {
  return { module: `./${entity.camelPlural}.js`, router: `${entity.camelPlural}Router`, find: `find${entity.name}` };
}

/** The column that says who owns a record: the owner foreign key, or the id itself for the user entity. */
export function ownerColumn(entity: EntityModel): string | undefined {
  return entity.isUser ? "id" : entity.owner?.column;
}

/** `select ... from <table>`: every column the API returns, plus the id lists of manyToMany relations. */
function selectStatement(entity: EntityModel): string {
  const columns = ["id", ...entity.fields.filter((f) => !f.spec.private).map((f) => f.column)];
  if (entity.isUser) columns.push("role");
  columns.push(...entity.foreignKeys.map((fk) => fk.column));
  if (entity.timestamps) columns.push("created_at", "updated_at");
  const idLists = entity.manyToMany.map(
    (m2m) => `array(select ${m2m.targetColumn} from ${m2m.joinTable} where ${m2m.ownColumn} = ${entity.table}.id order by ${m2m.targetColumn}) as ${idListAlias(m2m)}`,
  );
  return [`select ${[columns.join(", "), ...idLists].join(",\n  ")}`, `from ${entity.table}`].join("\n");
}

const guard = (level: AccessLevel) => (level === "public" ? "" : `allow(${js(level)}), `);

export function renderEntityRoute(entity: EntityModel, model: AppModel): RenderedFile {
  const authEnabled = model.spec.auth.kind === "jwt";
  const names = routeNames(entity);
  const schema = schemaNames(entity);
  const p = entity.permissions;
  const owner = ownerColumn(entity);
  const constName = `SELECT_${entity.table.toUpperCase()}`;
  const notFoundMessage = js(`${entity.label} not found`);
  const hasLinks = entity.manyToMany.length > 0;
  const ownerField = entity.owner?.field;
  // An owned record needs someone to own it, so creating one always needs a signed-in user.
  const createLevel: AccessLevel = entity.owner && p.create === "public" ? "authenticated" : p.create;

  const imports = {
    db: new Set<string>(["Conditions"]),
    errors: new Set<string>(["notFound"]),
    validation: new Set<string>(["isUuid", "parseBody", "parseListQuery"]),
    auth: new Set<string>(),
  };
  const levels = [p.list, p.read, p.update, p.delete, ...(entity.isUser ? [] : [createLevel])];
  if (levels.some((l) => l !== "public")) imports.auth.add("allow");
  if (owner && [p.read, p.update, p.delete].includes("owner")) imports.auth.add("assertOwner");
  if (owner && p.list === "owner") imports.auth.add("isAdmin");
  const ownerCheck = (level: AccessLevel, variable: string) => (level === "owner" && owner ? `\n  assertOwner(req.user, ${variable}.${owner});` : "");
  const body = (ignore: string | undefined) => (ignore ? `omitField(req.body, ${js(ignore)})` : "req.body");
  if (ownerField) imports.validation.add("omitField");

  const searchable = entity.fields.filter((f) => f.spec.searchable && !f.spec.private);
  if (searchable.length > 0) imports.db.add("likePattern");
  const filters = entity.foreignKeys.map((fk) => `${fk.field}: ${js(fk.column)}`).join(", ");

  const hasFilters = entity.foreignKeys.length > 0;
  const listConditions = [
    searchable.length > 0 && `if (q) where.add(${js(`(${searchable.map((f) => `${f.column} ilike ?`).join(" or ")})`)}, likePattern(q));`,
    hasFilters && "for (const [column, id] of filters) where.add(`${column} = ?`, id);",
    p.list === "owner" && owner && `if (!isAdmin(req.user)) where.add(${js(`${owner} = ?`)}, req.user.id);`,
  ].filter(Boolean);
  const order = entity.timestamps ? "created_at desc, id desc" : "id";

  const list = `router.get("/", ${guard(p.list)}async (req, res) => {
  const { ${["limit", "offset", searchable.length > 0 && "q", hasFilters && "filters"].filter(Boolean).join(", ")} } = parseListQuery(req.query${hasFilters ? `, { ${filters} }` : ""});
  const where = new Conditions();
${listConditions.map((line) => `  ${line}\n`).join("")}  const [{ rows }, { rows: counted }] = await Promise.all([
    pool.query(\`\${${constName}} \${where} order by ${order} limit $\${where.next()} offset $\${where.next() + 1}\`, [...where.values, limit, offset]),
    pool.query(\`select count(*) as total from ${entity.table} \${where}\`, where.values),
  ]);
  res.json({ items: rows.map(${schema.toJson}), total: counted[0].total, limit, offset });
});`;

  const read = `router.get("/:id", ${guard(p.read)}async (req, res) => {
  const ${entity.camel} = await ${names.find}(pool, req.params.id);
  if (!${entity.camel}) throw notFound(${notFoundMessage});${ownerCheck(p.read, entity.camel)}
  res.json(${schema.toJson}(${entity.camel}));
});`;

  const linkCalls = (idVar: string) => entity.manyToMany.map((m) => `await set${m.label.replaceAll(" ", "")}(client, ${idVar}, input.${m.field});`).join("\n");
  const rowExpression = entity.owner ? `{ ...${schema.toRow}(input), ${entity.owner.column}: req.user.id }` : `${schema.toRow}(input)`;
  if (hasLinks) {
    imports.db.add("withTransaction");
    imports.errors.add("badRequest");
  }
  imports.db.add("insertQuery").add("updateQuery");
  if (entity.isUser) imports.db.delete("insertQuery");

  const create = hasLinks
    ? `router.post("/", ${guard(createLevel)}async (req, res) => {
  const input = parseBody(${schema.create}, ${body(ownerField)});
  const id = await withTransaction(pool, async (client) => {
    const { rows } = await client.query(insertQuery(${js(entity.table)}, ${rowExpression}));
${indent(linkCalls("rows[0].id"), 4)}
    return rows[0].id;
  });
  res.status(201).json(${schema.toJson}(await ${names.find}(pool, id)));
});`
    : `router.post("/", ${guard(createLevel)}async (req, res) => {
  const input = parseBody(${schema.create}, ${body(ownerField)});
  const { rows } = await pool.query(insertQuery(${js(entity.table)}, ${rowExpression}));
  res.status(201).json(${schema.toJson}(await ${names.find}(pool, rows[0].id)));
});`;

  const timestampsOption = entity.timestamps ? "" : ", { timestamps: false }";
  const updateStatement = `if (Object.keys(row).length > 0) await CLIENT.query(updateQuery(${js(entity.table)}, row, existing.id${timestampsOption}));`;
  const update = `router.patch("/:id", ${guard(p.update)}async (req, res) => {
  const existing = await ${names.find}(pool, req.params.id);
  if (!existing) throw notFound(${notFoundMessage});${ownerCheck(p.update, "existing")}
  const input = parseBody(${schema.update}, ${body(ownerField)});
  const row = ${schema.toRow}(input);
${
  hasLinks
    ? `  await withTransaction(pool, async (client) => {
    ${updateStatement.replace("CLIENT", "client")}
${indent(entity.manyToMany.map((m) => `if (input.${m.field}) await set${m.label.replaceAll(" ", "")}(client, existing.id, input.${m.field});`).join("\n"), 4)}
  });`
    : `  ${updateStatement.replace("CLIENT", "pool")}`
}
  res.json(${schema.toJson}(await ${names.find}(pool, existing.id)));
});`;

  const remove = `router.delete("/:id", ${guard(p.delete)}async (req, res) => {
  const existing = await ${names.find}(pool, req.params.id);
  if (!existing) throw notFound(${notFoundMessage});${ownerCheck(p.delete, "existing")}
  await pool.query(${js(`delete from ${entity.table} where id = $1`)}, [existing.id]);
  res.status(204).end();
});`;

  const linkHelpers = entity.manyToMany.map(
    (m) => `/** Makes \`ids\` the ${m.label.toLowerCase()} of ${entity.label.toLowerCase()} \`${entity.camel}Id\` (rows of ${m.joinTable}). */
async function set${m.label.replaceAll(" ", "")}(db, ${entity.camel}Id, ids = []) {
  await db.query(${js(`delete from ${m.joinTable} where ${m.ownColumn} = $1`)}, [${entity.camel}Id]);
  if (ids.length === 0) return;
  try {
    await db.query(${js(`insert into ${m.joinTable} (${m.ownColumn}, ${m.targetColumn}) select $1, unnest($2::uuid[])`)}, [${entity.camel}Id, ids]);
  } catch (error) {
    if (error.code === "23503") throw badRequest(${js(`${m.field} contains an id that is not an existing ${findEntity(model, m.target).label.toLowerCase()}`)});
    throw error;
  }
}`,
  );

  const routes = [list, entity.isUser ? undefined : create, read, update, remove].filter((r): r is string => r !== undefined);
  const description = entity.isUser
    ? `/api/${entity.route}: ${entity.labelPlural.toLowerCase()} (they sign up through POST /auth/register, so there is no POST here).`
    : `/api/${entity.route}: list, create, read, update and delete ${entity.labelPlural.toLowerCase()}.`;
  const permissionNote = ` * Permissions: ${Object.entries(p)
    .filter(([action]) => !(entity.isUser && action === "create"))
    .map(([action, level]) => `${action} ${action === "create" ? createLevel : level}`)
    .join(", ")}.`;

  const content = blocks(
    [
      `import { Router } from "express";`,
      authEnabled ? importLine(imports.auth, "../auth/middleware.js") : undefined,
      importLine(imports.db, "../db.js"),
      importLine(imports.errors, "../errors.js"),
      importLine([schema.create, schema.toJson, schema.toRow, schema.update].filter((n) => !(entity.isUser && n === schema.create)), schema.module),
      importLine(imports.validation, "../validation.js"),
    ]
      .filter(Boolean)
      .join("\n"),
    `const ${constName} = \`\n${indent(selectStatement(entity), 2)}\`;`,
    `/** The ${entity.label.toLowerCase()} with this id as a database row, or undefined. */
export async function ${names.find}(db, id) {
  const { rows } = await db.query(\`\${${constName}} where id = $1\`, [id]);
  return rows[0];
}`,
    ...linkHelpers,
    `/**
 * ${description}
${permissionNote}
 */
export function ${names.router}({ pool }) {
  const router = Router();

  // An id that is not a UUID cannot match a record.
  router.param("id", (req, _res, next, id) => next(isUuid(id) ? undefined : notFound(${notFoundMessage})));

${indent(routes.join("\n\n"), 2)}

  return router;
}`,
  );
  return { path: `backend/src/routes/${entity.camelPlural}.js`, content };
}
