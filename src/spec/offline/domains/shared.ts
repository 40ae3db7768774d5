import { choice, datetime, int, optional, str, text } from "./fields.js";
import type { EntityDef } from "./types.js";

/**
 * Entities several domains share. Their links name every possible subject;
 * only the ones whose target is in the app become relations.
 */

export const Tag: EntityDef = {
  name: "Tag",
  description: "A label that groups content.",
  fields: [str("name", 40, { unique: true, searchable: true })],
  access: "community",
  links: [
    { kind: "manyToMany", name: "posts", target: "Post", inverse: "tags" },
    { kind: "manyToMany", name: "notes", target: "Note", inverse: "tags" },
    { kind: "manyToMany", name: "bookmarks", target: "Bookmark", inverse: "tags" },
    { kind: "manyToMany", name: "recipes", target: "Recipe", inverse: "tags" },
    { kind: "manyToMany", name: "photos", target: "Photo", inverse: "tags" },
    { kind: "manyToMany", name: "threads", target: "Thread", inverse: "tags" },
    { kind: "manyToMany", name: "tasks", target: "Task", inverse: "tags" },
    { kind: "manyToMany", name: "articles", target: "Article", inverse: "tags" },
  ],
  aliases: ["tags", "tag", "labels", "hashtags"],
};

export const Comment: EntityDef = {
  name: "Comment",
  description: "A reader's comment.",
  fields: [text("body", { maxLength: 5000 })],
  owner: { name: "author", inverse: "comments" },
  access: "public",
  links: [
    { kind: "belongsTo", name: "post", target: "Post", inverse: "comments", group: "subject" },
    { kind: "belongsTo", name: "photo", target: "Photo", inverse: "comments", group: "subject" },
    { kind: "belongsTo", name: "recipe", target: "Recipe", inverse: "comments", group: "subject" },
    { kind: "belongsTo", name: "article", target: "Article", inverse: "comments", group: "subject" },
  ],
  aliases: ["comments", "comment"],
};

export const Review: EntityDef = {
  name: "Review",
  description: "A rating with an optional written review.",
  fields: [int("rating", { min: 1, max: 5 }), optional(text("body", { maxLength: 5000, searchable: true }))],
  owner: { name: "author", inverse: "reviews" },
  access: "public",
  links: [
    { kind: "belongsTo", name: "product", target: "Product", inverse: "reviews", group: "subject" },
    { kind: "belongsTo", name: "movie", target: "Movie", inverse: "reviews", group: "subject" },
    { kind: "belongsTo", name: "book", target: "Book", inverse: "reviews", group: "subject" },
    { kind: "belongsTo", name: "recipe", target: "Recipe", inverse: "reviews", group: "subject" },
    { kind: "belongsTo", name: "course", target: "Course", inverse: "reviews", group: "subject" },
  ],
  aliases: ["reviews", "review", "ratings", "rating"],
};

export const Category: EntityDef = {
  name: "Category",
  description: "A category that groups records.",
  fields: [str("name", 80, { unique: true, searchable: true })],
  access: "catalog",
  aliases: ["categories", "category"],
};

export const Subscription: EntityDef = {
  name: "Subscription",
  description: "A paid plan, kept in sync with Stripe.",
  fields: [
    choice("plan", ["free", "pro", "premium"], "free"),
    choice("status", ["trialing", "active", "past_due", "canceled"], "active"),
    optional(datetime("currentPeriodEnd")),
    optional(str("stripeCustomerId", 255, { private: true })),
    optional(str("stripeSubscriptionId", 255, { private: true })),
  ],
  owner: { name: "owner", inverse: "subscriptions" },
  access: "private",
  links: [{ kind: "belongsTo", name: "workspace", target: "Workspace", inverse: "subscriptions" }],
  aliases: ["subscriptions", "subscription"],
};
