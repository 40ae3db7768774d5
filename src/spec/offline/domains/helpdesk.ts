import { choice, optional, searchable, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Ticket: EntityDef = {
  name: "Ticket",
  description: "A support request, seen by the person who raised it and by admins (the support team).",
  fields: [
    searchable("title"),
    text("description", { searchable: true }),
    choice("status", ["open", "in_progress", "resolved", "closed"], "open"),
    choice("priority", ["low", "normal", "high", "urgent"], "normal"),
    optional(text("resolution", { maxLength: 5000 })),
  ],
  owner: { name: "requester", inverse: "tickets" },
  access: "private",
  aliases: ["tickets", "ticket", "support tickets", "support requests", "issues"],
};

export const helpdesk: DomainDef = {
  id: "helpdesk",
  title: "Help Desk",
  triggers: [
    /\bhelp ?desk\b/,
    /\b(?:customer )?support (?:tickets?|ticketing|desk|portal|system|requests?)\b/,
    /\b(?:ticketing|issue tracking|bug tracking) (?:system|app|tool|platform)\b/,
    /\b(?:issue|bug) trackers?\b/,
    /\b(?:zendesk|freshdesk|jira) clone\b/,
  ],
  entities: [Ticket],
};
