import type { AppModel } from "../../src/spec/model.js";
import { entitiesInSpecOrder } from "./metadata.js";
import { PREVIEW_PORT } from "./project-files.js";
import { DEFAULT_API_URL } from "./source-files.js";

export function frontendReadme(model: AppModel): string {
  const { spec } = model;
  const auth = spec.auth.kind === "jwt";
  const pwa = spec.stack.pwa;
  const entities = entitiesInSpecOrder(model);
  const exampleRoute = (entities.find((e) => !e.isUser) ?? entities[0])?.route ?? "";
  const pages = entities
    .map((e) => `| \`/${e.route}\` | ${e.labelPlural}: list${e.isUser ? "" : `, \`/${e.route}/new\``}, \`/${e.route}/:id\` | \`/api/${e.route}\` |`)
    .join("\n");

  const sections = [
    `# ${spec.title}: web app

A React single-page app built with Vite${pwa ? ", installable as a Progressive Web App" : ""}. It talks to
the backend in \`../backend\` over its JSON API.

## Run it

\`\`\`sh
cp .env.example .env      # then set VITE_API_URL to your backend
npm install
npm run dev               # http://localhost:5173, reloads as you edit
\`\`\`

The backend must be running and allow this origin (its \`FRONTEND_ORIGIN\` defaults to
\`http://localhost:5173\`).

To build and serve the production version:

\`\`\`sh
npm run build             # writes static files to dist/
npm start                 # serves dist/ on http://localhost:${PREVIEW_PORT} (or $PORT)
\`\`\`

\`dist/\` is plain static files: any static host works. Serve \`index.html\` for unknown paths so
that links such as \`/${exampleRoute}\` work on reload.

## Configuration

| variable | when | meaning |
|---|---|---|
| \`VITE_API_URL\` | build time | the backend's base URL (default \`${DEFAULT_API_URL}\`); baked into the build, so rebuild after changing it |
| \`PORT\` | \`npm start\` | port to serve the built app on (default ${PREVIEW_PORT}) |`,

    `## Pages

| page | shows | API |
|---|---|---|
| \`/\` | links to every list | |
${auth ? "| `/login`, `/register` | sign in, sign up | `/auth/login`, `/auth/register` |\n" : ""}${pages}`,

    `## How it is built

\`\`\`
src/
  entities.js         every entity: paths, labels, fields, permissions (generated; edit labels and columns here)
  config.js           app title, backend URL
  App.jsx             the routes
  api/http.js         fetch wrapper: JSON in and out, errors carry the backend's message
  api/client.js       ${auth ? "adds the access token; refreshes it once on a 401" : "the request function every call goes through"}
  api/records.js      list, get, create, update, delete for any entity
  access.js           who may do what, mirroring the backend's permissions
  fields.js           converting values between the API and form inputs
  components/         Layout, EntityTable, EntityForm, FieldInput, ReferenceSelect, ...
  pages/              Home, entity list, entity form${auth ? ", Login, Register" : ""}${auth ? "\n  auth/               the session (tokens in localStorage), AuthProvider and useAuth()" : ""}${pwa ? "\n  registerServiceWorker.js" : ""}
\`\`\`

The list and form pages are generic: they read an entity's description from \`src/entities.js\`.
To change how one entity looks, write your own page and point its route in \`App.jsx\` at it.`,
  ];

  if (auth) {
    sections.push(`## Signing in

\`/register\` and \`/login\` store the access and refresh tokens in \`localStorage\`. Every API call
sends the access token; when the backend answers 401, the client trades the refresh token for new
tokens once and retries. Signing out revokes the refresh token (\`POST /auth/logout\`). Pages whose
data needs a signed-in user ask for it; buttons the backend would refuse are hidden (the backend
still checks every request).`);
  }

  if (pwa) {
    sections.push(`## Offline and install

\`public/manifest.webmanifest\` and the icons make the app installable; \`public/sw.js\` is a service
worker that keeps the app shell (HTML, scripts, styles, icons) available offline. It never caches
API responses. It is registered only in production builds (\`npm run build\`), and each build gets
its own cache (\`vite.config.js\` fills in the list of files), so a deploy replaces the old shell.
Service workers need HTTPS, or \`localhost\`.`);
  }

  return `${sections.join("\n\n")}\n`;
}
