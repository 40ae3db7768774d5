import { int, optional, datetime, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Poll: EntityDef = {
  name: "Poll",
  description: "A question people vote on.",
  fields: [searchable("question", 300), optional(text("description")), optional(datetime("closesAt"))],
  owner: { name: "creator", inverse: "polls" },
  access: "public",
  aliases: ["polls", "poll", "surveys", "survey", "questionnaires"],
};

export const PollOption: EntityDef = {
  name: "PollOption",
  description: "One answer a voter can pick.",
  fields: [str("label", 200), int("position", { min: 0, default: 0 })],
  owner: { name: "creator", inverse: "pollOptions" },
  access: "public",
  links: [{ kind: "belongsTo", name: "poll", target: "Poll", inverse: "options" }],
  aliases: ["poll options", "poll choices", "answer options"],
};

export const Vote: EntityDef = {
  name: "Vote",
  description: "One person's choice in a poll.",
  fields: [optional(str("comment", 280))],
  owner: { name: "voter", inverse: "votes" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "option", target: "PollOption", inverse: "votes" }],
  aliases: ["votes", "vote", "responses"],
};

export const polls: DomainDef = {
  id: "polls",
  title: "Polls",
  triggers: [/\bpolls?\b/, /\bpolling\b/, /\bsurveys?\b/, /\bvot(?:e|es|ing) (?:app|system|platform|site)\b/, /\bquestionnaires?\b/, /\b(?:strawpoll|typeform|surveymonkey) clone\b/],
  entities: [Poll, PollOption, Vote],
};
