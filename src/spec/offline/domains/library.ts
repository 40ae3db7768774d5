import { date, int, optional, searchable, str, text } from "./fields.js";
import { Review } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Book: EntityDef = {
  name: "Book",
  description: "A book in the catalog.",
  fields: [searchable("title"), searchable("authorName", 160), optional(str("isbn", 20, { unique: true })), optional(int("publishedYear", { min: 0, max: 3000 })), optional(text("summary"))],
  access: "catalog",
  aliases: ["books", "book", "novels"],
};

export const Loan: EntityDef = {
  name: "Loan",
  description: "A book lent to a member.",
  fields: [date("borrowedOn"), date("dueOn"), optional(date("returnedOn"))],
  owner: { name: "borrower", inverse: "loans" },
  access: "private",
  links: [{ kind: "belongsTo", name: "book", target: "Book", inverse: "loans", onDelete: "restrict" }],
  aliases: ["loans", "loan", "checkouts", "borrowings"],
};

export const library: DomainDef = {
  id: "library",
  title: "Library",
  triggers: [
    /\b(?:book|books|reading) (?:clubs?|lists?|trackers?|catalog(?:ue)?s?|collections?|apps?|lending|library|reviews?|ratings?)\b/,
    /\blibrary (?:app|system|management|catalog(?:ue)?|website)\b/,
    /\b(?:public|school|lending|book|personal|local|community) library\b/,
    /\bbooks\b/,
    /\bgoodreads clone\b/,
  ],
  entities: [Book, Loan],
  extras: [{ when: /\b(?:reviews?|ratings?)\b/, entities: [Review] }],
};
