import type { AppModel } from "../../src/spec/model.js";
import { blocks, js } from "./code.js";
import type { RenderedFile } from "../types.js";

/** src/config.js: reads and checks the environment once, at start-up. */
export function renderConfig(model: AppModel): RenderedFile {
  const auth = model.spec.auth.kind === "jwt" ? model.spec.auth : undefined;
  const secret = auth
    ? `
  let jwtSecret = process.env.JWT_SECRET;
  if (!jwtSecret) {
    if (nodeEnv !== "development") {
      throw new ConfigError(
        "JWT_SECRET is not set. Set it to a random string of at least 32 characters " +
          "(for example the output of \`openssl rand -base64 48\`), or set NODE_ENV=development to use a development key.",
      );
    }
    console.warn("JWT_SECRET is not set: using a fixed development key. Never run like this in production.");
    jwtSecret = DEVELOPMENT_JWT_SECRET;
  }
  if (jwtSecret.length < 32) throw new ConfigError(\`JWT_SECRET must be at least 32 characters long (it has \${jwtSecret.length})\`);
`
    : "";
  const authFields = auth
    ? `
    jwtSecret,
    accessTokenTtlMinutes: ${auth.accessTokenTtlMinutes},
    refreshTokenTtlDays: ${auth.refreshTokenTtlDays},
    authRateLimit: integer("AUTH_RATE_LIMIT", process.env.AUTH_RATE_LIMIT, 100),`
    : "";
  const content = blocks(
    `/** Settings from environment variables (see .env.example), read and checked once at start-up. */`,
    `/** A setting is missing or wrong; server.js prints the message and exits. */
export class ConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = "ConfigError";
  }
}`,
    auth && `/** Used only with NODE_ENV=development and no JWT_SECRET, so a fresh checkout starts without setup. */
const DEVELOPMENT_JWT_SECRET = "development-only-key-never-use-in-production-0123456789";`,
    `const NODE_ENVS = ["development", "test", "production"];`,
    `function integer(name, value, fallback) {
  if (value === undefined || value === "") return fallback;
  if (!/^\\d+$/.test(value)) throw new ConfigError(\`\${name} must be a whole number, not "\${value}"\`);
  return Number(value);
}`,
    `/** Express's "trust proxy": a number of hops, or a name/list such as "loopback". */
function trustProxy(value) {
  if (value === undefined || value === "") return undefined;
  return /^\\d+$/.test(value) ? Number(value) : value;
}`,
    `export function loadConfig() {
  const nodeEnv = process.env.NODE_ENV || "production";
  if (!NODE_ENVS.includes(nodeEnv)) throw new ConfigError(\`NODE_ENV must be one of \${NODE_ENVS.join(", ")}, not "\${nodeEnv}"\`);

  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new ConfigError(${js(`DATABASE_URL is not set; point it at a PostgreSQL database, e.g. postgres://postgres:postgres@localhost:5432/${model.spec.name.replaceAll("-", "_")}`)});
  }
${secret}
  const origins = process.env.FRONTEND_ORIGIN || (nodeEnv === "development" ? "http://localhost:5173" : "");

  return Object.freeze({
    nodeEnv,
    port: integer("PORT", process.env.PORT, 3000),
    databaseUrl,
    frontendOrigins: origins.split(",").map((origin) => origin.trim()).filter(Boolean),
    trustProxy: trustProxy(process.env.TRUST_PROXY),${authFields}
  });
}`,
  );
  return { path: "backend/src/config.js", content };
}
