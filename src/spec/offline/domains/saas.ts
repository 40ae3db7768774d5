import { choice, searchable, str } from "./fields.js";
import { Subscription } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Workspace: EntityDef = {
  name: "Workspace",
  description: "A customer's organization: the tenant that members and the subscription belong to.",
  fields: [searchable("name", 120), str("slug", 60, { unique: true })],
  owner: { name: "owner", inverse: "ownedWorkspaces" },
  access: "shared",
  aliases: ["workspaces", "workspace", "organizations", "organisations", "orgs", "tenants", "teams"],
};

export const Membership: EntityDef = {
  name: "Membership",
  description: "A user's seat in a workspace.",
  fields: [choice("role", ["owner", "admin", "member"], "member")],
  owner: { name: "member", inverse: "memberships" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "workspace", target: "Workspace", inverse: "memberships" }],
  aliases: ["memberships", "membership", "seats"],
};

export const saas: DomainDef = {
  id: "saas",
  title: "SaaS",
  triggers: [/\bsaas\b/, /\bsoftware as a service\b/, /\bmulti-?tenant\b/, /\bb2b (?:app|platform|product|software)\b/, /\bteam workspaces?\b/],
  entities: [Workspace, Membership, Subscription],
};
