import { bool, optional, searchable, text, url } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const PortfolioProject: EntityDef = {
  name: "Project",
  description: "A piece of work shown in the portfolio.",
  fields: [searchable("title"), text("summary", { searchable: true }), optional(url("url")), optional(url("repoUrl")), optional(url("imageUrl")), bool("featured", false)],
  owner: { name: "owner", inverse: "projects" },
  access: "public",
  links: [{ kind: "manyToMany", name: "skills", target: "Skill", inverse: "projects" }],
  aliases: ["projects", "project", "case studies"],
};

export const Skill: EntityDef = {
  name: "Skill",
  description: "A skill or technology used in projects.",
  fields: [searchable("name", 80, { unique: true })],
  access: "community",
  aliases: ["skills", "skill", "technologies"],
};

export const portfolio: DomainDef = {
  id: "portfolio",
  title: "Portfolio",
  triggers: [/\bportfolios?\b/, /\bpersonal (?:site|website|homepage)\b/, /\bshowcase\b/],
  entities: [PortfolioProject, Skill],
};
