import { choice, datetime, int, optional, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Event: EntityDef = {
  name: "Event",
  description: "Something happening at a time and place.",
  fields: [
    searchable("title"),
    optional(text("description", { searchable: true })),
    datetime("startsAt"),
    optional(datetime("endsAt")),
    optional(str("location", 200)),
    optional(int("capacity", { min: 1 })),
  ],
  owner: { name: "organizer", inverse: "organizedEvents" },
  access: "public",
  aliases: ["events", "event", "meetups", "meetup", "conferences", "gatherings"],
};

export const Registration: EntityDef = {
  name: "Registration",
  description: "A person's RSVP to an event.",
  fields: [choice("status", ["going", "maybe", "not_going"], "going")],
  owner: { name: "attendee", inverse: "registrations" },
  access: "private",
  links: [{ kind: "belongsTo", name: "event", target: "Event", inverse: "registrations" }],
  aliases: ["registrations", "registration", "rsvps", "rsvp", "attendees"],
};

export const events: DomainDef = {
  id: "events",
  title: "Events",
  triggers: [
    /\bevents? (?:app|platform|management|manager|planner|planning|listings?|calendar|site|website|ticketing|organi[sz]er)\b/,
    /\bmeetups?\b/,
    /\bconferences?\b/,
    /\b(?:event|concert|festival) ticket(?:s|ing)\b/,
    /\brsvps?\b/,
    /\beventbrite clone\b/,
  ],
  entities: [Event, Registration],
};
