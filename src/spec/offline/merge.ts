import type { AppSpecInput } from "../app-spec.js";
import { camelCase, pluralName, singularName, snakeCase } from "../naming.js";
import { reservedIn, SQL_RESERVED } from "../reserved-words.js";
import { emailField, optional, str } from "./domains/fields.js";
import type { EntityDef, FieldInput, LinkDef } from "./domains/types.js";
import { permissionsFor, USER_PERMISSIONS } from "./permissions.js";

/**
 * Combines entity definitions from several domains into one consistent list:
 * one entity per name (the first definition wins, later ones add fields and
 * links), one User, every relation written on both sides, member names unique
 * and safe in every target language.
 */

export type EntityInput = AppSpecInput["entities"][number];
type RelationInput = NonNullable<EntityInput["relations"]>[number];

export const USER_ENTITY = "User";

export const USER_DEF: EntityDef = {
  name: USER_ENTITY,
  description: "A person who signs in with email and password.",
  fields: [emailField("email", { unique: true }), optional(str("displayName", 80))],
  access: "private",
  aliases: ["users", "user", "accounts"],
};

const IMPLICIT = new Set(["id", "createdat", "updatedat"]);
const USER_IMPLICIT = new Set(["password", "passwordhash", "role", "refreshtokens"]);

interface Draft {
  name: string;
  plural?: string;
  description: string;
  fields: FieldInput[];
  links: LinkDef[];
  def: EntityDef;
  relations: RelationInput[];
  taken: Set<string>;
  owner?: string;
  isUser: boolean;
}

interface ActiveLink extends LinkDef {
  isOwner?: boolean;
}

export interface MergeResult {
  entities: EntityInput[];
  /** Sentences for `assumed`: what merging had to decide. */
  notes: string[];
}

function memberKeys(name: string, kind: "field" | RelationInput["kind"]): string[] {
  if (kind === "belongsTo") return [name, `${name}Id`];
  if (kind === "manyToMany") return [name, `${singularName(name)}Ids`];
  return [name];
}

/** Whether `name` can be added to the entity as a member of this kind. */
function canUse(draft: Draft, name: string, kind: "field" | RelationInput["kind"]): boolean {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name) || name.length > 48) return false;
  for (const key of memberKeys(name, kind)) {
    const lower = key.toLowerCase();
    if (draft.taken.has(lower) || IMPLICIT.has(lower)) return false;
    if (draft.isUser && USER_IMPLICIT.has(lower)) return false;
    const targets = [...reservedIn(key), ...reservedIn(snakeCase(key))].filter((t) => t !== "SQL");
    if (targets.length > 0) return false;
  }
  // Fields become columns named after them.
  if (kind === "field" && SQL_RESERVED.has(snakeCase(name))) return false;
  return true;
}

function claim(draft: Draft, name: string, kind: "field" | RelationInput["kind"]): void {
  for (const key of memberKeys(name, kind)) draft.taken.add(key.toLowerCase());
}

function release(draft: Draft, name: string, kind: "field" | RelationInput["kind"]): void {
  for (const key of memberKeys(name, kind)) draft.taken.delete(key.toLowerCase());
}

function pickName(draft: Draft, candidates: string[], kind: RelationInput["kind"]): string | undefined {
  const base = candidates[0] ?? "related";
  const all = [...candidates, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${base}${n}`)];
  return all.find((c) => canUse(draft, c, kind));
}

function newDraft(def: EntityDef): Draft {
  const draft: Draft = {
    name: def.name,
    ...(def.plural ? { plural: def.plural } : {}),
    description: def.description,
    fields: [],
    links: [],
    def,
    relations: [],
    taken: new Set(),
    isUser: def.name === USER_ENTITY,
  };
  addMembers(draft, def);
  return draft;
}

function addMembers(draft: Draft, def: EntityDef): void {
  for (const field of def.fields) {
    if (!canUse(draft, field.name, "field")) continue;
    claim(draft, field.name, "field");
    draft.fields.push({ ...field });
  }
  for (const link of def.links ?? []) {
    if (!draft.links.some((l) => l.name === link.name)) draft.links.push(link);
  }
}

export function mergeEntities(defs: readonly EntityDef[], options: { auth: boolean }): MergeResult {
  const notes: string[] = [];
  const drafts: Draft[] = [];
  const byName = new Map<string, Draft>();
  const tables = new Map<string, string>();

  const add = (def: EntityDef) => {
    const key = def.name.toLowerCase();
    const existing = byName.get(key);
    if (existing) {
      if (existing.def !== def) addMembers(existing, def);
      return;
    }
    const table = snakeCase(def.plural ?? pluralName(def.name));
    const clash = tables.get(table);
    if (clash) {
      notes.push(`left out ${def.name}: its table "${table}" would be shared with ${clash}`);
      return;
    }
    tables.set(table, def.name);
    const draft = newDraft(def);
    drafts.push(draft);
    byName.set(key, draft);
  };

  if (options.auth) add(USER_DEF);
  for (const def of defs) if (def.name !== USER_ENTITY) add(def);

  for (const draft of drafts) {
    const def = draft.def;
    const active: ActiveLink[] = [];
    if (options.auth && def.owner) {
      active.push({ kind: "belongsTo", name: def.owner.name, target: USER_ENTITY, inverse: def.owner.inverse, required: true, onDelete: "cascade", isOwner: true });
    }
    for (const link of draft.links) {
      const target = byName.get(link.target.toLowerCase());
      if (!target || target.name !== link.target) continue;
      if (link.kind === "manyToMany" && target === draft) continue;
      active.push(link);
    }

    // Alternatives: a Review of a Product or of a Movie. With several present, each is optional.
    const groups = new Map<string, ActiveLink[]>();
    for (const link of active) {
      if (link.kind !== "belongsTo" || !link.group) continue;
      groups.set(link.group, [...(groups.get(link.group) ?? []), link]);
    }
    const optionalLinks = new Set<ActiveLink>();
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      members.forEach((m) => optionalLinks.add(m));
      notes.push(`${members.map((m) => `${draft.name}.${m.name}`).join(" and ")} are optional (a ${draft.name.toLowerCase()} belongs to one of them)`);
    }

    for (const link of active) {
      const target = byName.get(link.target.toLowerCase())!;
      if (link.kind === "manyToMany") {
        if (draft.relations.some((r) => r.kind === "manyToMany" && r.target === target.name)) continue;
        const own = pickName(draft, [link.name, camelCase(pluralName(target.name))], "manyToMany");
        if (!own) continue;
        claim(draft, own, "manyToMany");
        const inverse = pickName(target, [link.inverse, camelCase(pluralName(draft.name))], "manyToMany");
        if (!inverse) {
          release(draft, own, "manyToMany");
          continue;
        }
        claim(target, inverse, "manyToMany");
        draft.relations.push({ name: own, kind: "manyToMany", target: target.name, inverse });
        target.relations.push({ name: inverse, kind: "manyToMany", target: draft.name, inverse: own });
        continue;
      }
      const own = pickName(draft, [link.name, `${link.name}Ref`], "belongsTo");
      if (!own) continue;
      claim(draft, own, "belongsTo");
      const inverse = pickName(target, [link.inverse, camelCase(`${link.name} ${pluralName(draft.name)}`), camelCase(pluralName(draft.name))], "hasMany");
      if (!inverse) {
        release(draft, own, "belongsTo");
        continue;
      }
      claim(target, inverse, "hasMany");
      let required = optionalLinks.has(link) ? false : (link.required ?? true);
      let onDelete = optionalLinks.has(link) ? "setNull" : (link.onDelete ?? (required ? "cascade" : "setNull"));
      if (onDelete === "setNull") required = false;
      if (link.isOwner) {
        required = true;
        onDelete = "cascade";
        draft.owner = own;
      }
      draft.relations.push({ name: own, kind: "belongsTo", target: target.name, inverse, required, onDelete });
      target.relations.push({ name: inverse, kind: "hasMany", target: draft.name, inverse: own });
    }
  }

  const entities = drafts.map((draft): EntityInput => ({
    name: draft.name,
    ...(draft.plural ? { plural: draft.plural } : {}),
    description: draft.description,
    fields: draft.fields,
    relations: draft.relations,
    ...(draft.owner ? { owner: draft.owner } : {}),
    timestamps: true,
    permissions: draft.isUser
      ? { ...USER_PERMISSIONS }
      : permissionsFor(draft.def.access, { auth: options.auth, owned: draft.owner !== undefined, ...(draft.def.override ? { override: draft.def.override } : {}) }),
  }));
  return { entities, notes };
}
