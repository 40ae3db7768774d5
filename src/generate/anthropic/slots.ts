import { pascalCase } from "../../spec/naming.js";
import type { AppSpec, CustomPageSpec, Feature } from "../../spec/app-spec.js";
import { FEATURE_ROUTES } from "../../spec/custom.js";
import type { EnvVarInput } from "../../spec/manifest.js";
import { FEATURE_INTEGRATIONS, type SlotFill } from "../../../templates/integrations.js";
import type { RenderedFile } from "../../../templates/types.js";

/**
 * SLOTS: the places the model writes, and nothing else.
 *
 * Writable paths (exactly):
 * - `backend/src/custom/**`: .js, .mjs, .json and .md files. The template
 *   renders one file here, the hook `backend/src/custom/index.js`
 *   (`registerCustomRoutes(app, deps)`, called by app.js after the generated
 *   routes); the model replaces it and adds the modules it mounts.
 * - `frontend/src/custom/**` (when the app has the React frontend): .js,
 *   .jsx, .css, .json and .md files. The template's hook is
 *   `frontend/src/custom/index.jsx` (`customRoutes`, rendered by App.jsx).
 * - `backend/migrations/NNNN_<lower_snake>.sql`: NEW files only, numbered
 *   after the template's last migration, each number once.
 *
 * Every other path (package.json, .env*, a template's route, an existing
 * migration, a workflow, ...) is refused, reported with its reason, and never
 * written. Dependencies and environment variables are declared by the
 * templates from the spec (templates/integrations.ts), never by the model.
 * With `paths.allow` in the repository's configuration, only the slot
 * directories inside an allowed path stay writable.
 */
export const BACKEND_CUSTOM_DIR = "backend/src/custom";
export const FRONTEND_CUSTOM_DIR = "frontend/src/custom";
export const MIGRATIONS_DIR = "backend/migrations";
export const BACKEND_HOOK = `${BACKEND_CUSTOM_DIR}/index.js`;
export const FRONTEND_HOOK = `${FRONTEND_CUSTOM_DIR}/index.jsx`;

const BACKEND_EXTENSIONS = /\.(?:js|mjs|json|md)$/;
const FRONTEND_EXTENSIONS = /\.(?:js|jsx|css|json|md)$/;
const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

interface FeatureSlot {
  backend: string;
  frontend: { file: string; what: string } | null;
}

/** What each feature's files must do; the prompt quotes these. */
export const FEATURE_SLOTS: Readonly<Record<Feature, FeatureSlot>> = {
  "ai-chat": {
    backend: `export aiChatRouter(deps), mounted at ${FEATURE_ROUTES["ai-chat"].api}: POST {message, history?} for signed-in users answers {reply} from Claude through @anthropic-ai/sdk (key ANTHROPIC_API_KEY, model process.env.ANTHROPIC_MODEL || "claude-sonnet-5-5"), with a system prompt fitting the app; rate limited per user; 503 naming ANTHROPIC_API_KEY when it is unset; 502 when Claude fails. Store the conversation in the spec's chat or message entity when it has one (through deps.pool, parameterized).`,
    frontend: { file: "ChatPage.jsx", what: `a chat screen at ${FEATURE_ROUTES["ai-chat"].page} (label "Chat"): message list, input, sending state, error message; signed-out users see a prompt to sign in.` },
  },
  "semantic-search": {
    backend: `export searchRouter(deps), mounted at ${FEATURE_ROUTES["semantic-search"].api}: GET ?q=&limit= ranks records of the entities with searchable fields by relevance with PostgreSQL full-text search (websearch_to_tsquery, ts_rank) and answers {items: [{entity, id, title, snippet, score}]}; respect each entity's list permission. A new migration may add tsvector columns (generated always as ... stored) and GIN indexes.`,
    frontend: { file: "SearchPage.jsx", what: `a search screen at ${FEATURE_ROUTES["semantic-search"].page} (label "Search"): query box, ranked results linking to each record's page.` },
  },
  payments: {
    backend: `export paymentsRouter(deps), mounted at ${FEATURE_ROUTES.payments.api}: POST /checkout (signed in) creates a Stripe Checkout Session in subscription mode for STRIPE_PRICE_ID and answers {url}; POST /webhook verifies the Stripe signature with STRIPE_WEBHOOK_SECRET over req.rawBody (never trust an unsigned body) and records the subscription state; GET /subscription (signed in) answers the user's status. Keys from STRIPE_SECRET_KEY; 503 naming the variable when one is unset. Keep subscription state in a table added by a new migration.`,
    frontend: { file: "BillingPage.jsx", what: `a billing screen at ${FEATURE_ROUTES.payments.page} (label "Billing"): current subscription status and a button that starts checkout (redirects to the returned url).` },
  },
  "file-upload": {
    backend: `export uploadsRouter(deps), mounted at ${FEATURE_ROUTES["file-upload"].api}: POST (signed in, multipart field "file") stores the file with multer under process.env.UPLOAD_DIR || "./uploads" with a random name, size limit MAX_UPLOAD_MB (default 10), and answers 201 {id, name, size, url}; GET /:id serves it to its owner. Keep the metadata in a table added by a new migration.`,
    frontend: { file: "UploadsPage.jsx", what: `an uploads screen at ${FEATURE_ROUTES["file-upload"].page} (label "Files"): choose a file, upload with progress or a busy state, list the user's files.` },
  },
  email: {
    backend: `export sendEmail({to, subject, text}) (through nodemailer and SMTP_URL, from EMAIL_FROM; when SMTP_URL is unset it logs the email instead of sending) and emailRouter(deps), mounted at ${FEATURE_ROUTES.email.api}: POST /test (admin only) sends a test email to the signed-in admin.`,
    frontend: null,
  },
  realtime: {
    backend: `export realtimeRouter(deps) and publish(event), mounted at ${FEATURE_ROUTES.realtime.api}: GET opens a server-sent events stream (text/event-stream, a comment line every 25 s to keep it open, clean up on close) that receives every published event; publish sends {type, data} to every open stream.`,
    frontend: { file: "LivePage.jsx", what: `a live feed at ${FEATURE_ROUTES.realtime.page} (label "Live") that listens with EventSource to ${FEATURE_ROUTES.realtime.api} on the backend's URL (apiUrl from src/config.js) and lists events as they arrive.` },
  },
};

export interface SlotFile {
  path: string;
  /** What the file must do. */
  what: string;
}

export interface SlotPlan {
  spec: AppSpec;
  /** The files the model is asked for, hooks first. */
  files: SlotFile[];
  /** Features whose backend module is asked for / whose page is asked for. */
  backendFeatures: Feature[];
  frontendFeatures: Feature[];
  /** Writable directories (no trailing slash). */
  dirs: string[];
  /** The first number a new migration may take; null when migrations are not writable. */
  firstMigration: number | null;
  /** npm packages backend custom code may import (the backend's package.json once every slot is filled). */
  backendPackages: string[];
  frontendPackages: string[];
  /** Environment variables custom code may read, beyond the app's own (those are in deps.config). */
  env: EnvVarInput[];
}

/** The fill that declares everything the plan's slots may need (the render the model is shown). */
export function fullFill(spec: AppSpec): SlotFill {
  return { backendFeatures: [...spec.features], frontendFeatures: [...spec.features], backendPackages: [...(spec.custom?.packages ?? [])] };
}

/** Page file name of a custom page: `Tips` → `TipsPage.jsx`, `TipsPage` → `TipsPage.jsx`. */
export function pageFile(page: CustomPageSpec): string {
  const name = pascalCase(page.name);
  return `${name.endsWith("Page") ? name : `${name}Page`}.jsx`;
}

/** Whether `path` equals `root` or lies under it. */
export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/**
 * The slots of `spec` given the rendered app (with `fullFill`), limited to
 * what `allow` (the repository's `paths.allow`, if any) leaves writable.
 * No feature and no custom section: no files, and no model request at all.
 */
export function planSlots(spec: AppSpec, rendered: readonly RenderedFile[], allow: readonly string[] | null | undefined): SlotPlan {
  const paths = new Set(rendered.map((f) => f.path));
  const writable = (dir: string) => !allow || allow.some((root) => isUnder(dir, root.replace(/\/+$/, "")));
  const hasFrontend = paths.has(FRONTEND_HOOK) && writable(FRONTEND_CUSTOM_DIR);
  const hasBackend = paths.has(BACKEND_HOOK) && writable(BACKEND_CUSTOM_DIR);
  const migrations = [...paths].filter((p) => isUnder(p, MIGRATIONS_DIR)).map((p) => MIGRATION_NAME.exec(p.slice(MIGRATIONS_DIR.length + 1))?.[1]);
  const lastMigration = Math.max(0, ...migrations.filter((n): n is string => n !== undefined).map(Number));
  const custom = spec.custom ?? { endpoints: [], pages: [], packages: [] };

  const backendFeatures = hasBackend ? [...spec.features] : [];
  const frontendFeatures = hasFrontend ? spec.features.filter((f) => FEATURE_SLOTS[f].frontend !== null) : [];
  const backend: SlotFile[] = backendFeatures.map((f) => ({ path: `${BACKEND_CUSTOM_DIR}/${f}.js`, what: `the ${f} feature: ${FEATURE_SLOTS[f].backend}` }));
  if (hasBackend && custom.endpoints.length > 0) {
    backend.push({
      path: `${BACKEND_CUSTOM_DIR}/endpoints.js`,
      what: `export customEndpointsRouter(deps) answering the spec's custom endpoints (custom.endpoints), each at its path with its method and access level: ${custom.endpoints.map((e) => `${e.method} ${e.path} (${e.auth})`).join(", ")}.`,
    });
  }
  const frontend: SlotFile[] = frontendFeatures.map((f) => {
    const page = FEATURE_SLOTS[f].frontend!;
    return { path: `${FRONTEND_CUSTOM_DIR}/${page.file}`, what: `the ${f} feature's page: ${page.what}` };
  });
  if (hasFrontend) {
    for (const page of custom.pages) {
      frontend.push({ path: `${FRONTEND_CUSTOM_DIR}/${pageFile(page)}`, what: `the custom page ${page.name} at ${page.path} (label "${page.title}", ${page.auth}): ${page.description}` });
    }
  }

  const files: SlotFile[] = [];
  if (backend.length > 0) {
    files.push({ path: BACKEND_HOOK, what: `replaces the template's hook: export registerCustomRoutes(app, deps) that mounts ${backend.map((f) => f.path.slice(BACKEND_CUSTOM_DIR.length + 1)).join(", ")} with app.use at their prefixes (deps is { pool, config }).` }, ...backend);
  }
  if (frontend.length > 0) {
    files.push({ path: FRONTEND_HOOK, what: `replaces the template's hook: export const customRoutes = [{ path, label, element }, ...] for ${frontend.map((f) => f.path.slice(FRONTEND_CUSTOM_DIR.length + 1)).join(", ")} (path without the leading slash).` }, ...frontend);
  }

  const packagesOf = (path: string) => {
    const file = rendered.find((f) => f.path === path);
    if (!file) return [];
    try {
      return Object.keys((JSON.parse(file.content) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
    } catch {
      return [];
    }
  };
  const env = new Map<string, EnvVarInput>();
  for (const f of backendFeatures) for (const v of FEATURE_INTEGRATIONS[f].env) env.set(v.name, v);

  return {
    spec,
    files,
    backendFeatures,
    frontendFeatures,
    dirs: [hasBackend ? BACKEND_CUSTOM_DIR : null, hasFrontend ? FRONTEND_CUSTOM_DIR : null].filter((d): d is string => d !== null),
    firstMigration: hasBackend && writable(MIGRATIONS_DIR) ? lastMigration + 1 : null,
    backendPackages: packagesOf("backend/package.json"),
    frontendPackages: packagesOf("frontend/package.json"),
    env: [...env.values()],
  };
}

export type SlotPathCheck = { ok: true } | { ok: false; reason: string };

/**
 * Decides, path by path, what the model may write (see the module comment).
 * Stateful for migrations: each number may be taken once.
 */
export class SlotWritePolicy {
  private readonly rendered: Set<string>;
  private readonly migrationNumbers = new Map<number, string>();

  constructor(
    private readonly plan: SlotPlan,
    rendered: readonly RenderedFile[],
  ) {
    this.rendered = new Set(rendered.map((f) => f.path));
  }

  /** Roots for the FILE-block parser's own path policy (it refuses everything outside them first). */
  roots(): string[] {
    return [...this.plan.dirs, ...(this.plan.firstMigration !== null ? [MIGRATIONS_DIR] : [])];
  }

  describe(): string {
    const parts = this.plan.dirs.map((d) => `${d}/`);
    if (this.plan.firstMigration !== null) parts.push(`new ${MIGRATIONS_DIR}/NNNN_<name>.sql numbered from ${String(this.plan.firstMigration).padStart(4, "0")}`);
    return parts.join(", ") || "none";
  }

  check(path: string): SlotPathCheck {
    if (isUnder(path, BACKEND_CUSTOM_DIR) && this.plan.dirs.includes(BACKEND_CUSTOM_DIR)) {
      return BACKEND_EXTENSIONS.test(path) ? { ok: true } : { ok: false, reason: `"${path}" has a file type custom backend code may not use (.js, .mjs, .json or .md).` };
    }
    if (isUnder(path, FRONTEND_CUSTOM_DIR) && this.plan.dirs.includes(FRONTEND_CUSTOM_DIR)) {
      return FRONTEND_EXTENSIONS.test(path) ? { ok: true } : { ok: false, reason: `"${path}" has a file type custom frontend code may not use (.js, .jsx, .css, .json or .md).` };
    }
    if (isUnder(path, MIGRATIONS_DIR) && this.plan.firstMigration !== null) {
      const name = path.slice(MIGRATIONS_DIR.length + 1);
      const match = MIGRATION_NAME.exec(name);
      if (!match || name.includes("/")) return { ok: false, reason: `"${path}" is not a migration name (NNNN_lower_snake_name.sql).` };
      if (this.rendered.has(path)) return { ok: false, reason: `"${path}" is a migration the templates wrote; migrations are never edited, add a new one.` };
      const n = Number(match[1]);
      if (n < this.plan.firstMigration) {
        return { ok: false, reason: `"${path}" is numbered ${match[1]}, but the templates' migrations run up to ${String(this.plan.firstMigration - 1).padStart(4, "0")}; a new migration starts at ${String(this.plan.firstMigration).padStart(4, "0")}.` };
      }
      const other = this.migrationNumbers.get(n);
      if (other !== undefined && other !== path) return { ok: false, reason: `"${path}" reuses number ${match[1]} of ${other}.` };
      this.migrationNumbers.set(n, path);
      return { ok: true };
    }
    return { ok: false, reason: `"${path}" is outside the writable paths (${this.describe()}); the templates own it, so it was not written.` };
  }
}
