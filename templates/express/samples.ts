import type { FieldModel } from "../../src/spec/model.js";
import { js } from "./code.js";

const clamp = (value: number, min: number | undefined, max: number | undefined) => Math.min(max ?? Infinity, Math.max(min ?? -Infinity, value));

/** A string that fits maxLength; unique fields get a random part from `unique()` in the generated tests. */
function text(label: string, maxLength: number | undefined, isUnique: boolean): string {
  const limit = maxLength ?? 1000;
  if (isUnique) return limit >= label.length + 9 ? `\`${label}-\${unique()}\`` : `unique().slice(0, ${Math.min(limit, 8)})`;
  return js(label.slice(0, limit));
}

/**
 * JavaScript source for a valid value of `field` in a generated test. `variant`
 * "update" gives a different valid value, for PATCH checks.
 */
export function sampleValue(field: FieldModel, variant: "create" | "update" = "create"): string {
  const spec = field.spec;
  const update = variant === "update";
  switch (spec.type) {
    case "string":
      return text(update ? `Updated ${field.label}` : `Sample ${field.label}`, spec.maxLength, spec.unique);
    case "text":
      return text(update ? `Updated ${field.label.toLowerCase()} text.` : `Some ${field.label.toLowerCase()} text.`, spec.maxLength, spec.unique);
    case "email":
      return spec.unique ? `\`${update ? "updated" : "sample"}-\${unique()}@example.com\`` : js(update ? "updated@example.com" : "sample@example.com");
    case "int":
      return String(clamp(update ? 2 : 1, spec.min, spec.max));
    case "float":
      return String(clamp(update ? 2.25 : 1.5, spec.min, spec.max));
    case "decimal":
      return js(String(clamp(update ? 20.25 : 12.5, spec.min, spec.max)));
    case "bool":
      return update ? "false" : "true";
    case "date":
      return js(update ? "2024-06-30" : "2024-05-01");
    case "datetime":
      return js(update ? "2024-06-30T08:30:00.000Z" : "2024-05-01T12:00:00.000Z");
    case "uuid":
      return "randomUUID()";
    case "json":
      return update ? `{ updated: true }` : `{ note: "sample", tags: ["a", "b"] }`;
    case "enum": {
      const values = spec.enumValues ?? [];
      return js((update ? values[values.length - 1] : values[0]) ?? "");
    }
  }
}

/** A value of the wrong JSON type for `field`, and the start of the message the API answers with. */
export function wrongTypeValue(field: FieldModel): string {
  return ["int", "float", "bool", "decimal", "json"].includes(field.spec.type) ? js("not-a-valid-value") : "12345";
}
