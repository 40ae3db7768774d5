import type { Backend, Database, Feature, Frontend } from "../app-spec.js";

/** How stack choices are named in the human sentences of an OfflineSpecResult. */
export const BACKEND_LABEL: Record<Backend, string> = {
  express: "Express",
  fastapi: "FastAPI",
  nestjs: "NestJS",
  gin: "Gin (Go)",
};

export const DATABASE_LABEL: Record<Database, string> = {
  postgres: "PostgreSQL",
  mongodb: "MongoDB",
};

export const FRONTEND_LABEL: Record<Frontend, string> = {
  react: "React",
  nextjs: "Next.js",
  none: "none (API only)",
};

export const FEATURE_LABEL: Record<Feature, string> = {
  "ai-chat": "AI chat",
  "semantic-search": "semantic search",
  payments: "payments",
  "file-upload": "file upload",
  email: "email",
  realtime: "real-time updates",
};

/** `a, b and c` */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `"a", "b"`: quotes from the prompt, each once. */
export function quoteList(quotes: readonly string[]): string {
  return [...new Set(quotes)].map((q) => `"${q}"`).join(", ");
}
