import type { PromptText } from "./text.js";

/**
 * The app's title and slug, read from how the prompt names the app
 * ("a dating coach iOS app" → "Dating Coach", dating-coach).
 */

export interface AppName {
  title: string;
  slug: string;
  /** The words it was read from, when it came from the prompt. */
  quote?: string;
}

const APP_NOUN = String.raw`(?:web ?apps?|apps?|applications?|sites?|websites?|platforms?|portals?|services?|systems?|apis?|backends?|tools?|programs?|software|solutions?|clones?|trackers?|managers?|planners?|dashboards?|builders?|organi[sz]ers?|finders?|logs?|hubs?|boards?|lists?)`;
/** App nouns that are part of the name ("Expense Tracker"); the others are dropped ("Blog app" → "Blog"). */
const KEEP_NOUN = /^(?:clones?|trackers?|managers?|planners?|dashboards?|builders?|organi[sz]ers?|finders?|logs?|hubs?|boards?|lists?)$/;

const BY_DETERMINER = new RegExp(String.raw`\b(?:a|an|the|my|our|simple|basic)\s+((?:[a-z0-9][a-z0-9.+#&'-]*\s+){0,5}?)(${APP_NOUN})\b`, "dg");
const AT_START = new RegExp(String.raw`^((?:[a-z0-9][a-z0-9.+#&'-]*\s+){0,4}?)(${APP_NOUN})\b`, "d");
const BY_VERB = /\b(?:create|build|make|generate|develop|design|code|scaffold|need|want)\s+(?:me\s+|us\s+)?(?:(?:a|an|the|my|our|some)\s+)?((?:[a-z0-9][a-z0-9.+#&'-]*[ \t]*){1,4})/dg;

/** Words that describe how an app is built or how it looks, not what it is. */
const NOT_NAME = new Set([
  "a", "an", "the", "my", "our", "me", "us", "some", "full-stack", "fullstack", "full", "stack", "simple", "basic", "small",
  "tiny", "little", "new", "modern", "responsive", "beautiful", "cool", "nice", "awesome", "complete", "production-ready",
  "ready", "web", "online", "mobile", "ios", "android", "pwa", "progressive", "native", "cross-platform", "react", "react.js",
  "next.js", "nextjs", "next", "express", "express.js", "fastapi", "nestjs", "nest", "node", "node.js", "nodejs", "python",
  "typescript", "javascript", "ts", "js", "golang", "go", "gin", "mongodb", "mongo", "postgres", "postgresql", "sql",
  "ai-powered", "powered", "crud", "rest", "restful", "graphql", "serverless", "secure", "fast", "quick", "easy", "minimal",
  "minimalist", "clean", "sleek", "slick", "lightweight", "robust", "scalable", "production", "demo", "sample", "example",
  "test", "personal", "single-page", "spa", "static", "dynamic", "interactive", "free", "open-source", "open", "source",
  "fully", "functional", "fully-functional", "working", "great", "good", "really", "very", "super", "entire", "whole",
  "and", "or", "with", "for", "of", "to", "that", "which", "using", "in", "on", "by", "api", "apis", "backend", "frontend",
  "app", "apps", "application", "website", "site", "platform", "please", "i", "we", "you", "let's", "lets", "can", "could",
  "would", "create", "build", "make", "generate", "develop", "design", "write", "code", "scaffold", "start", "need", "want",
  "is", "it", "this", "something", "anything", "stuff",
  // Common verbs and articles of other languages, so "Créer une application de blog" is not named "Creer Une".
  "creer", "cree", "faire", "fais", "une", "un", "le", "la", "les", "des", "de", "du", "crear", "crea", "hacer", "haz", "una",
  "el", "los", "las", "del", "erstelle", "erstellen", "baue", "eine", "ein", "einen", "der", "die", "das", "criar", "crie",
  "fazer", "um", "uma", "creare", "crea", "fare", "uno", "il", "lo", "gli", "maak", "een", "het",
]);

const STOP = new Set(["with", "for", "that", "which", "where", "using", "in", "on", "to", "and", "so", "who", "backed", "built", "powered", "featuring", "including", "via", "by", "where", "like", "from"]);

function titleWord(original: string): string {
  const clean = original.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/[^\p{L}\p{N}&+.'-]/gu, "");
  // Keep the user's casing ("SaaS", "CRM", "iPhone"), except shouting ("BLOG" → "Blog").
  const shouted = clean.length > 3 && clean === clean.toUpperCase() && /\p{Lu}/u.test(clean);
  if (/\p{Lu}/u.test(clean) && !shouted) return clean;
  if (shouted) return clean.charAt(0) + clean.slice(1).toLowerCase();
  return clean
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
}

/** A slug the schema accepts: a lowercase letter first, letters, digits and single hyphens, at most 40 characters. */
export function safeSlug(words: readonly string[], fallback = "my-app"): string {
  let slug = words
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  slug = slug.replace(/^[^a-z]+/, "");
  slug = slug.slice(0, 40).replace(/-+$/, "");
  return /^[a-z][a-z0-9-]*[a-z0-9]$/.test(slug) && !slug.includes("--") ? slug : fallback;
}

interface Span {
  word: string;
  index: number;
}

function spansOf(group: string, start: number): Span[] {
  return [...group.matchAll(/[a-z0-9][a-z0-9.+#&'-]*/g)].map((m) => ({ word: m[0].replace(/[.'-]+$/, ""), index: start + (m.index ?? 0) }));
}

function fromSpans(text: PromptText, spans: Span[]): AppName | undefined {
  let kept = spans.filter((s) => s.word.length > 0 && !NOT_NAME.has(s.word));
  // Keep the name's own words: drop leading and trailing filler only.
  kept = kept.slice(0, 5);
  if (kept.length === 0 || !kept.some((s) => /[a-z]/.test(s.word))) return undefined;
  const first = kept[0]!;
  const last = kept[kept.length - 1]!;
  const words = kept.map((s) => titleWord(text.quoteOf(s.index, s.index + s.word.length, 80)));
  const title = words.join(" ").slice(0, 60).trim();
  const slug = safeSlug(kept.map((s) => s.word), "");
  if (!title || !slug) return undefined;
  return { title, slug, quote: text.quoteOf(first.index, last.index + last.word.length) };
}

export function nameFromPrompt(text: PromptText): AppName | undefined {
  const source = text.text;
  const byNoun = (m: RegExpMatchArray): AppName | undefined => {
    const [groupStart] = m.indices?.[1] ?? [m.index ?? 0];
    const [nounStart] = m.indices?.[2] ?? [0];
    const noun = m[2] ?? "";
    const spans = spansOf(m[1] ?? "", groupStart);
    // "a dating coach with a chat app" is not one name.
    if (spans.some((span) => STOP.has(span.word))) return undefined;
    if (KEEP_NOUN.test(noun) && spans.length > 0) spans.push({ word: noun, index: nounStart });
    return fromSpans(text, spans);
  };
  // "a dating coach app", then "Recipe sharing platform ..." at the very start, then "build me a <name>".
  for (const m of source.matchAll(BY_DETERMINER)) {
    const name = byNoun(m);
    if (name) return name;
  }
  const start = AT_START.exec(source);
  const fromStart = start ? byNoun(start) : undefined;
  if (fromStart) return fromStart;
  for (const m of source.matchAll(BY_VERB)) {
    const [groupStart] = m.indices?.[1] ?? [m.index ?? 0];
    const spans: Span[] = [];
    for (const span of spansOf(m[1] ?? "", groupStart)) {
      if (STOP.has(span.word)) break;
      spans.push(span);
    }
    const name = fromSpans(text, spans);
    if (name) return name;
  }
  return undefined;
}
