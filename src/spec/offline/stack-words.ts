import type { Backend, Database, Frontend } from "../app-spec.js";
import type { Match, PromptText } from "./text.js";

/**
 * Stack words: which backend, database, cache and frontend the prompt names,
 * and whether it wants a PWA. Each hint keeps the words it was read from.
 */

export interface Hint<T> {
  value: T;
  quote: string;
  index: number;
  /** Read from a technology we do not generate; `substitutions` explains the stand-in. */
  substitute?: boolean;
}

export interface StackHints {
  backend?: Hint<Backend>;
  database?: Hint<Database>;
  /** `null` when the prompt explicitly declines a cache ("without Redis"). */
  cache?: Hint<"redis" | null>;
  frontend?: Hint<Frontend>;
  pwa?: Hint<boolean>;
  /** Technologies named that Stackwright does not generate, and what it uses instead. */
  substitutions: string[];
}

interface Rule<T> {
  value: T;
  patterns: RegExp[];
  /** Set for technologies we do not support: the sentence explaining the substitute. */
  substitute?: (quote: string) => string;
}

const TAIL = String.raw`(?:\s+(?:backend|back-end|back end|server|api|framework|frontend|front-end|front end|ui|client|app|database|db))?`;

export const BACKEND_RULES: Rule<Backend>[] = [
  {
    value: "nestjs",
    patterns: [
      new RegExp(String.raw`\bnest(?:\.?js| js)\b${TAIL}`),
      /\bnest\s+(?:backend|back-end|api|server|framework)\b/,
      /(?<=\b(?:with|using|in|on)\s)nest\b(?!\s+(?:of|egg|box|cam|thermostat)s?\b)/,
    ],
  },
  {
    value: "fastapi",
    patterns: [
      new RegExp(String.raw`\bfast ?api\b${TAIL}`),
      new RegExp(String.raw`\bpython\b${TAIL}`),
    ],
  },
  {
    value: "gin",
    patterns: [
      /\bgolang\b(?:\s+(?:backend|back-end|api|server))?/,
      /\bgo\s*(?:\/|\+|\(|with)?\s*gin\b/,
      /\bgin\s+(?:backend|back-end|api|server|framework)\b/,
      /(?<=\b(?:with|using|in|on)\s)gin\b(?!\s+(?:and|&|tonic|cocktails?|drinks?|bottles?)\b)/,
      /\bgo\s+(?:backend|back-end|back end|api|server|service|language|lang)\b/,
      /(?<=\b(?:with|using|in)\s)go\b(?=\s*(?:$|[,.;:!?)]|and\b|as\b|for\b|with\b))/,
    ],
  },
  {
    value: "express",
    patterns: [
      new RegExp(String.raw`\bexpress(?:\.?js| js)?\b(?!\s+(?:your|yourself|themselves|their|my|myself|our|his|her|feelings|emotions|gratitude|interest|delivery|shipping|checkout|lane)\b)${TAIL}`),
      new RegExp(String.raw`\bnode(?:\.?js| js)\b${TAIL}`),
      /\bnode\s+(?:backend|back-end|back end|server|api)\b/,
      /(?<=\b(?:with|using|in|on)\s)node\b(?!\s+(?:graph|tree|editor)s?\b)/,
    ],
  },
  // Not generated: the closest supported backend, said so in `assumed`.
  { value: "fastapi", patterns: [/\b(?:django|flask)\b/], substitute: (q) => `backend FastAPI instead of "${q}" (the Python backend Stackwright generates)` },
  { value: "express", patterns: [/\b(?:ruby on rails|rails|laravel|php|spring boot|spring|java|kotlin|\.net|asp\.net|c#|deno|bun|hono|koa)\b(?:\s+(?:backend|back-end|api|server))?/], substitute: (q) => `backend Express instead of "${q}" (not generated; Express is the default)` },
];

export const DATABASE_RULES: Rule<Database>[] = [
  {
    value: "mongodb",
    patterns: [/\bmongo(?:db)?\b(?:\s+(?:atlas|database|db))?/, /\bmongoose\b/, /\bno-?sql\b(?:\s+(?:database|db))?/, /\bdocument (?:database|db|store)\b/],
  },
  {
    value: "postgres",
    patterns: [
      /\bpostgre(?:s|sql)\b(?:\s+(?:database|db))?/,
      /\bpsql\b/,
      /\b(?:sql|relational) (?:database|db|store|storage)\b/,
      /\bsupabase\b/,
      /\bneon\b(?:\s+(?:postgres|database|db))/,
    ],
  },
  {
    value: "postgres",
    patterns: [/\b(?:mysql|mariadb|sqlite|sql server|mssql|oracle db|cockroachdb|planetscale)\b/],
    substitute: (q) => `database PostgreSQL instead of "${q}" (Stackwright generates PostgreSQL or MongoDB)`,
  },
  {
    value: "mongodb",
    patterns: [/\b(?:firebase|firestore|dynamodb|couchdb|cosmos ?db)\b/],
    substitute: (q) => `database MongoDB instead of "${q}" (the document database Stackwright generates)`,
  },
];

export const FRONTEND_RULES: Rule<Frontend>[] = [
  {
    value: "none",
    patterns: [
      /\b(?:no|without(?: an?| any)?) (?:frontend|front-end|front end|ui|user interface|client|web ui)\b/,
      /\b(?:api|backend|back-end|server)[ -]only\b/,
      /\bonly (?:an? |the )?(?:api|backend|back-end|rest api)\b/,
      /\bjust (?:an? |the )?(?:api|backend|back-end|rest api)\b/,
      /\bheadless\b/,
    ],
  },
  {
    value: "nextjs",
    patterns: [
      new RegExp(String.raw`\bnext(?:\.js|js| js)\b${TAIL}`),
      /\bnext\s+(?:frontend|front-end|front end|app router|ui|framework)\b/,
      /(?<=(?:\b(?:with|using|in|on|and)|\+)\s)next\b(?=\s*(?:$|[,.;:!?)+]|and\b|with\b|for\b|as\b|frontend\b|front-end\b))/,
    ],
  },
  {
    value: "react",
    patterns: [new RegExp(String.raw`\breact(?:\.?js| js)?\b(?!\s+native\b)${TAIL}`), /\bvite\b(?:\s+(?:frontend|app))?/],
  },
  {
    value: "react",
    patterns: [/\b(?:vue(?:\.?js)?|nuxt|angular|svelte(?:kit)?|solid(?:js| js)|remix|astro|ember|jquery)\b/],
    substitute: (q) => `frontend React instead of "${q}" (Stackwright generates React or Next.js)`,
  },
];

const PWA_PATTERNS = [
  /\bpwas?\b/,
  /\bprogressive web apps?\b/,
  /\b(?:ios|iphone|ipad|android)\b(?:\s+(?:and|&|\/)\s+(?:ios|android))?(?:\s+apps?)?/,
  /\bmobile\b(?:[ -](?:apps?|friendly|first|devices?|phones?))?/,
  /\b(?:installable|offline[ -]first|works offline|phone app|smartphone)\b/,
];
const NATIVE_PATTERNS = [/\breact native\b/, /\bflutter\b/, /\bswift ?ui\b/, /\bkotlin multiplatform\b/, /\bexpo\b/];

const REDIS_PATTERNS = [/\bredis\b(?:\s+(?:cache|pub\/sub|pubsub))?/, /\bupstash\b/, /\bvalkey\b/];

function pick<T>(text: PromptText, rules: Rule<T>[]): { rule: Rule<T>; match: Match } | undefined {
  let best: { rule: Rule<T>; match: Match } | undefined;
  for (const rule of rules) {
    const match = text.findFirst(rule.patterns);
    if (!match) continue;
    // Earliest mention wins; supported technologies beat substitutes at the same place.
    if (!best || match.index < best.match.index || (match.index === best.match.index && !rule.substitute && best.rule.substitute)) {
      best = { rule, match };
    }
  }
  return best;
}

export function detectStack(text: PromptText): StackHints {
  const hints: StackHints = { substitutions: [] };
  const hint = <T>(found: { rule: Rule<T>; match: Match } | undefined): Hint<T> | undefined => {
    if (!found) return undefined;
    if (found.rule.substitute) hints.substitutions.push(found.rule.substitute(found.match.quote));
    return { value: found.rule.value, quote: found.match.quote, index: found.match.index, ...(found.rule.substitute ? { substitute: true } : {}) };
  };

  // A supported backend named anywhere beats an unsupported one named earlier.
  const supportedBackend = pick(text, BACKEND_RULES.filter((r) => !r.substitute));
  hints.backend = hint(supportedBackend ?? pick(text, BACKEND_RULES));
  const supportedDb = pick(text, DATABASE_RULES.filter((r) => !r.substitute));
  hints.database = hint(supportedDb ?? pick(text, DATABASE_RULES));

  // "No frontend" wins over a framework named elsewhere; Next.js wins over React (it is React).
  // These patterns carry their own negation ("no frontend"), so they are not checked for one.
  const noneMatch = text.findFirst(FRONTEND_RULES[0]!.patterns, { allowNegated: true });
  if (noneMatch) {
    hints.frontend = { value: "none", quote: noneMatch.quote, index: noneMatch.index };
  } else {
    const next = text.findFirst(FRONTEND_RULES[1]!.patterns);
    hints.frontend = next
      ? { value: "nextjs", quote: next.quote, index: next.index }
      : hint(pick(text, FRONTEND_RULES.slice(2).filter((r) => !r.substitute)) ?? pick(text, FRONTEND_RULES.slice(2)));
  }

  const redis = text.findAll(new RegExp(REDIS_PATTERNS.map((p) => p.source).join("|")))[0];
  if (redis) {
    const negatedAt = text.negationStart(redis);
    hints.cache = negatedAt === undefined ? { value: "redis", quote: redis.quote, index: redis.index } : { value: null, quote: text.quoteOf(negatedAt, redis.end), index: redis.index };
  }

  const pwa = text.findFirst(PWA_PATTERNS);
  const native = text.findFirst(NATIVE_PATTERNS);
  if (native) hints.substitutions.push(`a PWA instead of "${native.quote}" (native apps are not generated; a PWA installs on phones)`);
  const pwaFrom = pwa ?? native;
  if (pwaFrom) hints.pwa = { value: true, quote: pwaFrom.quote, index: pwaFrom.index };
  else {
    const noPwa = text.find(/\b(?:no|without(?: an?)?) (?:pwa|progressive web app)\b/, { allowNegated: true });
    if (noPwa) hints.pwa = { value: false, quote: noPwa.quote, index: noPwa.index };
  }
  return hints;
}
