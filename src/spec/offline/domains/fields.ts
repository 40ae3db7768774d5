import type { FieldInput } from "./types.js";

/** Terse constructors for the field tables; every field is required unless `optional(...)`. */

type Extra = Partial<Omit<FieldInput, "name" | "type">>;

export const str = (name: string, maxLength = 200, extra: Extra = {}): FieldInput => ({ name, type: "string", maxLength, ...extra });
export const searchable = (name: string, maxLength = 200, extra: Extra = {}): FieldInput => str(name, maxLength, { searchable: true, ...extra });
export const text = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "text", ...extra });
export const int = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "int", ...extra });
export const float = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "float", ...extra });
export const money = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "decimal", min: 0, ...extra });
export const bool = (name: string, defaultValue: boolean): FieldInput => ({ name, type: "bool", default: defaultValue });
export const date = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "date", ...extra });
export const datetime = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "datetime", ...extra });
export const emailField = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "email", ...extra });
export const url = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "string", maxLength: 2048, ...extra });
export const json = (name: string, extra: Extra = {}): FieldInput => ({ name, type: "json", ...extra });
export const choice = (name: string, values: string[], defaultValue?: string, extra: Extra = {}): FieldInput => ({
  name,
  type: "enum",
  enumValues: values,
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  ...extra,
});
export const optional = (field: FieldInput): FieldInput => ({ ...field, required: false });
