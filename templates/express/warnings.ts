import type { AppModel } from "../../src/spec/model.js";
import type { SlotFill } from "../integrations.js";

export const FEATURE_WARNINGS: Record<string, string> = {
  "ai-chat": "The ai-chat feature is not part of the Express template; the backend has no chat endpoint.",
  "semantic-search": "The semantic-search feature is not part of the Express template; list endpoints offer substring search (?q=) only.",
  payments: "The payments feature is not part of the Express template; the backend has no payment or webhook endpoints.",
  "file-upload": "The file-upload feature is not part of the Express template; the backend accepts JSON bodies only.",
  email: "The email feature is not part of the Express template; the backend sends no email.",
  realtime: "The realtime feature is not part of the Express template; the backend has no WebSocket or server-sent events endpoint.",
};

/** One sentence for every part of the spec the Express template does not render (nor custom code in its slots). */
export function expressWarnings(model: AppModel, fill?: SlotFill): string[] {
  const spec = model.spec;
  const warnings = spec.features
    .filter((f) => !fill?.backendFeatures.includes(f))
    .map((f) => FEATURE_WARNINGS[f] ?? `The ${f} feature is not part of the Express template.`);
  if (spec.auth.kind === "jwt" && spec.auth.oauth.length > 0) {
    warnings.push(`OAuth sign-in (${spec.auth.oauth.join(", ")}) is not rendered by the Express template; users sign in with email and password.`);
  }
  if (spec.stack.cache === "redis") warnings.push("The Redis cache is not rendered by the Express template; the backend reads PostgreSQL directly.");
  if (spec.stack.database === "mongodb") {
    warnings.push("The Express template stores data in PostgreSQL, not MongoDB; the backend needs DATABASE_URL pointing at PostgreSQL.");
  }
  if (spec.stack.backend !== "express") warnings.push(`The spec asks for a ${spec.stack.backend} backend; this is the Express backend.`);
  return warnings;
}
