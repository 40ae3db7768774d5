import { optional, text, url } from "./fields.js";
import { Comment } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const SocialPost: EntityDef = {
  name: "Post",
  description: "A short post in the feed.",
  fields: [text("body", { maxLength: 2000, searchable: true }), optional(url("imageUrl"))],
  owner: { name: "author", inverse: "posts" },
  access: "public",
  aliases: ["posts", "post", "tweets"],
};

export const Follow: EntityDef = {
  name: "Follow",
  description: "One user following another.",
  fields: [],
  owner: { name: "follower", inverse: "following" },
  access: "public",
  links: [{ kind: "belongsTo", name: "followee", target: "User", inverse: "followers" }],
  aliases: ["follows", "followers", "following"],
};

export const social: DomainDef = {
  id: "social",
  title: "Social",
  triggers: [/\bsocial (?:network|networking|media|app|feed|platform)\b/, /\b(?:twitter|x|mastodon|threads|facebook|bluesky) clone\b/, /\bnews ?feed\b/, /\bfollowers\b/],
  entities: [SocialPost, Comment, Follow],
};
