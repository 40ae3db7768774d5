import type { AppSpec, Feature } from "./app-spec.js";
import { kebabCase, pluralName } from "./naming.js";
import type { SpecIssue } from "./semantic.js";

/**
 * Where each feature's custom code answers: its API prefix (backend) and its
 * page (frontend). Custom endpoints and pages may not take these places, so a
 * feature's slot and a custom slot never collide.
 */
export const FEATURE_ROUTES: Readonly<Record<Feature, { api: string; page: string | null }>> = {
  "ai-chat": { api: "/api/chat", page: "/chat" },
  "semantic-search": { api: "/api/search", page: "/search" },
  payments: { api: "/api/payments", page: "/billing" },
  "file-upload": { api: "/api/uploads", page: "/uploads" },
  email: { api: "/api/email", page: null },
  realtime: { api: "/api/events", page: "/live" },
};

/** Frontend routes the templates render whatever the spec. */
const TEMPLATE_PAGES = ["/login", "/register"];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * The custom section's checks that need the whole spec: unique names and
 * routes, nothing under a generated route (an entity's `/api/<route>`, `/auth`,
 * `/health`, a feature's prefix), and access levels the auth mode can honour.
 */
export function checkCustomSemantics(spec: AppSpec): SpecIssue[] {
  const custom = spec.custom;
  if (!custom) return [];
  const issues: SpecIssue[] = [];
  const entityRoutes = spec.entities.map((e) => kebabCase(e.plural ?? pluralName(e.name)));
  const features = new Set(spec.features);

  const names = new Set<string>();
  const routes = new Set<string>();
  for (const endpoint of custom.endpoints) {
    const at = `custom.endpoints.${endpoint.name}`;
    if (names.has(endpoint.name)) issues.push({ path: at, message: `endpoint "${endpoint.name}" is defined twice` });
    names.add(endpoint.name);
    const route = `${endpoint.method} ${endpoint.path.replace(/:[a-zA-Z0-9]+/g, ":")}`;
    if (routes.has(route)) issues.push({ path: at, message: `${endpoint.method} ${endpoint.path} is defined twice` });
    routes.add(route);
    const entity = entityRoutes.find((r) => under(endpoint.path, `/api/${r}`));
    if (entity) issues.push({ path: `${at}.path`, message: `${endpoint.path} is inside /api/${entity}, which the generated CRUD routes answer; pick a path outside it` });
    for (const feature of features) {
      const prefix = FEATURE_ROUTES[feature].api;
      if (under(endpoint.path, prefix)) issues.push({ path: `${at}.path`, message: `${endpoint.path} is inside ${prefix}, which the ${feature} feature answers; pick another path` });
    }
    if (endpoint.auth !== "public" && spec.auth.kind !== "jwt") {
      issues.push({ path: `${at}.auth`, message: `"${endpoint.auth}" needs auth; with auth.kind "none" custom endpoints must be "public"` });
    }
  }

  const pageNames = new Set<string>();
  const pagePaths = new Set<string>();
  for (const page of custom.pages) {
    const at = `custom.pages.${page.name}`;
    if (pageNames.has(page.name)) issues.push({ path: at, message: `page "${page.name}" is defined twice` });
    pageNames.add(page.name);
    if (pagePaths.has(page.path)) issues.push({ path: `${at}.path`, message: `another page already uses ${page.path}` });
    pagePaths.add(page.path);
    const entity = entityRoutes.find((r) => under(page.path, `/${r}`));
    if (entity) issues.push({ path: `${at}.path`, message: `${page.path} is inside /${entity}, where the generated ${entity} pages live; pick another path` });
    if (TEMPLATE_PAGES.some((p) => under(page.path, p))) issues.push({ path: `${at}.path`, message: `${page.path} is a page the templates render; pick another path` });
    for (const feature of features) {
      const own = FEATURE_ROUTES[feature].page;
      if (own && under(page.path, own)) issues.push({ path: `${at}.path`, message: `${page.path} is the ${feature} feature's page; pick another path` });
    }
    if (page.auth !== "public" && spec.auth.kind !== "jwt") {
      issues.push({ path: `${at}.auth`, message: `"${page.auth}" needs auth; with auth.kind "none" custom pages must be "public"` });
    }
  }
  if (custom.pages.length > 0 && spec.stack.frontend === "none") {
    issues.push({ path: "custom.pages", message: `custom pages need a frontend; stack.frontend is "none"` });
  }
  return issues;
}
