import { int, optional, str, url } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const ShortLink: EntityDef = {
  name: "ShortLink",
  description: "A short code that redirects to a long URL.",
  fields: [str("code", 32, { unique: true }), url("targetUrl"), optional(str("label", 120, { searchable: true })), int("clicks", { min: 0, default: 0 })],
  owner: { name: "owner", inverse: "shortLinks" },
  access: "public",
  // Anyone follows a link (read), but each user lists only their own.
  override: { list: "owner" },
  aliases: ["short links", "short urls", "shortlinks"],
};

export const links: DomainDef = {
  id: "url-shortener",
  title: "URL Shortener",
  triggers: [/\burl shorten(?:er|ing)\b/, /\blink shorten(?:er|ing)\b/, /\bshort (?:links|urls)\b/, /\b(?:bitly|bit\.ly|tinyurl) clone\b/],
  entities: [ShortLink],
};
