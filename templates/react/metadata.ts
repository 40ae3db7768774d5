import type { FieldType, Permissions } from "../../src/spec/app-spec.js";
import type { AppModel, EntityModel, FieldModel } from "../../src/spec/model.js";

/**
 * What the generated frontend knows about each entity (rendered into
 * `src/entities.js`): every name comes from describeApp, so routes and JSON
 * keys match the backend's.
 */
export interface EntityMeta {
  /** Key in the `entities` object: the camelCase singular (`blogPost`). */
  key: string;
  name: string;
  label: string;
  labelPlural: string;
  description?: string;
  /** The page's path in the app: `/blog-posts`. */
  path: string;
  /** The API collection: `/api/blog-posts`. */
  apiPath: string;
  /** The field that names a record in selects and headings (undefined: a short id). */
  titleField?: string;
  /** Keys shown as table columns on the list page. */
  columns: string[];
  /** Whether the list endpoint takes `?q=`. */
  searchable: boolean;
  isUser: boolean;
  /** JSON key of the owner reference (`authorId`), set by the server, never by the form. */
  ownerKey?: string;
  permissions: Permissions;
  fields: FieldMeta[];
  /** hasMany relations: records of another entity pointing at this one, listed on a record's page. */
  related: RelatedMeta[];
}

/** Records of `entity` whose `key` (a belongsTo reference) holds this record's id: `?key=<id>` on its list. */
export interface RelatedMeta {
  entity: string;
  key: string;
  label: string;
}

/** A form field: a scalar field, a belongsTo reference (`reference`) or a manyToMany id list (`references`). */
export interface FieldMeta {
  key: string;
  label: string;
  type: FieldType | "reference" | "references";
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  /** enum values. */
  options?: string[];
  default?: string | number | boolean;
  /** Write-only: the API never returns it. */
  private?: true;
  /** `reference(s)`: key of the target in `entities`. */
  entity?: string;
}

const TITLE_TYPES: ReadonlySet<FieldType> = new Set(["string", "email"]);
const MAX_COLUMNS = 4;

/** Entities in the order the spec lists them (describeApp orders them for foreign keys). */
export function entitiesInSpecOrder(model: AppModel): EntityModel[] {
  const order = new Map(model.spec.entities.map((e, i) => [e.name, i]));
  return [...model.entities].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

export function describeEntities(model: AppModel): EntityMeta[] {
  const byName = new Map(model.entities.map((e) => [e.name, e]));
  const keyOf = (name: string) => byName.get(name)?.camel ?? name;
  return entitiesInSpecOrder(model).map((entity) => entityMeta(entity, keyOf, relatedOf(entity, byName)));
}

function relatedOf(entity: EntityModel, byName: Map<string, EntityModel>): RelatedMeta[] {
  const hasMany = entity.spec.relations.filter((r) => r.kind === "hasMany");
  const related = hasMany.flatMap((relation) => {
    const target = byName.get(relation.target);
    const fk = target?.foreignKeys.find((f) => f.relation.name === relation.inverse && f.target === entity.name);
    return target && fk ? [{ target, fk }] : [];
  });
  return related.map(({ target, fk }) => {
    // Two relations to the same entity (authored and edited posts) are told apart by the reference's name.
    const shared = related.filter((r) => r.target === target).length > 1;
    return { entity: target.camel, key: fk.field, label: shared ? `${target.labelPlural} (${fk.label})` : target.labelPlural };
  });
}

function entityMeta(entity: EntityModel, keyOf: (name: string) => string, related: RelatedMeta[]): EntityMeta {
  const visible = entity.fields.filter((f) => !f.spec.private);
  const titleField = pickTitleField(visible);
  const fields: FieldMeta[] = [
    ...entity.fields.map(fieldMeta),
    ...entity.foreignKeys
      .filter((fk) => !fk.isOwner)
      .map((fk): FieldMeta => ({ key: fk.field, label: fk.label, type: "reference", required: fk.required, entity: keyOf(fk.target) })),
    ...entity.manyToMany.map((m): FieldMeta => ({ key: m.field, label: m.label, type: "references", required: false, entity: keyOf(m.target) })),
  ];
  return {
    key: entity.camel,
    name: entity.name,
    label: entity.label,
    labelPlural: entity.labelPlural,
    description: entity.spec.description,
    path: `/${entity.route}`,
    apiPath: `/api/${entity.route}`,
    titleField: titleField?.name,
    columns: tableColumns(entity, visible, titleField),
    searchable: entity.fields.some((f) => f.spec.searchable),
    isUser: entity.isUser,
    ownerKey: entity.owner?.field,
    permissions: entity.permissions,
    fields,
    related,
  };
}

function fieldMeta(field: FieldModel): FieldMeta {
  const spec = field.spec;
  return {
    key: field.name,
    label: field.label,
    type: spec.type,
    required: spec.required,
    maxLength: spec.maxLength,
    min: spec.min,
    max: spec.max,
    options: spec.enumValues,
    default: spec.default,
    private: spec.private ? true : undefined,
  };
}

/** The first short text field, else the first field a table can show. */
function pickTitleField(fields: FieldModel[]): FieldModel | undefined {
  return fields.find((f) => TITLE_TYPES.has(f.spec.type)) ?? fields.find((f) => f.spec.type !== "json");
}

/** The title field, the references (shown by their titles), then the other fields that fit in a cell. */
function tableColumns(entity: EntityModel, fields: FieldModel[], title: FieldModel | undefined): string[] {
  const references = entity.foreignKeys.filter((fk) => !fk.isOwner).map((fk) => fk.field);
  const rest = fields.filter((f) => f !== title && f.spec.type !== "json").map((f) => f.name);
  return [title?.name ?? "id", ...references, ...rest].slice(0, MAX_COLUMNS);
}
