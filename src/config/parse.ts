/**
 * Reads `.github/stackwright.yml`: YAML text (or null when the file does not
 * exist) → the validated configuration with defaults, or every problem found,
 * each naming its key, its line and the fix. Pure: the caller fetches the
 * file from the default branch.
 */
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { configErrorsFromIssues, type ConfigError } from "./errors.js";
import { RepoConfigSchema, type RepoConfig } from "./schema.js";

export type { ConfigError } from "./errors.js";

export type ParseRepoConfigResult = { ok: true; config: RepoConfig } | { ok: false; errors: ConfigError[] };

/** Larger files are refused unread (the real one is a few hundred bytes). */
export const MAX_CONFIG_LENGTH = 64 * 1024;

/**
 * Parses and validates the configuration file's text. `null`, an empty file
 * or one with only comments means "all defaults".
 */
export function parseRepoConfig(text: string | null): ParseRepoConfigResult {
  if (text === null) return { ok: true, config: RepoConfigSchema.parse({}) };
  if (text.length > MAX_CONFIG_LENGTH) {
    return fail([{ path: "", message: `The file is ${Math.ceil(text.length / 1024)} KiB; the limit is ${MAX_CONFIG_LENGTH / 1024} KiB.`, fix: "Keep only Stackwright's settings in it (see docs/configuration.md)." }]);
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return fail(doc.errors.map((e) => syntaxError(e)));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    return fail([{ path: "", message: `The YAML could not be read: ${error instanceof Error ? error.message : String(error)}.`, fix: "Write plain keys and values, without anchors and aliases (`&name`, `*name`)." }]);
  }

  const parsed = RepoConfigSchema.safeParse(data);
  if (parsed.success) return { ok: true, config: parsed.data };

  return fail(configErrorsFromIssues(parsed.error.issues, data, (path) => lineOf(doc, lineCounter, path)));
}

function fail(errors: ConfigError[]): ParseRepoConfigResult {
  const sorted = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, errors: sorted };
}

interface YamlProblem {
  code: string;
  message: string;
  linePos?: [{ line: number; col: number }, ...Array<{ line: number; col: number }>];
}

const SYNTAX_FIXES: Record<string, string> = {
  DUPLICATE_KEY: "Keep only one of the keys with this name in that mapping.",
  TAB_AS_INDENT: "Indent with spaces, not tabs.",
  BAD_INDENT: "Line the keys of one mapping up at the same indentation, with spaces, and close every `[` and `{`.",
  MULTIPLE_DOCS: "Keep a single YAML document: remove the extra `---` line.",
  MISSING_CHAR: "Close the quote or bracket that was opened on this line.",
  BAD_SCALAR_START: "Put quotes around a value that starts with a special character (`@`, `` ` ``, `%`, `|`, `>`).",
};

function syntaxError(error: YamlProblem): ConfigError {
  const position = error.linePos?.[0];
  // yaml's message is "What went wrong at line L, column C:" followed by a source excerpt.
  const firstLine = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "").trim();
  const where = position ? ` (line ${position.line}, column ${position.col})` : "";
  return {
    path: "",
    message: `YAML syntax error${where}: ${firstLine}.`,
    fix: SYNTAX_FIXES[error.code] ?? "Check the YAML on that line: one `key: value` per line, indented with spaces, quotes and brackets closed.",
    ...(position ? { line: position.line } : {}),
  };
}

/**
 * The 1-based line of a key path in the document: the key's own line when the
 * key exists; otherwise the nearest parent key that does.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const offset = offsetOf(doc, path.slice(0, depth));
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}

/** Where the key (in a mapping) or the item (in a list) at `path` starts. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const parent: unknown = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(last));
    const node = pair?.key as Node | undefined;
    return node?.range?.[0];
  }
  if (isSeq(parent) && typeof last === "number") {
    const item = parent.items[last] as Node | undefined;
    return item?.range?.[0];
  }
  return undefined;
}
