import type { EnvVarInput } from "../../src/spec/manifest.js";
import type { AppModel } from "../../src/spec/model.js";
import { integrationsFor, type SlotFill } from "../integrations.js";
import type { RenderedFile } from "../types.js";

/**
 * Every environment variable the generated backend reads: the one list behind
 * src/config.js, .env.example, the README and the stackwright.json entry.
 */
export function backendEnv(model: AppModel, fill?: SlotFill): EnvVarInput[] {
  const auth = model.spec.auth.kind === "jwt";
  const vars: Array<EnvVarInput | false> = [
    {
      name: "DATABASE_URL",
      required: true,
      secret: true,
      source: "postgres-url",
      description: "PostgreSQL connection string.",
      example: `postgres://postgres:postgres@localhost:5432/${model.spec.name.replaceAll("-", "_")}`,
    },
    auth && {
      name: "JWT_SECRET",
      required: true,
      secret: true,
      source: "generated-secret",
      description: "Key that signs access tokens: at least 32 random characters (e.g. `openssl rand -base64 48`). Required unless NODE_ENV=development.",
      example: "change-me-to-a-long-random-string-of-32-chars-or-more",
    },
    {
      name: "FRONTEND_ORIGIN",
      required: false,
      source: "frontend-origin",
      description: "Origin(s) allowed to call the API from a browser (CORS), comma-separated. Defaults to http://localhost:5173 in development.",
      example: "http://localhost:5173",
    },
    { name: "PORT", required: false, source: "port", description: "Port the server listens on (default 3000).", example: "3000" },
    {
      name: "NODE_ENV",
      required: false,
      source: "constant",
      description: "development, test or production (default production).",
      example: "development",
    },
    auth && {
      name: "AUTH_RATE_LIMIT",
      required: false,
      source: "constant",
      description: "Requests per 15 minutes one client IP may make to /auth routes (default 100).",
      example: "100",
    },
    {
      name: "TRUST_PROXY",
      required: false,
      source: "constant",
      description: "Express 'trust proxy' setting: the number of proxies in front of the app (e.g. 1), so rate limits see the real client IP. Unset: trust none.",
      example: "",
    },
  ];
  // What the custom code in the slots reads (nothing on the template-only render).
  return [...vars.filter((v): v is EnvVarInput => v !== false), ...integrationsFor(fill).env];
}

/** backend/.env.example: every variable with a comment and a safe example value. */
export function renderEnvExample(model: AppModel, fill?: SlotFill): RenderedFile {
  const lines = ["# Copy to .env and adjust. `npm run dev` reads .env; `npm start` reads the real environment.", ""];
  for (const v of backendEnv(model, fill)) {
    lines.push(`# ${v.description}${v.required && !/\bRequired\b/.test(v.description) ? " Required." : ""}`);
    lines.push(`${v.name}=${v.example ?? ""}`, "");
  }
  return { path: "backend/.env.example", content: lines.join("\n").trimEnd() + "\n" };
}
