import { pluralName, pascalCase, camelCase, snakeCase } from "../naming.js";
import { reservedIn, SQL_RESERVED, TYPE_NAME_RESERVED } from "../reserved-words.js";
import type { EntityDef } from "./domains/index.js";
import { optional, searchable, text } from "./domains/fields.js";
import { looksLikePluralNoun, NOT_ENTITY, type NounHit } from "./nouns.js";
import pluralize from "pluralize";

/**
 * Nouns named in the prompt → entity definitions: a known entity when the noun
 * names one ("reviews" → Review), otherwise a small generic entity.
 */

export interface ResolvedNoun {
  def: EntityDef;
  quote: string;
  /** True when the entity was made up from the noun rather than taken from a domain. */
  generic: boolean;
}

/** Modifiers that do not change what a known noun means ("customer reviews" are reviews). */
const QUALIFIERS = new Set(["customer", "product", "movie", "book", "recipe", "course", "blog", "user", "team", "client", "member", "reader", "student", "guest", "chat", "photo", "dating", "expense", "job", "event", "property", "forum", "community", "support"]);

/** Names a generated app already uses for itself; an entity may not take them. */
const APP_NAMES = new Set(["App", "Auth", "Config", "Database", "Db", "Health", "Session", "Token", "Api", "Server", "Client", "Query", "Schema", "Index", "Main", "Page", "Layout", "Component", "Settings", "Setting", "Router", "Route", "Middleware", "Migration", "Seed", "Test", "Env", "User", "Role", "Password", "Admin", "Me", "Util", "Utils", "Type", "Types", "Store"]);

/** Head nouns whose records are best labelled with a title rather than a name. */
const TITLED = new Set(["posts", "articles", "stories", "notes", "tasks", "documents", "docs", "pages", "videos", "episodes", "podcasts", "songs", "tracks", "essays", "chapters", "issues", "tickets", "bugs", "ideas", "questions", "announcements", "reports", "goals", "todos", "listings", "topics", "poems", "quotes", "jokes", "lists", "projects", "campaigns", "proposals", "milestones", "sprints", "stories", "films", "albums", "tutorials", "guides", "entries", "memos", "letters", "snippets"]);

/** A PascalCase entity name that every target and the generated app accept, or undefined. */
export function safeEntityName(candidate: string): string | undefined {
  for (const name of [candidate, `${candidate}Item`]) {
    if (!/^[A-Z][a-zA-Z0-9]{1,39}$/.test(name)) continue;
    if (TYPE_NAME_RESERVED.has(name) || APP_NAMES.has(name)) continue;
    const plural = pluralName(name);
    if (plural === name && name.endsWith("Item")) continue;
    const unsafe = [camelCase(name), camelCase(plural), snakeCase(name)].some((w) => reservedIn(w).length > 0);
    if (unsafe || SQL_RESERVED.has(snakeCase(plural))) continue;
    return name;
  }
  return undefined;
}

export function genericEntity(words: string[], personal: boolean): EntityDef | undefined {
  const head = words[words.length - 1] ?? "";
  const singular = [...words.slice(0, -1), pluralize.singular(head)];
  const name = safeEntityName(pascalCase(singular.join(" ")));
  if (!name) return undefined;
  const label = TITLED.has(head) ? "title" : "name";
  return {
    name,
    description: `${singular.join(" ")} records, named in the prompt.`,
    fields: [searchable(label, 200), optional(text("description", { maxLength: 5000 }))],
    owner: { name: "owner", inverse: camelCase(pluralName(name)) },
    access: personal ? "private" : "public",
    aliases: [words.join(" ")],
  };
}

/**
 * `selected`: names of entities the matched domains already give; a noun that
 * names one of them is already covered.
 */
export function resolveNouns(hits: readonly NounHit[], byNoun: ReadonlyMap<string, EntityDef>, selected: ReadonlySet<string>): ResolvedNoun[] {
  const out: ResolvedNoun[] = [];
  for (const hit of hits) {
    const phrase = hit.words.join(" ");
    const compound = byNoun.get(phrase);
    if (compound) {
      out.push({ def: compound, quote: hit.quote, generic: false });
      continue;
    }
    const headDef = byNoun.get(hit.head);
    if (headDef) {
      const modifierIsNoise = hit.modifier === undefined || QUALIFIERS.has(hit.modifier) || byNoun.has(hit.modifier) || byNoun.has(pluralize.plural(hit.modifier));
      if (modifierIsNoise || selected.has(headDef.name)) {
        out.push({ def: headDef, quote: hit.quote, generic: false });
        continue;
      }
    }
    if (NOT_ENTITY.has(hit.head) || !looksLikePluralNoun(hit.head)) continue;
    if (hit.head === "users" || hit.head === "accounts") continue;
    const def = genericEntity(hit.words, hit.personal);
    if (def) out.push({ def, quote: hit.quote, generic: true });
  }
  return out;
}
