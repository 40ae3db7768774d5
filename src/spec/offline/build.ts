import { BACKENDS, DATABASES, FEATURES, FRONTENDS, type AppSpec, type AppSpecInput, type Feature, type StackSpec } from "../app-spec.js";
import { pluralName, titleCase } from "../naming.js";
import { assertValidAppSpec } from "../validate.js";
import { nameFromPrompt, safeSlug, type AppName } from "./app-name.js";
import { detectAuth, type AuthHints } from "./auth-words.js";
import { entityByNoun, matchDomains, type DomainMatch, type EntityDef } from "./domains/index.js";
import { optional, searchable, text as textField } from "./domains/fields.js";
import { detectFeatures, type FeatureHints } from "./features.js";
import { resolveNouns } from "./generic.js";
import { BACKEND_LABEL, DATABASE_LABEL, FEATURE_LABEL, FRONTEND_LABEL, listWords, quoteList } from "./labels.js";
import { mergeEntities, USER_ENTITY } from "./merge.js";
import { extractNouns } from "./nouns.js";
import { needsOwner } from "./permissions.js";
import { choosePreset, type Preset } from "./presets.js";
import { detectStack, type StackHints } from "./stack-words.js";
import { MAX_PROMPT_CHARS, PromptText } from "./text.js";

/**
 * The offline spec builder: with no model to ask, keyword rules and presets
 * turn one sentence into a valid AppSpec, and say what they read and what they
 * assumed. Pure and deterministic: the same prompt always gives the same spec.
 */

export interface OfflineSpecOptions {
  /** Stack choices from the repository's config; the prompt's own words still win. */
  defaults?: Partial<StackSpec>;
}

export interface OfflineSpecResult {
  spec: AppSpec;
  /** What was read from the prompt, e.g. `backend Express (from "Express backend")`. */
  inferred: string[];
  /** Defaults chosen because the prompt said nothing, e.g. `database PostgreSQL (no database named)`. */
  assumed: string[];
  matched: { preset?: string; domains: string[] };
}

/** At most this many entities besides User (the schema allows 30 in all). */
const MAX_ENTITIES = 29;

export const FALLBACK_ENTITY: EntityDef = {
  name: "Item",
  description: "A generic record: the prompt named no kind of data.",
  fields: [searchable("name", 200), optional(textField("description", { maxLength: 5000 }))],
  owner: { name: "owner", inverse: "items" },
  access: "public",
  aliases: ["items", "item"],
};

interface Notes {
  inferred: string[];
  assumed: string[];
}

export function buildSpecOffline(prompt: string, options: OfflineSpecOptions = {}): OfflineSpecResult {
  try {
    return build(typeof prompt === "string" ? prompt : "", options);
  } catch (error) {
    // A bug in the rules must not stop the pipeline: fall back to the smallest useful app, and say why.
    return minimalApp(error);
  }
}

function build(prompt: string, options: OfflineSpecOptions): OfflineSpecResult {
  const text = new PromptText(prompt);
  const notes: Notes = { inferred: [], assumed: [] };
  if (text.truncated) notes.assumed.push(`only the first ${MAX_PROMPT_CHARS} characters of the prompt were read`);

  const stackHints = detectStack(text);
  const authHints = detectAuth(text);
  const featureHints = detectFeatures(text);
  const domains = matchDomains(text);
  const picked = choosePreset(domains);
  if (picked) notes.inferred.push(`preset "${picked.preset.id}", the seed's ${picked.preset.template} template (from "${picked.match.quote}")`);

  const defs = collectEntities(text, domains, notes);
  const features = resolveFeatures(featureHints, domains, picked?.preset, notes);
  const hasChat = domains.some((d) => d.domain.id === "chat");
  const stack = resolveStack(stackHints, options.defaults ?? {}, picked?.preset, { realtimeChat: hasChat && features.includes("realtime") }, notes);
  const auth = resolveAuth(authHints, defs, notes);

  const merged = mergeEntities(defs, { auth: auth.kind === "jwt" });
  notes.assumed.push(...merged.notes);

  const name = resolveName(text, domains, defs, notes);
  const entityLabels = merged.entities.filter((e) => e.name !== USER_ENTITY || auth.kind !== "jwt").map((e) => titleCase(e.plural ?? pluralName(e.name)).toLowerCase());
  const input: AppSpecInput = {
    specVersion: 1,
    name: name.slug,
    title: name.title,
    description: describe(name.title, entityLabels, text),
    stack,
    auth,
    entities: merged.entities,
    features,
  };
  const spec = assertValidAppSpec(input);
  return {
    spec,
    inferred: notes.inferred,
    assumed: notes.assumed,
    matched: { ...(picked ? { preset: picked.preset.id } : {}), domains: domains.map((d) => d.domain.id) },
  };
}

function collectEntities(text: PromptText, domains: readonly DomainMatch[], notes: Notes): EntityDef[] {
  const defs: EntityDef[] = [];
  const names = new Set<string>();
  const take = (list: readonly EntityDef[]): string[] => {
    const added: string[] = [];
    for (const def of list) {
      if (names.has(def.name)) continue;
      names.add(def.name);
      defs.push(def);
      added.push(def.name);
    }
    return added;
  };
  const plural = (added: string[]) => (added.length === 1 ? `entity ${added[0]}` : `entities ${listWords(added)}`);

  for (const match of domains) {
    const added = take(match.domain.entities);
    if (added.length > 0) notes.inferred.push(`${plural(added)} (from "${match.quote}")`);
    for (const extra of match.extras) {
      const more = take(extra.entities);
      if (more.length > 0) notes.inferred.push(`${plural(more)} (from "${extra.quote}")`);
    }
  }

  const byNoun = entityByNoun();
  const isKnown = (phrase: string) => byNoun.has(phrase);
  const absorbed = new Set(domains.flatMap((d) => d.domain.absorbs ?? []));
  const hits = extractNouns(text, isKnown).filter((hit) => !absorbed.has(hit.words.join(" ")) && !absorbed.has(hit.head));
  const resolved = resolveNouns(hits, byNoun, names);
  for (const noun of resolved) {
    const added = take([noun.def]);
    if (added.length === 0) continue;
    notes.inferred.push(
      noun.generic
        ? `entity ${noun.def.name} with generic fields ${noun.def.fields.map((f) => f.name).join(", ")} (named in the prompt: "${noun.quote}")`
        : `entity ${noun.def.name} (named in the prompt: "${noun.quote}")`,
    );
  }

  if (defs.length === 0) {
    take([FALLBACK_ENTITY]);
    notes.assumed.push(`a generic app with one entity, Item (name, description): the prompt names no kind of app and no data to keep`);
  }
  if (defs.length > MAX_ENTITIES) {
    const dropped = defs.splice(MAX_ENTITIES);
    notes.assumed.push(`only the first ${MAX_ENTITIES} entities were kept; left out ${listWords(dropped.map((d) => d.name))}`);
  }
  return defs;
}

function resolveFeatures(hints: FeatureHints, domains: readonly DomainMatch[], preset: Preset | undefined, notes: Notes): Feature[] {
  const chosen = new Set<Feature>();
  const declined = new Map(hints.declined.map((d) => [d.feature, d.quote]));
  for (const hint of hints.found) {
    chosen.add(hint.feature);
    notes.inferred.push(`feature ${hint.feature}: ${FEATURE_LABEL[hint.feature]} (from "${hint.quote}")`);
  }
  for (const match of domains) {
    for (const implied of match.domain.implies ?? []) {
      if (chosen.has(implied.feature) || declined.has(implied.feature)) continue;
      chosen.add(implied.feature);
      notes.inferred.push(`feature ${implied.feature}: ${implied.because} (from "${match.quote}")`);
    }
  }
  for (const feature of preset?.features ?? []) {
    if (chosen.has(feature) || declined.has(feature)) continue;
    chosen.add(feature);
    notes.assumed.push(`feature ${feature}: ${FEATURE_LABEL[feature]} (part of the ${preset!.id} preset)`);
  }
  for (const [feature, quote] of declined) notes.inferred.push(`no ${feature} feature (from "${quote}")`);
  return FEATURES.filter((f) => chosen.has(f));
}

function resolveStack(
  hints: StackHints,
  rawDefaults: Partial<StackSpec>,
  preset: Preset | undefined,
  context: { realtimeChat: boolean },
  notes: Notes,
): StackSpec {
  notes.assumed.push(...hints.substitutions);
  const defaults = checkDefaults(rawDefaults, notes);
  const presetWhy = preset ? `the ${preset.id} preset's default` : "";

  const slot = <T extends string>(what: string, hint: { value: T; quote: string; substitute?: boolean } | undefined, label: Record<T, string>, fromDefaults: T | undefined, fromPreset: T | undefined, builtin: T): T => {
    if (hint) {
      // A stand-in for an unsupported technology is explained in `assumed` already.
      if (!hint.substitute) notes.inferred.push(`${what} ${label[hint.value]} (from "${hint.quote}")`);
      return hint.value;
    }
    if (fromDefaults !== undefined) {
      notes.assumed.push(`${what} ${label[fromDefaults]} (the repository's default)`);
      return fromDefaults;
    }
    if (fromPreset !== undefined) {
      notes.assumed.push(`${what} ${label[fromPreset]} (${presetWhy})`);
      return fromPreset;
    }
    notes.assumed.push(`${what} ${label[builtin]} (no ${what} named)`);
    return builtin;
  };

  const backend = slot("backend", hints.backend, BACKEND_LABEL, defaults.backend, preset?.stack.backend, "express");
  const database = slot("database", hints.database, DATABASE_LABEL, defaults.database, preset?.stack.database, "postgres");
  const frontend = slot("frontend", hints.frontend, FRONTEND_LABEL, defaults.frontend, preset?.stack.frontend, "react");

  let cache: StackSpec["cache"] = null;
  if (hints.cache) {
    cache = hints.cache.value;
    notes.inferred.push(cache ? `cache Redis (from "${hints.cache.quote}")` : `no cache (from "${hints.cache.quote}")`);
  } else if (context.realtimeChat) {
    cache = "redis";
    notes.assumed.push(`cache Redis for pub/sub (real-time chat fans messages out to every server instance)`);
  } else if (defaults.cache !== undefined) {
    cache = defaults.cache;
    if (cache) notes.assumed.push(`cache Redis (the repository's default)`);
  } else if (preset?.stack.cache) {
    cache = preset.stack.cache;
    notes.assumed.push(`cache Redis (${presetWhy})`);
  }

  let pwa: boolean;
  if (hints.pwa) {
    pwa = hints.pwa.value;
    notes.inferred.push(`${pwa ? "PWA" : "no PWA"} (from "${hints.pwa.quote}")`);
  } else if (defaults.pwa !== undefined) {
    pwa = defaults.pwa;
    notes.assumed.push(`${pwa ? "PWA" : "no PWA"} (the repository's default)`);
  } else if (preset?.stack.pwa !== undefined) {
    pwa = preset.stack.pwa;
    notes.assumed.push(`${pwa ? "PWA" : "no PWA"} (${presetWhy})`);
  } else {
    // Every generated frontend is installable unless someone says otherwise: it costs a manifest and a small service worker.
    pwa = frontend !== "none";
    if (pwa) notes.assumed.push(`installable PWA (the default for a web frontend)`);
  }
  if (frontend === "none" && pwa) {
    pwa = false;
    notes.assumed.push(`no PWA after all: there is no frontend to install`);
  }
  return { backend, database, cache, frontend, pwa };
}

/** Repository defaults are config, read at run time: keep only values the schema knows. */
function checkDefaults(defaults: Partial<StackSpec>, notes: Notes): Partial<StackSpec> {
  const out: Partial<StackSpec> = {};
  const bad = (key: string, value: unknown) => notes.assumed.push(`ignored the repository default ${key}: ${JSON.stringify(value) ?? String(value)} (not a supported value)`);
  const d = (defaults ?? {}) as Record<string, unknown>;
  if (d.backend !== undefined) (BACKENDS as readonly unknown[]).includes(d.backend) ? (out.backend = d.backend as StackSpec["backend"]) : bad("backend", d.backend);
  if (d.database !== undefined) (DATABASES as readonly unknown[]).includes(d.database) ? (out.database = d.database as StackSpec["database"]) : bad("database", d.database);
  if (d.frontend !== undefined) (FRONTENDS as readonly unknown[]).includes(d.frontend) ? (out.frontend = d.frontend as StackSpec["frontend"]) : bad("frontend", d.frontend);
  if (d.cache !== undefined) d.cache === null || d.cache === "redis" ? (out.cache = d.cache) : bad("cache", d.cache);
  if (d.pwa !== undefined) typeof d.pwa === "boolean" ? (out.pwa = d.pwa) : bad("pwa", d.pwa);
  return out;
}

function resolveAuth(hints: AuthHints, defs: readonly EntityDef[], notes: Notes): AppSpecInput["auth"] {
  const owned = defs.filter((d) => d.owner);
  const private_ = defs.filter((d) => d.owner && needsOwner(d.access));
  const oauth = hints.oauth;
  notes.assumed.push(...hints.unsupported);

  const explicit = hints.wanted?.jwt === true || oauth.length > 0;
  const declined = hints.declined && !explicit && (hints.declined.strong || !hints.wanted) ? hints.declined : undefined;
  if (declined) {
    if (private_.length === 0) {
      notes.inferred.push(`no auth (from "${declined.quote}")`);
      if (owned.length > 0) notes.assumed.push(`records have no owner and every permission is public, as the prompt asked for no auth`);
      return { kind: "none", oauth: [] };
    }
    notes.assumed.push(
      `JWT auth kept although the prompt said "${declined.quote}": ${listWords(private_.map((d) => pluralName(d.name)))} are private to their owner`,
    );
  } else if (hints.wanted) {
    notes.inferred.push(hints.wanted.jwt ? `JWT auth (from "${hints.wanted.quote}")` : `JWT auth with email and password (from "${hints.wanted.quote}")`);
  } else if (oauth.length === 0) {
    if (owned.length === 0) {
      notes.assumed.push(`no auth: no entity has an owner and the prompt asks for no sign-in`);
      return { kind: "none", oauth: [] };
    }
    notes.assumed.push(`JWT auth with email and password (the entities have owners: ${listWords(owned.map((d) => d.name))})`);
  }
  if (oauth.length > 0) {
    const names = oauth.map((p) => (p === "github" ? "GitHub" : "Google"));
    if (hints.oauthAssumed) notes.assumed.push(hints.oauthAssumed);
    else notes.inferred.push(`sign-in with ${listWords(names)} besides email and password (from ${quoteList([hints.oauthQuote ?? ""])})`);
    if (!hints.wanted) notes.assumed.push(`JWT sessions for OAuth sign-in, with email and password as well`);
  }
  return { kind: "jwt", oauth: [...oauth] };
}

function resolveName(text: PromptText, domains: readonly DomainMatch[], defs: readonly EntityDef[], notes: Notes): AppName {
  const read = nameFromPrompt(text);
  if (read) {
    notes.inferred.push(`title "${read.title}", name "${read.slug}" (from "${read.quote}")`);
    return read;
  }
  const primary = domains[0]?.domain;
  if (primary) {
    const name = { title: primary.title, slug: safeSlug([primary.title]) };
    notes.assumed.push(`title "${name.title}", name "${name.slug}" (the prompt does not name the app; from its main domain)`);
    return name;
  }
  const first = defs[0];
  if (first && first !== FALLBACK_ENTITY) {
    const title = titleCase(first.plural ?? pluralName(first.name));
    const name = { title, slug: safeSlug([title]) };
    notes.assumed.push(`title "${name.title}", name "${name.slug}" (the prompt does not name the app; from its first entity)`);
    return name;
  }
  notes.assumed.push(`title "My App", name "my-app" (the prompt does not name the app)`);
  return { title: "My App", slug: "my-app" };
}

function describe(title: string, entityLabels: string[], text: PromptText): string {
  const what = entityLabels.length > 0 ? `${title}: ${listWords(entityLabels)}.` : `${title}.`;
  const said = text.quoteOf(0, text.text.length, 500);
  return (said ? `${what} Built offline from the prompt "${said}".` : `${what} Built offline from an empty prompt.`).slice(0, 2000);
}

function minimalApp(error: unknown): OfflineSpecResult {
  const merged = mergeEntities([FALLBACK_ENTITY], { auth: true });
  const spec = assertValidAppSpec({
    specVersion: 1,
    name: "my-app",
    title: "My App",
    description: "A generic app with items.",
    stack: { backend: "express", database: "postgres", cache: null, frontend: "react", pwa: false },
    auth: { kind: "jwt" },
    entities: merged.entities,
    features: [],
  });
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return {
    spec,
    inferred: [],
    assumed: [`a minimal Items app, because the offline rules could not build a spec from this prompt (${reason})`],
    matched: { domains: [] },
  };
}
