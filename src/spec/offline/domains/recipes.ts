import { int, optional, searchable, str, text } from "./fields.js";
import { Comment, Review, Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Recipe: EntityDef = {
  name: "Recipe",
  description: "A recipe with its method.",
  fields: [
    searchable("title"),
    optional(text("description", { searchable: true })),
    text("instructions"),
    optional(int("prepMinutes", { min: 0 })),
    optional(int("servings", { min: 1 })),
  ],
  owner: { name: "author", inverse: "recipes" },
  access: "public",
  aliases: ["recipes", "recipe", "dishes", "meals"],
};

export const Ingredient: EntityDef = {
  name: "Ingredient",
  description: "One ingredient of a recipe, with its amount.",
  fields: [searchable("name", 120), optional(str("quantity", 60))],
  owner: { name: "author", inverse: "ingredients" },
  access: "public",
  links: [{ kind: "belongsTo", name: "recipe", target: "Recipe", inverse: "ingredients" }],
  aliases: ["ingredients", "ingredient"],
};

export const recipes: DomainDef = {
  id: "recipes",
  title: "Recipes",
  triggers: [/\brecipes?\b/, /\bcooking\b/, /\bcookbooks?\b/, /\bmeal (?:planner|planning|plans?|prep)\b/],
  entities: [Recipe, Ingredient],
  extras: [
    { when: /\b(?:reviews?|ratings?)\b/, entities: [Review] },
    { when: /\bcomments?\b/, entities: [Comment] },
    { when: /\b(?:tags?|labels)\b/, entities: [Tag] },
  ],
};
