import { choice, date, int, optional, searchable, str } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Habit: EntityDef = {
  name: "Habit",
  description: "A habit to keep, with how often.",
  fields: [searchable("name", 120), choice("frequency", ["daily", "weekly"], "daily"), int("targetPerPeriod", { min: 1, max: 100, default: 1 })],
  owner: { name: "owner", inverse: "habits" },
  access: "private",
  aliases: ["habits", "habit", "routines", "goals"],
};

export const CheckIn: EntityDef = {
  name: "CheckIn",
  description: "A day the habit was done.",
  fields: [date("doneOn"), optional(str("note", 280))],
  owner: { name: "owner", inverse: "checkIns" },
  access: "private",
  links: [{ kind: "belongsTo", name: "habit", target: "Habit", inverse: "checkIns" }],
  aliases: ["check-ins", "check ins", "checkins", "streaks", "completions"],
};

export const habits: DomainDef = {
  id: "habits",
  title: "Habit Tracker",
  triggers: [/\bhabits?\b(?:\s+(?:tracker|tracking|app))?/, /\bstreaks?\b/, /\bdaily routines?\b/],
  entities: [Habit, CheckIn],
};
