import { float, optional, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Entry: EntityDef = {
  name: "Entry",
  plural: "Entries",
  description: "A visitor's message in the guestbook.",
  fields: [str("authorName", 80), text("message", { maxLength: 2000, searchable: true }), optional(float("rating", { min: 0, max: 5 }))],
  access: "guest",
  aliases: ["guestbook entries", "signatures"],
};

export const guestbook: DomainDef = {
  id: "guestbook",
  title: "Guestbook",
  triggers: [/\bguest ?books?\b/, /\bvisitor (?:book|log)\b/],
  entities: [Entry],
};
