import type { AppModel } from "../../src/spec/model.js";
import type { SlotFill } from "../integrations.js";
import { staticFiles } from "../static-files.js";
import type { RenderedFile, ServiceRender, ServiceTemplate } from "../types.js";
import { backendEnv, renderEnvExample } from "./env.js";
import { renderAuthRoute } from "./render-auth-route.js";
import { renderConfig } from "./render-config.js";
import { renderEntityRoute } from "./render-entity-route.js";
import { renderMigrations } from "./render-migrations.js";
import { renderPackageJson } from "./render-package.js";
import { renderReadme } from "./render-readme.js";
import { renderRoutesIndex } from "./render-routes-index.js";
import { renderSchema } from "./render-schema.js";
import { renderTests } from "./render-tests.js";
import { expressWarnings } from "./warnings.js";

const DIR = "backend";

/** Static files that exist only when the app has sign-in. */
const AUTH_ONLY = [`${DIR}/src/auth/`];
const REFRESH_ONLY = `${DIR}/src/auth/refresh-tokens.js`;

/** The Express 5 + PostgreSQL backend: plain JavaScript (ESM), no build step. */
export const expressTemplate: ServiceTemplate = {
  dir: DIR,
  render(model: AppModel, fill?: SlotFill): ServiceRender {
    const spec = model.spec;
    const auth = spec.auth.kind === "jwt";
    if (auth && !model.user) throw new Error(`auth is on but the user entity ${spec.auth.userEntity} is missing`);

    const files: RenderedFile[] = staticFiles("express", DIR).filter((f) => {
      if (!auth) return !AUTH_ONLY.some((prefix) => f.path.startsWith(prefix));
      return f.path !== REFRESH_ONLY || spec.auth.refreshTokens;
    });
    files.push(renderPackageJson(model, fill), renderConfig(model), renderRoutesIndex(model), renderEnvExample(model, fill), renderReadme(model, fill));
    for (const entity of model.entities) files.push(renderSchema(entity), renderEntityRoute(entity, model));
    if (auth && model.user) files.push(renderAuthRoute(model, model.user));
    files.push(...renderMigrations(model, `${DIR}/migrations`));
    files.push(...renderTests(model));

    return {
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
      service: {
        name: "backend",
        role: "backend",
        dir: DIR,
        framework: "express",
        language: "javascript",
        commands: {
          install: ["npm", "install", "--no-audit", "--no-fund"],
          migrate: ["npm", "run", "migrate"],
          start: ["npm", "start"],
          test: ["npm", "test"],
        },
        port: { env: "PORT", default: 3000 },
        healthPath: "/health",
        migrationsDir: "migrations",
        env: backendEnv(model, fill),
      },
      warnings: expressWarnings(model, fill),
    };
  },
};
