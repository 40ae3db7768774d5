import type { AppSpecInput, Feature, Permissions } from "../../app-spec.js";

/**
 * The vocabulary of the domain tables: each domain names a few entities, each
 * entity its typed fields, its owner and who may do what. Relations are written
 * once, from the side that holds the reference; merge.ts adds the inverse side.
 */

export type FieldInput = NonNullable<AppSpecInput["entities"][number]["fields"]>[number];
export type OnDelete = "cascade" | "setNull" | "restrict";

/**
 * Who may do what, before auth is decided (permissions.ts turns it into levels):
 * - public: anyone reads, signed-in users create, the owner edits (blog posts).
 * - private: only the owner sees and edits (tasks, expenses).
 * - shared: signed-in users read and create, the owner edits (chat messages, CRM).
 * - catalog: anyone reads, admins write (products, categories).
 * - child: signed-in users read and create, admins edit (order items).
 * - community: anyone reads, signed-in users create, admins edit (tags).
 * - guest: anyone reads and creates, admins edit (guestbook entries).
 */
export type Access = "public" | "private" | "shared" | "catalog" | "child" | "community" | "guest";

export interface LinkDef {
  kind: "belongsTo" | "manyToMany";
  /** Relation name on this entity. */
  name: string;
  target: string;
  /** Relation name on the target (hasMany for belongsTo, manyToMany for manyToMany). */
  inverse: string;
  /** belongsTo only; default true. */
  required?: boolean;
  /** belongsTo only; default cascade (setNull when not required). */
  onDelete?: OnDelete;
  /**
   * Alternatives: links of one group point at whichever "subject" exists
   * (a Review of a Product or of a Movie). When several exist, all become optional.
   */
  group?: string;
}

export interface EntityDef {
  name: string;
  plural?: string;
  description: string;
  fields: FieldInput[];
  /** A belongsTo relation to the user entity that owns the record. */
  owner?: { name: string; inverse: string };
  access: Access;
  /** Per-action exceptions to `access` (used only with auth on). */
  override?: Partial<Permissions>;
  links?: LinkDef[];
  /** Lowercase nouns (plural and singular) that name this entity in a prompt. */
  aliases: string[];
}

export interface ExtraDef {
  /** Mentioning this adds the entities (e.g. "tags" adds Tag to a blog). */
  when: RegExp;
  entities: EntityDef[];
}

export interface DomainDef {
  id: string;
  /** Human title used when the prompt names no app ("Blog", "Task Tracker"). */
  title: string;
  /** Any of these activates the domain; the earliest match is quoted. */
  triggers: RegExp[];
  entities: EntityDef[];
  extras?: ExtraDef[];
  /** Nouns the domain's entities already stand for ("channels" in a chat app are conversations). */
  absorbs?: string[];
  /** Features the domain implies, with the reason. */
  implies?: { feature: Feature; because: string }[];
}
