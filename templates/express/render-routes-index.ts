import type { AppModel } from "../../src/spec/model.js";
import { blocks, js } from "./code.js";
import { routeNames } from "./render-entity-route.js";
import type { RenderedFile } from "../types.js";

/** src/routes/index.js: mounts the auth routes and one router per entity. */
export function renderRoutesIndex(model: AppModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt";
  const imports = [
    auth && `import { readAccessToken } from "../auth/middleware.js";`,
    auth && `import { authRouter } from "./auth.js";`,
    ...model.entities.map((e) => `import { ${routeNames(e).router} } from ${js(routeNames(e).module)};`),
  ].filter(Boolean);
  const mounts = [
    auth && `  // A bad or expired token is refused everywhere; no token leaves req.user null.\n  app.use(readAccessToken(deps.config));`,
    auth && `  app.use("/auth", authRouter(deps));`,
    ...model.entities.map((e) => `  app.use(${js(`/api/${e.route}`)}, ${routeNames(e).router}(deps));`),
  ].filter(Boolean);
  const content = blocks(
    imports.join("\n"),
    `/** Mounts every route of the API on \`app\`; \`deps\` is { pool, config }. */
export function mountRoutes(app, deps) {
${mounts.join("\n")}
}`,
  );
  return { path: "backend/src/routes/index.js", content };
}
