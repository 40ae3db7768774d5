import type { CustomPackage, Feature } from "../src/spec/app-spec.js";
import type { EnvVarInput } from "../src/spec/manifest.js";
import type { NpmPackage } from "./versions.js";

/**
 * What the backend declares for a feature whose custom code (a slot, written
 * by the model generator) is present: the npm packages that code may import
 * and the environment variables it may read. The templates render these into
 * package.json, .env.example and stackwright.json, so the custom code never
 * has to touch a template-owned file, and versions come from versions.ts only.
 *
 * Every variable is optional for start-up: the app boots without it and the
 * feature's endpoints answer 503 with a message naming the variable, so a
 * deploy without the key still serves everything else.
 */
export interface FeatureIntegration {
  packages: readonly NpmPackage[];
  env: readonly EnvVarInput[];
}

const secret = (name: string, description: string, example = ""): EnvVarInput => ({ name, required: false, secret: true, source: "user", description, example });
const setting = (name: string, description: string, example: string): EnvVarInput => ({ name, required: false, secret: false, source: "constant", description, example });

export const FEATURE_INTEGRATIONS: Readonly<Record<Feature, FeatureIntegration>> = {
  "ai-chat": {
    packages: ["@anthropic-ai/sdk"],
    env: [
      secret("ANTHROPIC_API_KEY", "API key for Claude, used by the AI chat (/api/chat). Without it the chat answers 503."),
      setting("ANTHROPIC_MODEL", "Claude model the AI chat uses (default claude-sonnet-5-5).", "claude-sonnet-5-5"),
    ],
  },
  "semantic-search": { packages: [], env: [] },
  payments: {
    packages: ["stripe"],
    env: [
      secret("STRIPE_SECRET_KEY", "Stripe secret key (sk_test_... while testing). Without it the payment endpoints answer 503."),
      secret("STRIPE_WEBHOOK_SECRET", "Signing secret of the Stripe webhook endpoint (/api/payments/webhook), from the Stripe dashboard or `stripe listen`."),
      setting("STRIPE_PRICE_ID", "The Stripe Price a checkout subscribes to (price_...).", ""),
    ],
  },
  "file-upload": {
    packages: ["multer"],
    env: [
      setting("UPLOAD_DIR", "Directory uploaded files are stored in (default ./uploads).", "./uploads"),
      setting("MAX_UPLOAD_MB", "Largest upload accepted, in MB (default 10).", "10"),
    ],
  },
  email: {
    packages: ["nodemailer"],
    env: [
      secret("SMTP_URL", "SMTP server to send email through, e.g. smtps://user:pass@smtp.example.com. Without it email is logged, not sent."),
      setting("EMAIL_FROM", "Sender address of outgoing email.", "no-reply@example.com"),
    ],
  },
  realtime: { packages: [], env: [] },
};

/**
 * Custom code written into the templates' slots (src/generate/anthropic/slots.ts).
 * Omitted (the offline path): the templates render exactly what they always did.
 */
export interface SlotFill {
  /** Features whose backend module (backend/src/custom/<feature>.js) is in the app. */
  backendFeatures: readonly Feature[];
  /** Features whose frontend page is in the app. */
  frontendFeatures: readonly Feature[];
  /** Extra packages the backend's custom code imports (spec.custom.packages). */
  backendPackages: readonly CustomPackage[];
}

/** The packages and variables a backend declares for `fill`, in a stable order. */
export function integrationsFor(fill: SlotFill | undefined): { packages: NpmPackage[]; env: EnvVarInput[] } {
  if (!fill) return { packages: [], env: [] };
  const packages = new Set<NpmPackage>(fill.backendPackages);
  const env = new Map<string, EnvVarInput>();
  for (const feature of [...fill.backendFeatures].sort()) {
    for (const p of FEATURE_INTEGRATIONS[feature].packages) packages.add(p);
    for (const v of FEATURE_INTEGRATIONS[feature].env) env.set(v.name, v);
  }
  return { packages: [...packages].sort(), env: [...env.values()] };
}
