import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { FieldModel } from "../../../src/spec/model.js";

/** Sample request values for every field type, and the comparison of what the API echoes back. */

export const uniqueSuffix = () => randomBytes(4).toString("hex");

const clamp = (value: number, min: number | undefined, max: number | undefined) => Math.min(max ?? Infinity, Math.max(min ?? -Infinity, value));

function text(label: string, field: FieldModel): string {
  const limit = field.spec.maxLength ?? 1000;
  if (!field.spec.unique) return label.slice(0, limit);
  const value = `${label}-${uniqueSuffix()}`;
  return value.length <= limit ? value : uniqueSuffix().slice(0, Math.min(limit, 8));
}

/** A valid value for `field`; `variant` "update" is a different valid value. Unique fields get a random part. */
export function sampleValue(field: FieldModel, variant: "create" | "update" = "create"): unknown {
  const spec = field.spec;
  const update = variant === "update";
  switch (spec.type) {
    case "string":
      return text(update ? `Changed ${field.label}` : `Contract ${field.label}`, field);
    case "text":
      return text(update ? `Changed text for ${field.label}.` : `Text for ${field.label}, with ünïcode ✓.`, field);
    case "email":
      return `${update ? "changed" : "contract"}-${uniqueSuffix()}@example.com`;
    case "int":
      return clamp(update ? 2 : 1, spec.min, spec.max);
    case "float":
      return clamp(update ? 2.25 : 1.5, spec.min, spec.max);
    case "decimal":
      return String(clamp(update ? 20.25 : 12.5, spec.min, spec.max));
    case "bool":
      return !update;
    case "date":
      return update ? "2024-06-30" : "2024-02-29";
    case "datetime":
      return update ? "2024-06-30T08:30:00.000Z" : "2024-05-01T12:00:00.000Z";
    case "uuid":
      return randomUUID();
    case "json":
      return update ? [1, "two", { three: 3 }] : { note: "contract", nested: { list: [1, 2] }, flag: true };
    case "enum": {
      const values = spec.enumValues ?? [];
      return update ? values[values.length - 1] : values[0];
    }
  }
}

/** A value of the wrong JSON type for `field`, or undefined when every JSON value is valid (json fields). */
export function wrongTypeValue(field: FieldModel): unknown {
  switch (field.spec.type) {
    case "json":
      return undefined;
    case "int":
    case "float":
    case "decimal":
      return "not a number";
    case "bool":
      return "yes";
    default:
      return 12345;
  }
}

/** Whether the API's echo of a value matches what was sent, under the contract's encodings. */
export function sameValue(field: FieldModel, sent: unknown, got: unknown): boolean {
  if (sent === null || sent === undefined) return got === null || got === undefined;
  switch (field.spec.type) {
    case "decimal":
      return typeof got === "string" && Number(got) === Number(sent);
    case "datetime":
      return typeof got === "string" && Date.parse(got) === Date.parse(String(sent));
    case "email":
      return typeof got === "string" && got.toLowerCase() === String(sent).toLowerCase();
    case "uuid":
      return typeof got === "string" && got.toLowerCase() === String(sent).toLowerCase();
    default:
      return isDeepStrictEqual(got, sent);
  }
}

/** The JSON type a field's value must have in a record (null allowed for optional fields). */
export function hasContractType(field: FieldModel, value: unknown): boolean {
  if (value === null) return !field.spec.required || field.spec.type === "json";
  switch (field.spec.type) {
    case "int":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "decimal":
      return typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value);
    case "bool":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
    case "json":
      return true;
    case "enum":
      return typeof value === "string" && (field.spec.enumValues ?? []).includes(value);
    default:
      return typeof value === "string";
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
