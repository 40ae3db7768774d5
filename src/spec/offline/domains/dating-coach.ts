import { bool, choice, optional, searchable, str, text } from "./fields.js";
import { Subscription } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

/** The seed's example app: a content library of advice, AI coaching chats, paid plans. */

export const Article: EntityDef = {
  name: "Article",
  description: "Dating advice in the content library.",
  fields: [
    searchable("title"),
    optional(str("summary", 500, { searchable: true })),
    text("body", { searchable: true }),
    choice("category", ["first_dates", "texting", "confidence", "communication", "relationships", "breakups"], "first_dates"),
    bool("premium", false),
    bool("published", true),
  ],
  access: "catalog",
  aliases: ["articles", "article", "advice", "guides", "tips", "content"],
};

export const CoachConversation: EntityDef = {
  name: "Conversation",
  description: "A coaching chat with the AI coach.",
  fields: [searchable("title", 120)],
  owner: { name: "owner", inverse: "conversations" },
  access: "private",
  aliases: ["conversations", "conversation", "chats", "coaching sessions"],
};

export const CoachMessage: EntityDef = {
  name: "Message",
  description: "One message of a coaching chat, from the user or the AI coach.",
  fields: [choice("role", ["user", "assistant"], "user"), text("content", { maxLength: 20000 })],
  owner: { name: "owner", inverse: "messages" },
  access: "private",
  links: [{ kind: "belongsTo", name: "conversation", target: "Conversation", inverse: "messages" }],
  aliases: ["messages", "message"],
};

export const datingCoach: DomainDef = {
  id: "dating-coach",
  title: "Dating Coach",
  triggers: [
    /\bdating (?:coach(?:es|ing)?|advice|tips|assistant|mentor|advisor|guide)\b/,
    /\b(?:relationship|love|romance|flirting) (?:coach(?:es|ing)?|advice|advisor)\b/,
    /\bwingman\b/,
  ],
  entities: [Article, CoachConversation, CoachMessage, Subscription],
};
