import type { AppModel } from "../../src/spec/model.js";
import { jsLiteral, jsString } from "./js-literal.js";
import { describeEntities, type EntityMeta } from "./metadata.js";

/** The backend URL a development build talks to when VITE_API_URL is not set. */
export const DEFAULT_API_URL = "http://localhost:3000";

const hasAuth = (model: AppModel) => model.spec.auth.kind === "jwt";

export function configModule(model: AppModel): string {
  const { spec } = model;
  const session = hasAuth(model)
    ? `
/** The localStorage key holding the signed-in session (see auth/session.js). */
export const sessionKey = ${jsString(`${spec.name}.session`)};
`
    : "";
  return `/** App-wide settings. VITE_* variables are read when the app is built (see .env.example). */

export const appTitle = ${jsString(spec.title)};
export const appDescription = ${jsString(spec.description)};

/** The backend's base URL, without a trailing slash. */
export const apiUrl = (import.meta.env.VITE_API_URL || ${jsString(DEFAULT_API_URL)}).replace(/\\/+$/, "");
${session}`;
}

export function entitiesModule(model: AppModel): string {
  const metas = describeEntities(model);
  const body = Object.fromEntries(metas.map((meta) => [meta.key, entityLiteral(meta)]));
  const user = hasAuth(model)
    ? `\n/** The entity people sign up as; its extra fields appear on the register page. */\nexport const userEntity = ${model.user ? `entities.${model.user.camel}` : "null"};\n`
    : "";
  return `/**
 * The entities the backend serves, generated from the app spec (stackwright.json).
 * Pages and forms read everything they show from here. Labels, columns and
 * field order can be edited freely; \`key\`s, \`path\`s and \`apiPath\`s must
 * match the API.
 *
 *   path         where the entity's pages live in this app
 *   apiPath      its collection in the API (list, create; + "/:id" to read, update, delete)
 *   titleField   the field that names a record in selects and headings
 *   columns      the fields shown in the list's table
 *   ownerKey     the reference to the owning user, set by the server from the token
 *   permissions  who may list, read, create, update and delete (see access.js)
 *   fields       form fields, in order: type is a field type (string, email, text, int,
 *                float, decimal, bool, date, datetime, uuid, json, enum), "reference"
 *                (the id of one \`entity\`) or "references" (ids of several)
 *   related      records of other entities that point at a record, listed on its page
 */
export const entities = ${jsLiteral(body)};
${user}`;
}

/** Field keys go first so each entity reads top-down: names, then behaviour, then fields. */
function entityLiteral(meta: EntityMeta): Record<string, unknown> {
  const { key: _key, fields, ...rest } = meta;
  return { ...rest, fields: fields.map((field) => ({ ...field })) };
}

export function appJsx(model: AppModel): string {
  const auth = hasAuth(model);
  const metas = describeEntities(model);
  const imports = [
    'import { Route, Routes } from "react-router-dom";',
    'import { browsableEntities } from "./access.js";',
    ...(auth ? ['import { useAuth } from "./auth/AuthContext.jsx";', 'import AuthStatus from "./auth/AuthStatus.jsx";'] : []),
    'import Layout from "./components/Layout.jsx";',
    'import { appTitle } from "./config.js";',
    'import { customRoutes } from "./custom/index.jsx";',
    'import { entities } from "./entities.js";',
    'import EntityEditPage from "./pages/EntityEditPage.jsx";',
    'import EntityListPage from "./pages/EntityListPage.jsx";',
    'import HomePage from "./pages/HomePage.jsx";',
    ...(auth ? ['import LoginPage from "./pages/LoginPage.jsx";'] : []),
    'import NotFoundPage from "./pages/NotFoundPage.jsx";',
    ...(auth ? ['import RegisterPage from "./pages/RegisterPage.jsx";'] : []),
  ];
  const userProp = auth ? " user={user}" : "";
  const routes: string[] = [`        <Route index element={<HomePage${userProp} />} />`];
  if (auth) {
    routes.push('        <Route path="login" element={<LoginPage />} />', '        <Route path="register" element={<RegisterPage />} />');
  }
  for (const meta of metas) {
    const path = meta.path.slice(1);
    const props = `entity={entities.${meta.key}}${userProp}`;
    routes.push("", `        <Route path=${jsString(path)} element={<EntityListPage ${props} />} />`);
    if (!meta.isUser) routes.push(`        <Route path=${jsString(`${path}/new`)} element={<EntityEditPage ${props} />} />`);
    routes.push(`        <Route path=${jsString(`${path}/:id`)} element={<EntityEditPage ${props} />} />`);
  }
  routes.push("", "        {customRoutes.map((route) => (", "          <Route key={route.path} path={route.path} element={route.element} />", "        ))}");
  routes.push("", '        <Route path="*" element={<NotFoundPage />} />');

  return `${imports.join("\n")}

/** Every page of the app. Each entity has a list, a form for new records${metas.some((m) => m.isUser) ? " (not users: they register)" : ""} and a page per record. */
export default function App() {
${auth ? "  const { user } = useAuth();\n" : ""}  const links = [
    ...browsableEntities(entities${auth ? ", user" : ""}).map((entity) => ({ to: entity.path, label: entity.labelPlural })),
    ...customRoutes.filter((route) => route.label).map((route) => ({ to: \`/\${route.path}\`, label: route.label })),
  ];

  return (
    <Routes>
      <Route element={<Layout title={appTitle} links={links}${auth ? " actions={<AuthStatus />}" : ""} />}>
${routes.join("\n")}
      </Route>
    </Routes>
  );
}
`;
}

export function mainJsx(model: AppModel): string {
  const auth = hasAuth(model);
  const pwa = model.spec.stack.pwa;
  const imports = [
    'import { StrictMode } from "react";',
    'import { createRoot } from "react-dom/client";',
    'import { BrowserRouter } from "react-router-dom";',
    'import App from "./App.jsx";',
    ...(auth ? ['import { AuthProvider } from "./auth/AuthContext.jsx";'] : []),
    ...(pwa ? ['import { registerServiceWorker } from "./registerServiceWorker.js";'] : []),
    'import "./styles.css";',
  ];
  const app = auth ? "      <AuthProvider>\n        <App />\n      </AuthProvider>" : "      <App />";
  return `${imports.join("\n")}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <BrowserRouter>
${app}
    </BrowserRouter>
  </StrictMode>,
);
${pwa ? "\nregisterServiceWorker();\n" : ""}`;
}
