import type { AppModel } from "../../src/spec/model.js";
import type { SlotFill } from "../integrations.js";
import { staticFiles } from "../static-files.js";
import type { RenderedFile, ServiceRender, ServiceTemplate } from "../types.js";
import { GITIGNORE, indexHtml, packageJson, PREVIEW_PORT, viteConfig } from "./project-files.js";
import { iconSvg, webManifest } from "./pwa.js";
import { frontendReadme } from "./readme.js";
import { appJsx, configModule, DEFAULT_API_URL, entitiesModule, mainJsx } from "./source-files.js";

/** Directory of the frontend inside the generated repo. */
const DIR = "frontend";

/**
 * The React + Vite frontend: a static single-page app (plain JavaScript and
 * JSX) with sign-up and sign-in, a list and a form per entity, and, when
 * `stack.pwa`, a web manifest and a service worker.
 *
 * Static code lives in `templates/react/files/` (always), `with-auth/files/`
 * or `without-auth/files/` (by `auth.kind`) and `pwa/files/`; what depends on
 * the spec (the entity metadata, routes, package.json, ...) is rendered here.
 */
export const reactTemplate: ServiceTemplate = {
  dir: DIR,
  render: renderReactFrontend,
};

export function renderReactFrontend(model: AppModel, fill?: SlotFill): ServiceRender {
  const { spec } = model;
  const auth = spec.auth.kind === "jwt";
  const pwa = spec.stack.pwa;
  const at = (path: string, content: string): RenderedFile => ({ path: `${DIR}/${path}`, content });

  const files = [
    ...staticFiles("react", DIR),
    ...staticFiles(auth ? "react/with-auth" : "react/without-auth", DIR),
    ...(pwa ? staticFiles("react/pwa", DIR) : []),
    at(".gitignore", GITIGNORE),
    at("README.md", frontendReadme(model)),
    at("index.html", indexHtml(model)),
    at("package.json", packageJson(model)),
    at("vite.config.js", viteConfig(model)),
    at("src/App.jsx", appJsx(model)),
    at("src/config.js", configModule(model)),
    at("src/entities.js", entitiesModule(model)),
    at("src/main.jsx", mainJsx(model)),
    ...(pwa
      ? [at("public/manifest.webmanifest", webManifest(model)), at("public/icon.svg", iconSvg(model)), at("public/icon-maskable.svg", iconSvg(model, true))]
      : []),
  ];

  return { files: sortedUnique(files), service: serviceEntry(), warnings: warningsFor(model, fill) };
}

function serviceEntry(): ServiceRender["service"] {
  return {
    name: "frontend",
    role: "frontend",
    dir: DIR,
    framework: "react-vite",
    language: "javascript",
    commands: {
      // vite is a devDependency and is needed to build and to serve: install it even when NODE_ENV=production.
      install: ["npm", "install", "--no-audit", "--no-fund", "--include=dev"],
      build: ["npm", "run", "build"],
      // Serves dist/ (with index.html for unknown paths) on $PORT; see vite.config.js.
      start: ["npx", "vite", "preview", "--host", "0.0.0.0"],
    },
    port: { env: "PORT", default: PREVIEW_PORT },
    healthPath: "/",
    staticDir: "dist",
    env: [
      {
        name: "VITE_API_URL",
        required: true,
        secret: false,
        source: "backend-url",
        description: "The backend's base URL, baked into the static files at build time.",
        example: DEFAULT_API_URL,
      },
      {
        name: "PORT",
        required: false,
        secret: false,
        source: "port",
        description: "Port the start command serves the built app on.",
        example: String(PREVIEW_PORT),
      },
    ],
  };
}

/** Features that need no page of their own: with their backend module present, the frontend lacks nothing. */
const NO_PAGE_NEEDED = new Set(["email"]);

export const FEATURE_WARNINGS: Record<string, string> = {
  "ai-chat": "The React frontend has no chat screen for the ai-chat feature; add one under frontend/src/pages.",
  "semantic-search": "The React frontend searches with the list endpoint's ?q= only; it has no semantic-search screen.",
  payments: "The React frontend has no checkout or payment screens for the payments feature.",
  "file-upload": "The React frontend has no file upload inputs for the file-upload feature.",
  email: "The React frontend has no screens for the email feature (email is sent by the backend).",
  realtime: "The React frontend does not subscribe to realtime updates; lists refresh when reloaded.",
};

function warningsFor(model: AppModel, fill: SlotFill | undefined): string[] {
  const { spec } = model;
  const warnings = spec.features
    .filter((feature) => !fill?.frontendFeatures.includes(feature) && !(fill && NO_PAGE_NEEDED.has(feature) && fill.backendFeatures.includes(feature)))
    .map((feature) => FEATURE_WARNINGS[feature] ?? `The React frontend does not render the "${feature}" feature.`);
  if (spec.auth.kind === "jwt" && spec.auth.oauth.length > 0) {
    warnings.push(`The React frontend signs in with email and password only; no ${spec.auth.oauth.join(" or ")} sign-in button is rendered.`);
  }
  return warnings;
}

function sortedUnique(files: RenderedFile[]): RenderedFile[] {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`react template: ${file.path} is rendered twice`);
    seen.add(file.path);
  }
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
