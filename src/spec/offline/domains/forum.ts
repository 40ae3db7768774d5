import { bool, searchable, text } from "./fields.js";
import { Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Thread: EntityDef = {
  name: "Thread",
  description: "A discussion started by a member.",
  fields: [searchable("title"), text("body", { searchable: true }), bool("pinned", false), bool("locked", false)],
  owner: { name: "author", inverse: "threads" },
  access: "public",
  aliases: ["threads", "thread", "topics", "discussions", "questions"],
};

export const Reply: EntityDef = {
  name: "Reply",
  plural: "Replies",
  description: "A reply in a thread.",
  fields: [text("body", { maxLength: 10000, searchable: true })],
  owner: { name: "author", inverse: "replies" },
  access: "public",
  links: [{ kind: "belongsTo", name: "thread", target: "Thread", inverse: "replies" }],
  aliases: ["replies", "reply", "answers", "responses"],
};

export const forum: DomainDef = {
  id: "forum",
  title: "Forum",
  triggers: [
    /\bforums?\b/,
    /\bdiscussion (?:boards?|forums?|sites?|platform|threads?)\b/,
    /\b(?:message|bulletin) boards?\b/,
    /\bq ?(?:&|and) ?a (?:site|platform|app|forum)\b/,
    /\bcommunity (?:forum|board|site|discussions?)\b/,
    /\b(?:reddit|hacker news|stack ?overflow|discourse) clone\b/,
  ],
  entities: [Thread, Reply],
  extras: [{ when: /\b(?:tags?|labels)\b/, entities: [Tag] }],
};
