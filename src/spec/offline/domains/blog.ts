import { bool, searchable, text } from "./fields.js";
import { Comment, Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Post: EntityDef = {
  name: "Post",
  description: "A blog post.",
  fields: [searchable("title"), text("body", { searchable: true }), bool("published", false)],
  owner: { name: "author", inverse: "posts" },
  access: "public",
  aliases: ["posts", "post", "blog posts", "blog post"],
};

export const blog: DomainDef = {
  id: "blog",
  title: "Blog",
  triggers: [/\bblog(?:s|ging|gers?)?\b/, /\bblog posts?\b/, /\bpublishing platform\b/, /\bmedium clone\b/],
  entities: [Post, Comment],
  extras: [{ when: /\b(?:tags?|tagging|tagged|labels|hashtags)\b/, entities: [Tag] }],
};
