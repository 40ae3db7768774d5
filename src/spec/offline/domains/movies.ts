import { int, optional, searchable, str, text } from "./fields.js";
import { Review } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Movie: EntityDef = {
  name: "Movie",
  description: "A film in the catalog.",
  fields: [searchable("title"), optional(text("synopsis", { searchable: true })), optional(int("releaseYear", { min: 1880, max: 3000 })), optional(str("genre", 60))],
  access: "catalog",
  aliases: ["movies", "movie", "films", "film", "shows"],
};

export const movies: DomainDef = {
  id: "movies",
  title: "Movie Reviews",
  triggers: [/\bmovies?\b/, /\bfilms?\b/, /\bwatch ?lists?\b/, /\bcinema\b/, /\btv (?:shows?|series)\b/, /\b(?:imdb|letterboxd) clone\b/],
  entities: [Movie, Review],
};
