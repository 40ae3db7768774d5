import { choice, date, optional, searchable, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const JournalEntry: EntityDef = {
  name: "JournalEntry",
  description: "A private journal entry.",
  fields: [
    optional(searchable("title")),
    text("body", { searchable: true }),
    optional(choice("mood", ["great", "good", "okay", "bad", "awful"])),
    date("writtenOn"),
  ],
  owner: { name: "owner", inverse: "journalEntries" },
  access: "private",
  aliases: ["journal entries", "journal entry", "diary entries", "reflections"],
};

export const journal: DomainDef = {
  id: "journal",
  title: "Journal",
  triggers: [/\bjournal(?:s|ing)?\b/, /\bdiar(?:y|ies)\b/, /\bmood (?:tracker|tracking|journal|log)\b/, /\bgratitude (?:journal|log|app)\b/],
  entities: [JournalEntry],
};
