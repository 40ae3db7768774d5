import type { AppModel, EntityModel } from "../../src/spec/model.js";
import { FEATURE_ROUTES } from "../../src/spec/custom.js";
import type { SlotFill } from "../integrations.js";
import { backendEnv } from "./env.js";
import type { RenderedFile } from "../types.js";

const ACCESS_TEXT = {
  public: "anyone",
  authenticated: "signed-in users",
  owner: "the owner or an admin",
  admin: "admins",
} as const;

function entityTable(entity: EntityModel, auth: boolean): string {
  const base = `/api/${entity.route}`;
  const p = entity.permissions;
  const who = (level: keyof typeof ACCESS_TEXT) => (auth ? ACCESS_TEXT[level] : "anyone");
  const filters = entity.foreignKeys.map((fk) => `\`${fk.field}\``).join(", ");
  const search = entity.fields.filter((f) => f.spec.searchable && !f.spec.private).map((f) => f.name);
  const listNote = [
    "`limit` (1–100, default 20), `offset`",
    search.length > 0 ? `\`q\` (searches ${search.join(", ")})` : "",
    filters ? `filters ${filters}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const listWho = p.list === "owner" && auth ? "signed-in users (their own records; admins see all)" : who(p.list);
  const rows = [
    `| \`GET ${base}\` | list, newest first: ${listNote} | ${listWho} |`,
    entity.isUser ? undefined : `| \`POST ${base}\` | create | ${who(entity.owner && p.create === "public" ? "authenticated" : p.create)} |`,
    `| \`GET ${base}/:id\` | read | ${who(p.read)} |`,
    `| \`PATCH ${base}/:id\` | update some fields | ${who(p.update)} |`,
    `| \`DELETE ${base}/:id\` | delete | ${who(p.delete)} |`,
  ].filter(Boolean);
  const keys = [
    "`id`",
    ...entity.fields.filter((f) => !f.spec.private).map((f) => `\`${f.name}\` (${f.spec.type}${f.spec.required ? "" : ", optional"})`),
    ...(entity.isUser && auth ? ["`role` (set by the server)"] : []),
    ...entity.foreignKeys.map((fk) => `\`${fk.field}\`${fk.isOwner ? " (set from the access token)" : ""}`),
    ...entity.manyToMany.map((m) => `\`${m.field}\` (array of ${m.target} ids)`),
    ...(entity.timestamps ? ["`createdAt`", "`updatedAt`"] : []),
  ];
  return [`### ${entity.labelPlural}`, "", `Fields: ${keys.join(", ")}.`, "", "| request | what it does | who may |", "|---|---|---|", ...rows].join("\n");
}

/** The endpoints custom code in the slots answers (only when there is some). */
function customSection(model: AppModel, fill: SlotFill | undefined): string {
  if (!fill) return "";
  const endpoints = model.spec.custom?.endpoints ?? [];
  if (fill.backendFeatures.length === 0 && endpoints.length === 0) return "";
  const auth = model.spec.auth.kind === "jwt";
  const rows = [
    ...fill.backendFeatures.map((f) => `| \`${FEATURE_ROUTES[f].api}\` | the ${f} feature | see \`src/custom/${f}.js\` |`),
    ...endpoints.map((e) => `| \`${e.method} ${e.path}\` | ${e.description.replace(/\s+/g, " ").replaceAll("|", "\\|")} | ${auth ? ACCESS_TEXT[e.auth] : "anyone"} |`),
  ];
  return `## Custom endpoints

Written into \`src/custom/\` (registered by \`src/custom/index.js\`), on top of the generated routes.

| request | what it does | who may |
|---|---|---|
${rows.join("\n")}

`;
}

/** backend/README.md: how to run it, its environment and every endpoint. */
export function renderReadme(model: AppModel, fill?: SlotFill): RenderedFile {
  const spec = model.spec;
  const auth = spec.auth.kind === "jwt";
  const env = backendEnv(model, fill)
    .map((v) => `| \`${v.name}\` | ${v.required ? "yes" : "no"} | ${v.description} |`)
    .join("\n");
  const authSection = auth
    ? `## Auth

| request | what it does |
|---|---|
| \`POST /auth/register\` \`{email, password, ...}\` | creates an account (password 8–128 characters) → 201 \`{accessToken, ${spec.auth.refreshTokens ? "refreshToken, " : ""}user}\` |
| \`POST /auth/login\` \`{email, password}\` | → 200, same shape; 401 on a wrong email or password |
${spec.auth.refreshTokens ? "| `POST /auth/refresh` `{refreshToken}` | new tokens; the old refresh token stops working |\n| `POST /auth/logout` `{refreshToken}` | revokes the refresh token → 204 |\n" : ""}| \`GET /auth/me\` | the signed-in user |

Send the access token as \`Authorization: Bearer <accessToken>\`. It expires after ${spec.auth.accessTokenTtlMinutes} minutes${spec.auth.refreshTokens ? `; refresh tokens last ${spec.auth.refreshTokenTtlDays} days and can be used once` : ""}. New users get the role \`${spec.auth.roles[0]}\`; make someone an admin in SQL:

\`\`\`sql
update ${model.user?.table ?? "users"} set role = 'admin' where email = 'you@example.com';
\`\`\`

The \`/auth\` routes allow \`AUTH_RATE_LIMIT\` requests per 15 minutes per client IP.
`
    : "";
  const content = `# ${spec.title} API

${spec.description}

Express 5 and PostgreSQL, plain JavaScript (ES modules, no build step), Node ${">="}20.

## Run it

\`\`\`sh
npm install
cp .env.example .env          # then edit DATABASE_URL${auth ? " and JWT_SECRET" : ""}
node --env-file=.env scripts/migrate.js
npm run dev                   # restarts on changes; reads .env
\`\`\`

In production set the variables in the environment, then \`npm run migrate\` and \`npm start\`.
The Dockerfile runs both.

Tests: \`npm test\`. The API tests need \`DATABASE_URL\` pointing at a scratch database (they
migrate it and create records); without it they are skipped and only the tests that need no
database run.

## Environment

| variable | required | meaning |
|---|---|---|
${env}

## Migrations

\`migrations/NNNN_<description>.sql\` are applied in order by \`npm run migrate\`, each in its own
transaction, and recorded in the \`stackwright_migrations\` table with a checksum. They are
forward-only: to change the schema, add a new file with the next number; editing an applied one
is an error.

## API

JSON in and out; every error is \`{"error": "<message>"}\`. \`GET /health\` answers
\`{"status":"ok"}\` once the database answers.

${authSection}
## Resources

${model.entities.map((e) => entityTable(e, auth)).join("\n\n")}

Lists answer \`{"items": [...], "total": n, "limit": l, "offset": o}\`. Decimals are strings
(\`"19.99"\`), dates \`YYYY-MM-DD\`, date-times ISO 8601. An id that does not exist answers 404;
a taken unique value 409; an invalid body 400 naming the field.
${customSection(model, fill) ? `\n${customSection(model, fill).trimEnd()}\n` : ""}`;
  return { path: "backend/README.md", content };
}
