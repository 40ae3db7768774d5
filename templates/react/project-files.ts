import type { AppModel } from "../../src/spec/model.js";
import { pinned } from "../versions.js";

/** The colour of the browser UI around the app and of the PWA icon. */
export const THEME_COLOR = "#2563eb";

/** Port `npm start` (vite preview) listens on unless PORT says otherwise. */
export const PREVIEW_PORT = 4173;

export function packageJson(model: AppModel): string {
  const pkg = {
    name: `${model.spec.name}-frontend`,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      dev: "vite",
      build: "vite build",
      preview: "vite preview",
      start: "vite preview --host 0.0.0.0",
    },
    dependencies: pinned(["react", "react-dom", "react-router-dom"]),
    devDependencies: pinned(["@vitejs/plugin-react", "vite"]),
    engines: { node: "^20.19.0 || >=22.12.0" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function viteConfig(model: AppModel): string {
  const pwa = model.spec.stack.pwa;
  const imports = [
    ...(pwa
      ? ['import { createHash } from "node:crypto";', 'import { existsSync, readFileSync, writeFileSync } from "node:fs";', 'import { join, resolve } from "node:path";']
      : []),
    'import react from "@vitejs/plugin-react";',
    'import { defineConfig, loadEnv } from "vite";',
  ];
  const plugins = pwa ? "[react(), serviceWorkerManifest()]" : "[react()]";
  return `${imports.join("\n")}

export default defineConfig(({ mode }) => {
  // All variables from the environment and .env files. Only VITE_* ones reach the
  // app's code (as import.meta.env.VITE_*); PORT is used here.
  const env = loadEnv(mode, process.cwd(), "");
  return {
    plugins: ${plugins},
    server: { port: 5173 },
    preview: {
      // \`npm start\` serves the built app (dist/) here; hosting platforms set PORT.
      port: Number(env.PORT) || ${PREVIEW_PORT},
      strictPort: true,
      // It only serves the static build, so any host name may reach it.
      allowedHosts: true,
    },
  };
});
${pwa ? SERVICE_WORKER_PLUGIN : ""}`;
}

const SERVICE_WORKER_PLUGIN = `
/**
 * Fills in BUILD_VERSION and BUILD_FILES in the built sw.js (copied from
 * public/sw.js): the files of this build and a hash of their contents, so each
 * build precaches its own files under a new cache name.
 */
function serviceWorkerManifest() {
  let outDir = "dist";
  let files = [];
  let version = "dev";
  return {
    name: "service-worker-manifest",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      files = Object.keys(bundle)
        .filter((file) => !file.endsWith(".map"))
        .sort();
      const hash = createHash("sha256");
      for (const file of files) {
        const output = bundle[file];
        hash.update(file).update(output.type === "chunk" ? output.code : output.source);
      }
      version = hash.digest("hex").slice(0, 12);
    },
    closeBundle() {
      const swPath = join(outDir, "sw.js");
      if (files.length === 0 || !existsSync(swPath)) return;
      const source = readFileSync(swPath, "utf8");
      const stamped = source
        .replace('const BUILD_VERSION = "dev";', \`const BUILD_VERSION = \${JSON.stringify(version)};\`)
        .replace("const BUILD_FILES = [];", \`const BUILD_FILES = \${JSON.stringify(files)};\`);
      if (stamped === source) throw new Error("sw.js no longer has the BUILD_VERSION and BUILD_FILES lines to fill in");
      writeFileSync(swPath, stamped);
    },
  };
}
`;

export function indexHtml(model: AppModel): string {
  const { spec } = model;
  const pwaLinks = spec.stack.pwa
    ? `
    <meta name="theme-color" content="${THEME_COLOR}" />
    <link rel="icon" type="image/svg+xml" href="/icon.svg" />
    <link rel="manifest" href="/manifest.webmanifest" />`
    : `
    <link rel="icon" href="data:," />`;
  const description = spec.description ? `\n    <meta name="description" content="${escapeHtml(spec.description)}" />` : "";
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />${description}${pwaLinks}
    <title>${escapeHtml(spec.title)}</title>
  </head>
  <body>
    <noscript>${escapeHtml(spec.title)} needs JavaScript to run.</noscript>
    <div id="root"></div>
    <script type="module" src="/src/main.jsx"></script>
  </body>
</html>
`;
}

export const GITIGNORE = `node_modules/
dist/
.env
.env.local
.env.*.local
`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
