import type { AppModel, EntityModel } from "../../src/spec/model.js";
import { blocks, js } from "./code.js";
import { routeNames } from "./render-entity-route.js";
import { schemaNames } from "./render-schema.js";
import type { RenderedFile } from "../types.js";

/** src/routes/auth.js: register, login, refresh (with rotation), logout and me, rate-limited. */
export function renderAuthRoute(model: AppModel, user: EntityModel): RenderedFile {
  const auth = model.spec.auth;
  const refresh = auth.refreshTokens;
  const schema = schemaNames(user);
  const route = routeNames(user);
  const defaultRole = auth.roles[0] ?? "user";

  const imports = [
    `import { Router } from "express";`,
    `import { rateLimit } from "express-rate-limit";`,
    `import { z } from "zod";`,
    `import { signAccessToken } from "../auth/access-tokens.js";`,
    `import { allow } from "../auth/middleware.js";`,
    `import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from "../auth/passwords.js";`,
    refresh ? `import { consumeRefreshToken, issueRefreshToken, revokeRefreshToken } from "../auth/refresh-tokens.js";` : undefined,
    `import { insertQuery } from "../db.js";`,
    `import { unauthorized } from "../errors.js";`,
    `import { registerSchema, ${schema.toJson}, ${schema.toRow} } from ${js(schema.module)};`,
    `import { parseBody } from "../validation.js";`,
    `import { ${route.find} } from ${js(route.module)};`,
  ].filter(Boolean);

  const session = refresh
    ? `/** What register, login and refresh answer: a short-lived access token, a refresh token and the user. */
async function startSession(pool, config, user) {
  return {
    accessToken: signAccessToken(user, config),
    refreshToken: await issueRefreshToken(pool, user.id, config.refreshTokenTtlDays),
    user: ${schema.toJson}(user),
  };
}`
    : `/** What register and login answer: an access token and the user (refresh tokens are turned off in the spec). */
async function startSession(_pool, config, user) {
  return { accessToken: signAccessToken(user, config), user: ${schema.toJson}(user) };
}`;

  const refreshRoutes = refresh
    ? `

  router.post("/refresh", async (req, res) => {
    const { refreshToken } = parseBody(refreshSchema, req.body);
    const userId = await consumeRefreshToken(pool, refreshToken);
    const user = userId && (await ${route.find}(pool, userId));
    if (!user) throw unauthorized("invalid, expired or already used refresh token");
    res.json(await startSession(pool, config, user));
  });

  router.post("/logout", async (req, res) => {
    const { refreshToken } = parseBody(refreshSchema, req.body);
    await revokeRefreshToken(pool, refreshToken);
    res.status(204).end();
  });`
    : "";

  const content = blocks(
    imports.join("\n"),
    `/** The role every new ${user.label.toLowerCase()} gets; "admin" is granted in the database. */
const DEFAULT_ROLE = ${js(defaultRole)};`,
    `const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase(),
  password: z.string(),
});`,
    refresh && `const refreshSchema = z.strictObject({ refreshToken: z.string().min(1) });`,
    session,
    `/** /auth: ${refresh ? "register, login, refresh, logout and me" : "register, login and me"}, limited to config.authRateLimit requests per 15 minutes per client IP. */
export function authRouter({ pool, config }) {
  const router = Router();
  router.use(
    rateLimit({
      windowMs: 15 * 60 * 1000,
      limit: config.authRateLimit,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      message: { error: "too many requests; try again in a few minutes" },
    }),
  );

  router.post("/register", async (req, res) => {
    const { password, ...input } = parseBody(registerSchema, req.body);
    const row = { ...${schema.toRow}(input), password_hash: await hashPassword(password), role: DEFAULT_ROLE };
    const { rows } = await pool.query(insertQuery(${js(user.table)}, row));
    const user = await ${route.find}(pool, rows[0].id);
    res.status(201).json(await startSession(pool, config, user));
  });

  router.post("/login", async (req, res) => {
    const { email, password } = parseBody(loginSchema, req.body);
    const { rows } = await pool.query(${js(`select id, password_hash from ${user.table} where email = $1`)}, [email]);
    // Compare against a dummy hash for unknown emails too, so timing does not reveal which emails exist.
    const matches = await verifyPassword(password, rows[0]?.password_hash ?? UNKNOWN_USER_HASH);
    if (rows.length === 0 || !matches) throw unauthorized("wrong email or password");
    res.json(await startSession(pool, config, await ${route.find}(pool, rows[0].id)));
  });${refreshRoutes}

  router.get("/me", allow("authenticated"), async (req, res) => {
    const user = await ${route.find}(pool, req.user.id);
    if (!user) throw unauthorized("this account no longer exists");
    res.json(${schema.toJson}(user));
  });

  return router;
}`,
  );
  return { path: "backend/src/routes/auth.js", content };
}
