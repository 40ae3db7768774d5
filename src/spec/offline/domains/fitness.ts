import { date, float, int, optional, searchable, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Workout: EntityDef = {
  name: "Workout",
  description: "A training session.",
  fields: [searchable("title", 120), date("performedOn"), optional(int("durationMinutes", { min: 1, max: 1440 })), optional(text("notes", { maxLength: 2000 }))],
  owner: { name: "owner", inverse: "workouts" },
  access: "private",
  aliases: ["workouts", "workout", "training sessions", "runs"],
};

export const Exercise: EntityDef = {
  name: "Exercise",
  description: "One exercise in a workout, with sets, reps and weight.",
  fields: [searchable("name", 120), optional(int("sets", { min: 1 })), optional(int("reps", { min: 1 })), optional(float("weightKg", { min: 0 }))],
  owner: { name: "owner", inverse: "exercises" },
  access: "private",
  links: [{ kind: "belongsTo", name: "workout", target: "Workout", inverse: "exercises" }],
  aliases: ["exercises", "exercise", "lifts", "sets"],
};

export const fitness: DomainDef = {
  id: "fitness",
  title: "Fitness",
  triggers: [/\bfitness\b/, /\bworkouts?\b/, /\bgym\b/, /\bexercises?\b/, /\btraining (?:log|tracker|plans?|journal)\b/, /\bweight ?lifting\b/, /\b(?:running|lifting) (?:log|tracker)\b/],
  entities: [Workout, Exercise],
};
