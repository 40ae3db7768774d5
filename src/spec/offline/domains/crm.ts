import { choice, date, emailField, money, optional, searchable, str, url } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Company: EntityDef = {
  name: "Company",
  plural: "Companies",
  description: "An organization the team sells to.",
  fields: [searchable("name", 160), optional(url("website")), optional(str("industry", 80))],
  owner: { name: "owner", inverse: "companies" },
  access: "shared",
  aliases: ["companies", "company", "organisations", "organizations"],
};

export const Contact: EntityDef = {
  name: "Contact",
  description: "A person at a company.",
  fields: [
    searchable("firstName", 80),
    searchable("lastName", 80),
    optional(emailField("email", { searchable: true })),
    optional(str("phone", 40)),
  ],
  owner: { name: "owner", inverse: "contacts" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "company", target: "Company", inverse: "contacts", required: false, onDelete: "setNull" }],
  aliases: ["contacts", "contact", "leads", "lead"],
};

export const Deal: EntityDef = {
  name: "Deal",
  description: "A sales opportunity moving through the pipeline.",
  fields: [
    searchable("title"),
    money("amount", { default: 0 }),
    choice("stage", ["lead", "qualified", "proposal", "won", "lost"], "lead"),
    optional(date("closeDate")),
  ],
  owner: { name: "owner", inverse: "deals" },
  access: "shared",
  links: [
    { kind: "belongsTo", name: "company", target: "Company", inverse: "deals", required: false, onDelete: "setNull" },
    { kind: "belongsTo", name: "contact", target: "Contact", inverse: "deals", required: false, onDelete: "setNull" },
  ],
  aliases: ["deals", "deal", "opportunities", "opportunity"],
};

export const crm: DomainDef = {
  id: "crm",
  title: "CRM",
  triggers: [
    /\bcrm\b/,
    /\bcustomer relationship(?: management)?\b/,
    /\bsales (?:pipeline|crm|tracker|team)\b/,
    /\b(?:leads?|contacts?) (?:management|manager|tracker|tracking)\b/,
    /\bcontact (?:book|list|database)\b/,
    /\bdeals? (?:pipeline|tracking|tracker|flow)\b/,
    /\bsalesforce clone\b|\bhubspot clone\b/,
  ],
  entities: [Company, Contact, Deal],
};
