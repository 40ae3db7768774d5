/**
 * Every dependency a template writes into a generated app, pinned to a version
 * that installs and runs on Node 20 from the npm registry. Templates take
 * versions from here only, never "latest" and never from the model, so a
 * generated app installs the same way every time.
 */
export const NPM_VERSIONS = {
  // Express backend
  express: "5.3.0",
  pg: "8.23.1",
  bcryptjs: "3.0.3",
  jsonwebtoken: "9.0.3",
  "express-rate-limit": "8.7.5",
  cors: "2.8.6",
  helmet: "8.3.0",
  zod: "4.6.7",
  // Custom code in slots (src/spec/app-spec.ts CUSTOM_PACKAGES, templates/integrations.ts)
  "@anthropic-ai/sdk": "1.14.0",
  stripe: "23.1.0",
  multer: "2.5.0",
  nodemailer: "10.6.1",
  // React frontend
  react: "19.3.1",
  "react-dom": "19.3.1",
  "react-router-dom": "7.18.6",
  vite: "8.3.8",
  "@vitejs/plugin-react": "6.3.0",
} as const;

export type NpmPackage = keyof typeof NPM_VERSIONS;

/** `{ name: version }` for a list of pinned packages, in the order given. */
export function pinned(names: readonly NpmPackage[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, NPM_VERSIONS[n]]));
}

/** The Node major the generated apps target (Dockerfiles, engines). */
export const NODE_MAJOR = 20;
