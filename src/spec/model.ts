import type { AppSpec, EntitySpec, FieldSpec, Permissions, RelationSpec } from "./app-spec.js";
import { camelCase, kebabCase, pluralName, singularName, snakeCase, titleCase } from "./naming.js";

/**
 * The AppSpec with every derived name spelled out once, so that all templates
 * (Express, FastAPI, NestJS, Gin, React, Next.js) agree on tables, columns,
 * routes and JSON keys.
 */
export interface AppModel {
  spec: AppSpec;
  /** Entities in an order where every belongsTo target comes before the entity (cycles broken). */
  entities: EntityModel[];
  user: EntityModel | undefined;
  joinTables: JoinTableModel[];
}

export interface EntityModel {
  spec: EntitySpec;
  /** PascalCase singular: `BlogPost`. */
  name: string;
  /** PascalCase plural: `BlogPosts`. */
  plural: string;
  /** camelCase singular and plural: `blogPost`, `blogPosts`. */
  camel: string;
  camelPlural: string;
  /** Human label: `Blog Post`, `Blog Posts`. */
  label: string;
  labelPlural: string;
  /** snake_case plural: `blog_posts`. */
  table: string;
  /** kebab-case plural, mounted at `/api/<route>`: `blog-posts`. */
  route: string;
  fields: FieldModel[];
  foreignKeys: ForeignKeyModel[];
  manyToMany: ManyToManyModel[];
  /** The foreign key that says who owns a record, when the entity is owned. */
  owner: ForeignKeyModel | undefined;
  isUser: boolean;
  permissions: Permissions;
  timestamps: boolean;
}

export interface FieldModel {
  spec: FieldSpec;
  /** JSON key (camelCase). */
  name: string;
  column: string;
  label: string;
}

export interface ForeignKeyModel {
  relation: RelationSpec;
  /** JSON key: `authorId`. */
  field: string;
  /** Column: `author_id`. */
  column: string;
  target: string;
  targetTable: string;
  required: boolean;
  onDelete: RelationSpec["onDelete"];
  isOwner: boolean;
  label: string;
}

export interface ManyToManyModel {
  relation: RelationSpec;
  /** JSON key holding the ids of the related records: `tagIds`. */
  field: string;
  joinTable: string;
  /** Column in the join table pointing at this entity, and at the target. */
  ownColumn: string;
  targetColumn: string;
  target: string;
  targetTable: string;
  label: string;
}

export interface JoinTableModel {
  table: string;
  left: { table: string; column: string };
  right: { table: string; column: string };
}

export function describeApp(spec: AppSpec): AppModel {
  const userName = spec.auth.kind === "jwt" ? spec.auth.userEntity : undefined;
  const tableOf = new Map(spec.entities.map((e) => [e.name, snakeCase(e.plural ?? pluralName(e.name))]));
  const joinTables = new Map<string, JoinTableModel>();

  const models = spec.entities.map((entity): EntityModel => {
    const plural = entity.plural ?? pluralName(entity.name);
    const table = tableOf.get(entity.name)!;
    const foreignKeys = entity.relations
      .filter((r) => r.kind === "belongsTo")
      .map((r): ForeignKeyModel => ({
        relation: r,
        field: `${r.name}Id`,
        column: `${snakeCase(r.name)}_id`,
        target: r.target,
        targetTable: tableOf.get(r.target) ?? snakeCase(pluralName(r.target)),
        required: r.required,
        onDelete: r.onDelete,
        isOwner: entity.owner === r.name,
        label: titleCase(r.name),
      }));
    const manyToMany = entity.relations
      .filter((r) => r.kind === "manyToMany")
      .map((r): ManyToManyModel => {
        const targetTable = tableOf.get(r.target) ?? snakeCase(pluralName(r.target));
        const join = joinTableFor(entity, r, table, targetTable);
        joinTables.set(join.table, join);
        const own = join.left.table === table ? join.left : join.right;
        const other = own === join.left ? join.right : join.left;
        return {
          relation: r,
          field: `${singularName(r.name)}Ids`,
          joinTable: join.table,
          ownColumn: own.column,
          targetColumn: other.column,
          target: r.target,
          targetTable,
          label: titleCase(r.name),
        };
      });
    return {
      spec: entity,
      name: entity.name,
      plural,
      camel: camelCase(entity.name),
      camelPlural: camelCase(plural),
      label: titleCase(entity.name),
      labelPlural: titleCase(plural),
      table,
      route: kebabCase(plural),
      fields: entity.fields.map((f) => ({ spec: f, name: f.name, column: snakeCase(f.name), label: titleCase(f.name) })),
      foreignKeys,
      manyToMany,
      owner: foreignKeys.find((fk) => fk.isOwner),
      isUser: entity.name === userName,
      permissions: entity.permissions,
      timestamps: entity.timestamps,
    };
  });

  const ordered = dependencyOrder(models);
  return { spec, entities: ordered, user: ordered.find((e) => e.isUser), joinTables: [...joinTables.values()] };
}

/**
 * One join table per manyToMany pair, named from both tables in alphabetical
 * order so that both sides derive the same name.
 */
function joinTableFor(entity: EntitySpec, rel: RelationSpec, table: string, targetTable: string): JoinTableModel {
  const [first, second] = [
    { entity: entity.name, relation: rel.name, table },
    { entity: rel.target, relation: rel.inverse, table: targetTable },
  ].sort((a, b) => (a.entity + a.relation).localeCompare(b.entity + b.relation));
  return {
    table: `${first!.table}_${snakeCase(first!.relation)}`,
    left: { table: first!.table, column: `${snakeCase(singularName(first!.table))}_id` },
    right: { table: second!.table, column: `${snakeCase(singularName(second!.table))}_id` },
  };
}

/** Topological order over belongsTo edges; an edge that closes a cycle is ignored. */
function dependencyOrder(models: EntityModel[]): EntityModel[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: EntityModel[] = [];
  const visit = (m: EntityModel) => {
    if (done.has(m.name) || visiting.has(m.name)) return;
    visiting.add(m.name);
    for (const fk of m.foreignKeys) {
      const target = byName.get(fk.target);
      if (target && target !== m) visit(target);
    }
    visiting.delete(m.name);
    done.add(m.name);
    out.push(m);
  };
  models.forEach(visit);
  return out;
}

export function findEntity(model: AppModel, name: string): EntityModel {
  const found = model.entities.find((e) => e.name === name);
  if (!found) throw new Error(`unknown entity ${name}`);
  return found;
}
