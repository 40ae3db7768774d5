/**
 * Prints a JSON-like value as a JavaScript literal for generated source:
 * identifier keys unquoted, objects and arrays on one line when they fit in
 * `width` columns, otherwise one member per line. `undefined` members are
 * dropped. Deterministic: key order is the object's own order.
 */
export function jsLiteral(value: unknown, indent = 0, width = 110): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as a literal`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => jsLiteral(item, indent + 2, width));
    return wrap("[", "]", items, indent, width);
  }
  if (typeof value === "object") {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${propertyKey(key)}: ${jsLiteral(member, indent + 2, width)}`);
    return wrap("{", "}", members, indent, width, true);
  }
  throw new Error(`cannot print a ${typeof value} as a literal`);
}

function wrap(open: string, close: string, items: string[], indent: number, width: number, spaced = false): string {
  if (items.length === 0) return `${open}${close}`;
  const inline = spaced ? `${open} ${items.join(", ")} ${close}` : `${open}${items.join(", ")}${close}`;
  if (!inline.includes("\n") && indent + inline.length <= width) return inline;
  const pad = " ".repeat(indent + 2);
  return `${open}\n${items.map((item) => `${pad}${item},`).join("\n")}\n${" ".repeat(indent)}${close}`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A string as a JavaScript string literal (double-quoted, escaped). */
export const jsString = (text: string): string => JSON.stringify(text);
