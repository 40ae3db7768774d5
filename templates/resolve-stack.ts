import type { AppSpec, Backend, Frontend } from "../src/spec/app-spec.js";

/** The stacks that have templates today. Everything else is substituted, out loud. */
export const AVAILABLE_BACKENDS: readonly Backend[] = ["express"];
export const AVAILABLE_FRONTENDS: readonly Frontend[] = ["react", "none"];

const BACKEND_LABEL: Record<Backend, string> = { express: "Express", fastapi: "FastAPI", nestjs: "NestJS", gin: "Go/Gin" };
const FRONTEND_LABEL: Record<Frontend, string> = { react: "React + Vite", nextjs: "Next.js", none: "no frontend" };

export interface ResolvedStack {
  spec: AppSpec;
  /** One sentence per substitution, for the CLI summary, the PR body and the README. */
  substitutions: string[];
}

/**
 * Maps the requested stack onto templates that exist, so every spec renders an
 * app that runs. The returned spec describes what is actually rendered (it is
 * what stackwright.json records); each change is reported, never silent.
 */
export function resolveStack(spec: AppSpec): ResolvedStack {
  const substitutions: string[] = [];
  const stack = { ...spec.stack };

  if (!AVAILABLE_BACKENDS.includes(stack.backend)) {
    substitutions.push(
      `${BACKEND_LABEL[stack.backend]} backend templates are not available yet; rendered an ${BACKEND_LABEL.express} backend with the same API instead.`,
    );
    stack.backend = "express";
  }
  if (stack.database === "mongodb") {
    substitutions.push("MongoDB templates are not available yet; the backend stores its data in PostgreSQL instead.");
    stack.database = "postgres";
  }
  if (!AVAILABLE_FRONTENDS.includes(stack.frontend)) {
    substitutions.push(
      `${FRONTEND_LABEL[stack.frontend]} templates are not available yet; rendered a ${FRONTEND_LABEL.react} frontend (also a PWA when requested) instead.`,
    );
    stack.frontend = "react";
  }
  return { spec: { ...spec, stack }, substitutions };
}
