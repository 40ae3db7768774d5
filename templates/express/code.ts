/** Small helpers for writing generated JavaScript and SQL text. */

/** A JavaScript string literal (double quotes, like the rest of the generated code). */
export const js = (value: string): string => JSON.stringify(value);

/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** Joins non-empty blocks with one blank line between them, ending with a newline. */
export function blocks(...parts: Array<string | false | undefined | null>): string {
  return parts.filter((p): p is string => typeof p === "string" && p.length > 0).map((p) => p.trimEnd()).join("\n\n") + "\n";
}

/** Indents every non-empty line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? pad + line : line))
    .join("\n");
}

/** `import { a, b } from "x";` with the names sorted, or nothing when there are none. */
export function importLine(names: Iterable<string>, from: string): string | undefined {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  return sorted.length > 0 ? `import { ${sorted.join(", ")} } from ${js(from)};` : undefined;
}
