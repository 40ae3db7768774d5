import type { Feature, StackSpec } from "../app-spec.js";
import type { DomainMatch } from "./domains/index.js";

/**
 * The seed's full-stack templates as presets: for an app type, the stack and
 * features it gets unless the prompt (or the repository's config) says otherwise.
 */

export interface Preset {
  id: string;
  /** The domain whose mention selects the preset. */
  domain: string;
  /** The seed template it stands for. */
  template: string;
  stack: Partial<StackSpec>;
  features: Feature[];
}

export const PRESETS: readonly Preset[] = [
  {
    id: "blog",
    domain: "blog",
    template: "REST API + React",
    stack: { backend: "express", database: "postgres", frontend: "react" },
    features: [],
  },
  {
    id: "dating-coach",
    domain: "dating-coach",
    template: "AI-powered app",
    stack: { backend: "fastapi", database: "postgres", frontend: "react", pwa: true },
    features: ["ai-chat", "semantic-search", "payments"],
  },
  {
    id: "realtime-chat",
    domain: "chat",
    template: "real-time chat",
    stack: { backend: "express", database: "postgres", cache: "redis", frontend: "react" },
    features: ["realtime"],
  },
  {
    id: "saas",
    domain: "saas",
    template: "Next.js full-stack",
    stack: { backend: "express", database: "postgres", frontend: "nextjs" },
    features: ["payments"],
  },
  {
    id: "todo",
    domain: "tasks",
    template: "REST API + React",
    stack: { backend: "express", database: "postgres", frontend: "react" },
    features: [],
  },
];

/** The preset of the first-named domain that has one. */
export function choosePreset(domains: readonly DomainMatch[]): { preset: Preset; match: DomainMatch } | undefined {
  for (const match of domains) {
    const preset = PRESETS.find((p) => p.domain === match.domain.id);
    if (preset) return { preset, match };
  }
  return undefined;
}
