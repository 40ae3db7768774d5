/**
 * The configuration's JSON Schema, generated from the zod schema. It is
 * published at docs/stackwright-config.schema.json for editors (a unit test
 * fails when the committed file is stale; regenerate it with
 * `npx tsx src/config/write-json-schema.ts`), and the error messages read
 * bounds, defaults and choices from it.
 */
import { z } from "zod";
import { RepoConfigSchema } from "./schema.js";

/** Where the schema is committed, relative to Stackwright's own repository root. */
export const JSON_SCHEMA_FILE = "docs/stackwright-config.schema.json";

/** The parts of a JSON Schema node the error messages read. */
export interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  [key: string]: unknown;
}

let cached: JsonSchemaNode | undefined;

/** The JSON Schema of what a `.github/stackwright.yml` may contain. */
export function repoConfigJsonSchema(): JsonSchemaNode {
  cached ??= z.toJSONSchema(RepoConfigSchema, { io: "input" }) as JsonSchemaNode;
  return cached;
}

/** The committed file's exact content. */
export function renderRepoConfigJsonSchema(): string {
  return `${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`;
}

/** The schema node for a key path (`["limits", "maxFiles"]`, `["paths", "allow", 0]`), or null when there is none. */
export function schemaAt(path: readonly PropertyKey[]): JsonSchemaNode | null {
  let node: JsonSchemaNode | undefined = repoConfigJsonSchema();
  for (const segment of path) {
    node = unwrapNullable(node);
    if (!node) return null;
    node = typeof segment === "number" ? node.items : node.properties?.[String(segment)];
  }
  return unwrapNullable(node) ?? null;
}

/** The keys allowed in the mapping at `path`. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  return Object.keys(schemaAt(path)?.properties ?? {});
}

/** Every key path in the schema, dotted (`limits.maxFiles`), parents before children. */
export function allKeyPaths(): string[] {
  const out: string[] = [];
  const walk = (node: JsonSchemaNode, prefix: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path);
      walk(child, path);
    }
  };
  walk(repoConfigJsonSchema(), "");
  return out;
}

function unwrapNullable(node: JsonSchemaNode | undefined): JsonSchemaNode | undefined {
  if (node?.anyOf) return node.anyOf.find((n) => n.type !== "null") ?? node;
  return node;
}
