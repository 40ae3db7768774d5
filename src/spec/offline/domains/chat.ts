import { optional, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Conversation: EntityDef = {
  name: "Conversation",
  description: "A chat room or direct conversation.",
  fields: [searchable("title", 120), optional(str("topic", 200))],
  owner: { name: "creator", inverse: "conversations" },
  access: "shared",
  aliases: ["conversations", "conversation", "chat rooms", "chat room", "chats"],
};

export const Message: EntityDef = {
  name: "Message",
  description: "A chat message, delivered live to the conversation.",
  fields: [text("body", { maxLength: 4000, searchable: true })],
  owner: { name: "sender", inverse: "messages" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "conversation", target: "Conversation", inverse: "messages" }],
  aliases: ["messages", "message", "direct messages", "dms"],
};

/** People chatting with each other (AI chat is a feature, not this domain). */
export const chat: DomainDef = {
  id: "chat",
  title: "Chat",
  triggers: [
    /(?<!\bai[ -])(?<!\bai-powered )\bchat (?:app|application|apps|rooms?|channels?|platform|service|server|system|website|site|messages?|messaging)\b/,
    /\b(?:group|team|live|real[ -]?time|realtime|instant|private|direct|in-app|community|video) chats?\b/,
    /\bchat(?:ting)? (?:with|between) (?:each other|friends|other users|others|one another|people|matches|members|users|teammates|colleagues)\b/,
    /\bmessag(?:ing|enger)\b(?:\s+(?:app|platform))?/,
    /\bdirect messages?\b/,
    /\bdms\b/,
    /\b(?:slack|discord|whatsapp|telegram|messenger|irc) clone\b/,
  ],
  entities: [Conversation, Message],
  absorbs: ["channels", "channel", "rooms", "room", "groups", "threads", "dms"],
  implies: [{ feature: "realtime", because: "chat messages are delivered live over WebSockets" }],
};
