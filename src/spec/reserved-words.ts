/**
 * Words that cannot name an entity, field or relation because some target
 * language or SQL would choke on them (or silently mean something else).
 * Checked case-insensitively against the name and its snake_case column form.
 */

/** PostgreSQL reserved key words (those marked "reserved" in the SQL key words appendix). */
export const SQL_RESERVED = new Set([
  "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
  "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
  "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
  "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
  "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
  "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
  "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
  "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order",
  "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
  "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then",
  "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
  "where", "window", "with",
]);

export const PYTHON_RESERVED = new Set([
  "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
  "yield", "match", "case", "type",
]);

export const GO_RESERVED = new Set([
  "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
  "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
  "struct", "switch", "type", "var",
]);

export const TS_RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with", "as", "implements", "interface", "let", "package",
  "private", "protected", "public", "static", "yield", "any", "boolean", "constructor", "declare",
  "get", "module", "require", "number", "set", "string", "symbol", "type", "from", "of", "await",
  "async", "constructor", "prototype", "__proto__",
]);

export const RESERVED_BY_TARGET: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ["SQL", SQL_RESERVED],
  ["Python", PYTHON_RESERVED],
  ["Go", GO_RESERVED],
  ["TypeScript/JavaScript", TS_RESERVED],
];

/**
 * PascalCase type names that would shadow a language builtin or a name the
 * templates import (Express/FastAPI `Request`, `Response`).
 */
export const TYPE_NAME_RESERVED = new Set([
  "False", "None", "True", "Object", "Date", "Error", "Map", "Set", "Promise", "Array", "String",
  "Number", "Boolean", "Symbol", "Function", "JSON", "Math", "Request", "Response", "Router",
  "Exception", "Model", "Base",
]);

/** Returns the targets for which `word` is reserved (empty when it is safe everywhere). */
export function reservedIn(word: string): string[] {
  const w = word.toLowerCase();
  return RESERVED_BY_TARGET.filter(([, set]) => set.has(w)).map(([target]) => target);
}
