import { choice, datetime, int, money, optional, searchable, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Offering: EntityDef = {
  name: "Offering",
  description: "A service that can be booked, with its length and price.",
  fields: [
    searchable("name", 120),
    optional(text("description")),
    int("durationMinutes", { min: 5, max: 1440, default: 60 }),
    optional(money("price")),
  ],
  access: "catalog",
  aliases: ["offerings", "offering", "treatments", "bookable services"],
};

export const Appointment: EntityDef = {
  name: "Appointment",
  description: "A booked time slot.",
  fields: [
    datetime("startsAt"),
    optional(datetime("endsAt")),
    choice("status", ["requested", "confirmed", "cancelled", "completed"], "requested"),
    optional(text("notes", { maxLength: 2000 })),
  ],
  owner: { name: "client", inverse: "appointments" },
  access: "private",
  links: [{ kind: "belongsTo", name: "offering", target: "Offering", inverse: "appointments", onDelete: "restrict" }],
  aliases: ["appointments", "appointment", "bookings", "booking", "reservations", "reservation", "slots"],
};

export const booking: DomainDef = {
  id: "booking",
  title: "Booking",
  triggers: [
    /\bbookings?\b/,
    /\bappointments?\b/,
    /\breservations?\b/,
    /\bscheduling\b/,
    /\bbook (?:an? )?(?:appointment|session|table|class|slot|lesson|consultation)s?\b/,
    /\b(?:salon|barber|clinic|spa|dentist|tutoring) (?:app|booking|site)\b/,
    /\bcalendly clone\b/,
  ],
  entities: [Offering, Appointment],
};
