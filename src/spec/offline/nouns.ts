import pluralize from "pluralize";
import type { PromptText } from "./text.js";

/**
 * Explicit nouns: the things a prompt lists ("with products and reviews",
 * "track invoices", "a list of books"). Only nouns in a list after such a
 * lead-in are read, and only ones that look like plural nouns (or are known
 * entity names), so stack and feature words and filler never become tables.
 */

export interface NounHit {
  /** Lowercase words as written, modifier first: ["order", "items"]. */
  words: string[];
  /** The head noun (last word) as written. */
  head: string;
  /** A preceding word that may form a compound ("line" in "line items"). */
  modifier?: string;
  quote: string;
  index: number;
  /** The lead-in was about keeping one's own records ("track", "log", "my"). */
  personal: boolean;
}

const LEAD_IN = String.raw`\b(?:with|including|include|includes|featuring|having|track|tracks|tracking|keep track of|keeps track of|keeping track of|manage|manages|managing|organi[sz]e|organi[sz]es|organi[sz]ing|store|stores|storing|log|logs|logging|catalog|catalogue|cataloging|browse|browsing|collect|collecting|save|saves|saving|share|shares|sharing|post|posting|add|adding|record|recording|list of|lists of|collection of|directory of|database of|crud for|crud of|entities|models|resources|for)\s+`;
const PERSONAL_LEAD = /^(?:track|tracks|tracking|keep track of|keeps track of|keeping track of|log|logs|logging|record|recording|organi[sz]e|organi[sz]es|organi[sz]ing|save|saves|saving|store|stores|storing)\b/;

/** Words that end a list: a new clause starts. */
const BREAK = new Set([
  "that", "which", "who", "whom", "whose", "where", "when", "while", "so", "using", "use", "uses", "built", "build", "via", "in",
  "on", "to", "from", "by", "into", "onto", "backed", "powered", "deployed", "written", "within", "per", "as", "than", "like",
  "with", "for", "is", "are", "was", "be", "can", "should", "must", "will", "would", "could", "may", "might", "let", "lets",
  "allow", "allows", "then", "but", "if", "because", "at", "about", "under", "over", "through", "across", "without", "except",
  "including", "also", "too", "etc", "i", "we", "you", "they", "it", "he", "she", "do", "does", "did", "have", "has",
]);

/** Leading words dropped from a list item. */
const DROP = new Set([
  "a", "an", "the", "some", "any", "all", "my", "your", "their", "our", "his", "her", "its", "multiple", "many", "several",
  "various", "different", "more", "other", "each", "every", "own", "simple", "basic", "custom", "new", "old", "daily", "weekly",
  "monthly", "yearly", "annual", "personal", "private", "public", "shared", "favorite", "favourite", "favorites", "recent",
  "upcoming", "past", "user", "users", "nested", "unlimited", "optional", "important", "main", "key", "top", "best", "real",
  "full", "rich", "live", "online", "digital", "cool", "nice", "good", "great", "beautiful", "smart", "quick", "easy", "fun",
  "free", "premium", "paid", "social", "related", "relevant", "useful", "detailed", "short", "long", "big", "small", "large",
  "little", "few", "one", "two", "three", "four", "five", "ten", "lots", "lot", "of", "plenty", "tons", "bunch", "list",
  "lists", "manage", "managing", "create", "creating", "edit", "editing", "delete", "deleting", "view", "viewing", "add",
  "adding", "track", "tracking", "basic", "crud", "just", "only", "even", "also", "both", "either", "very", "really", "fully",
  "completely", "automatic", "automated", "unique", "current", "previous", "next", "latest", "popular", "trending", "featured",
  "draft", "published", "active", "archived", "pending", "open", "closed", "completed", "done", "local", "global", "internal",
  "external", "modern", "responsive", "secure", "fast", "dark", "light", "and", "or",
]);

/** Head nouns that never become entities: platform words, features, filler. */
export const NOT_ENTITY = new Set([
  "users", "people", "persons", "folks", "friends", "others", "everyone", "anyone", "members", "admins", "administrators",
  "visitors", "guests", "apis", "endpoints", "routes", "pages", "screens", "views", "components", "features", "settings",
  "preferences", "permissions", "roles", "notifications", "emails", "payments", "uploads", "files", "images", "pictures",
  "attachments", "avatars", "videos", "photos", "pics", "screenshots", "thumbnails", "tokens", "sessions", "logins", "accounts", "passwords", "credentials", "keys",
  "secrets", "webhooks", "integrations", "tests", "docs", "dependencies", "migrations", "tables", "databases", "models",
  "schemas", "services", "microservices", "apps", "applications", "websites", "sites", "things", "stuff", "data", "details",
  "info", "information", "ideas", "tools", "functions", "methods", "actions", "updates", "changes", "results", "errors",
  "analytics", "stats", "statistics", "metrics", "charts", "graphs", "dashboards", "filters", "filtering", "sorting",
  "searches", "kinds", "types", "sorts", "ways", "steps", "times", "days", "weeks", "months", "years", "hours", "minutes",
  "seconds", "dates", "colors", "colours", "themes", "modes", "languages", "levels", "numbers", "values", "fields",
  "columns", "rows", "records", "entries", "its", "yes", "this", "is", "was", "has", "does", "always", "perhaps",
  "sometimes", "across", "less", "unless", "plus", "thus", "besides", "towards", "afterwards", "whereas", "nevertheless",
  "lets", "helps", "allows", "enables", "supports", "includes", "uses", "makes", "gives", "shows", "takes", "needs",
  "works", "runs", "looks", "gets", "keeps", "tracks", "manages", "stores", "sends", "creates", "provides", "offers",
  "contains", "displays", "requires", "wants", "goes", "means", "options", "choices", "clicks", "likes", "views", "hits",
  "frontends", "backends", "servers", "clients", "websockets", "sockets", "embeddings", "vectors", "subscriptions",
  "credits", "cookies", "headers", "requests", "responses", "queries", "mutations", "jobs", "queues", "workers", "events",
  "logs", "comments", "reviews", "messages", "chats", "insights", "suggestions", "recommendations", "reminders", "alerts",
  "emojis", "reactions", "animations", "transitions", "styles", "layouts", "icons", "fonts", "buttons", "forms", "inputs",
  "modals", "tabs", "menus", "links", "urls",
]);

/** Nouns the generic path may use even though they look singular (known entity words are looked up separately). */
const IRREGULAR_PLURALS = new Set(["people", "children", "men", "women", "mice", "geese", "teeth", "feet", "criteria", "media", "alumni", "cacti", "fungi"]);

const WORD = /^[a-z][a-z'-]{1,30}$/;

export function looksLikePluralNoun(word: string): boolean {
  if (!/^[a-z]{3,24}$/.test(word)) return false;
  if (IRREGULAR_PLURALS.has(word)) return true;
  return word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is") && pluralize.isPlural(word) && !pluralize.isSingular(word);
}

export function extractNouns(text: PromptText, isKnownNoun: (phrase: string) => boolean): NounHit[] {
  const hits: NounHit[] = [];
  const seen = new Set<string>();
  for (const lead of text.findAll(new RegExp(LEAD_IN))) {
    if (text.isNegated(lead)) continue;
    const personal = PERSONAL_LEAD.test(lead.text);
    // The list runs to the end of the clause.
    const rest = text.text.slice(lead.end, lead.end + 400);
    const clause = /^[^.;:!?()\[\]{}<>"\n]*/.exec(rest)?.[0] ?? "";
    const tokens: { word: string; index: number }[] = [];
    for (const t of clause.matchAll(/[a-z0-9][a-z0-9'&+.-]*|,|(?<=\s|^)[-*\u2022](?=\s)/g)) {
      const raw = t[0].replace(/[.'-]+$/, "").replace(/'s$/, "");
      tokens.push({ word: raw, index: lead.end + (t.index ?? 0) });
    }
    let item: { word: string; index: number }[] = [];
    const items: { word: string; index: number }[][] = [];
    for (const tok of tokens.slice(0, 24)) {
      if (tok.word === "" || tok.word === "*" || tok.word === "\u2022" || tok.word === "," || tok.word === "and" || tok.word === "or" || tok.word === "&" || tok.word === "/" || tok.word === "+" || tok.word === "plus" || tok.word === "nor") {
        items.push(item);
        item = [];
        continue;
      }
      if (BREAK.has(tok.word)) break;
      item.push(tok);
    }
    items.push(item);
    for (const raw of items) {
      let words = raw.filter((w) => w.word.length > 0);
      while (words.length > 0 && DROP.has(words[0]!.word)) words = words.slice(1);
      const headTok = words[words.length - 1];
      if (!headTok || words.length > 3) continue;
      const head = headTok.word;
      const modifierTok = words.length >= 2 ? words[words.length - 2] : undefined;
      const modifier = modifierTok && WORD.test(modifierTok.word) && !DROP.has(modifierTok.word) ? modifierTok.word : undefined;
      const phrase = modifier ? `${modifier} ${head}` : head;
      const known = isKnownNoun(phrase) || isKnownNoun(head);
      if (!known && (NOT_ENTITY.has(head) || !looksLikePluralNoun(head))) continue;
      if (!known && modifier && NOT_ENTITY.has(`${modifier}s`)) continue;
      const start = (modifier ? modifierTok! : headTok).index;
      const end = headTok.index + head.length;
      const key = phrase;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({
        words: modifier ? [modifier, head] : [head],
        head,
        ...(modifier ? { modifier } : {}),
        quote: text.quoteOf(start, end),
        index: start,
        personal: personal || raw.some((w) => w.word === "my" || w.word === "our"),
      });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}
