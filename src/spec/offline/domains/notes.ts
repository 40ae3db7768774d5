import { bool, searchable, text } from "./fields.js";
import { Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Note: EntityDef = {
  name: "Note",
  description: "A private note.",
  fields: [searchable("title"), text("body", { searchable: true }), bool("pinned", false)],
  owner: { name: "owner", inverse: "notes" },
  access: "private",
  aliases: ["notes", "note", "memos", "memo"],
};

export const notes: DomainDef = {
  id: "notes",
  title: "Notes",
  triggers: [
    /\bnotes?[ -]taking\b/,
    /\b(?:take|taking|write|writing|keep|keeping) notes\b/,
    /\bnotes? (?:app|application|manager|keeper|site)\b/,
    /\bnotebooks?\b/,
    /\b(?:personal|quick|sticky|markdown|private|my|shared|meeting|study) notes\b/,
    /\bevernote clone\b|\bnotion clone\b|\bobsidian clone\b/,
  ],
  entities: [Note],
  extras: [{ when: /\b(?:tags?|labels)\b/, entities: [Tag] }],
};
