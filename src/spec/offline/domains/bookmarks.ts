import { bool, optional, searchable, text, url } from "./fields.js";
import { Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Bookmark: EntityDef = {
  name: "Bookmark",
  description: "A saved link.",
  fields: [searchable("title"), url("url"), optional(text("notes", { maxLength: 5000, searchable: true })), bool("favorite", false)],
  owner: { name: "owner", inverse: "bookmarks" },
  access: "private",
  aliases: ["bookmarks", "bookmark", "links", "saved links", "urls"],
};

export const bookmarks: DomainDef = {
  id: "bookmarks",
  title: "Bookmarks",
  triggers: [
    /\bbookmark(?:s|ing)?\b/,
    /\blinks? (?:saver|manager|sharing|collection|organi[sz]er|library)\b/,
    /\bsav(?:e|ing) (?:links|urls|articles for later)\b/,
    /\bread(?:ing)?[ -]later\b/,
    /\b(?:pinboard|pocket|raindrop|delicious) clone\b/,
  ],
  entities: [Bookmark],
  extras: [{ when: /\b(?:tags?|labels|tagging)\b/, entities: [Tag] }],
};
