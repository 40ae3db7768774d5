/**
 * Turns zod's validation issues into errors a repository owner can act on:
 * which key, what is wrong with it, and the exact fix (the allowed values,
 * the bounds and default, or the key they probably meant).
 */
import type { z } from "zod";
import { redactSecrets } from "../github/render/redact.js";
import { allKeyPaths, keysAt, schemaAt, type JsonSchemaNode } from "./json-schema.js";
import { closestMatch } from "./suggest.js";

export interface ConfigError {
  /** The key, dotted (`limits.maxFiles`, `paths.allow[1]`); "" for the file as a whole. */
  path: string;
  /** What is wrong, as a sentence. */
  message: string;
  /** What to change, as a sentence. */
  fix: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

type Issue = z.core.$ZodIssue;
type Segment = PropertyKey;

/** Fixes worded for one key, where the generic wording would be vague. `[]` stands for any list index. */
const FIX_FOR_KEY: Record<string, string> = {
  "paths.allow": "List at least one directory or file (for example `[backend, frontend]`), or remove `allow` to let the generator write anywhere.",
  "paths.allow[]": "Write a path relative to the repository's root with forward slashes, such as `backend`, `frontend/src` or `README.md`.",
  "deploy.manualUrlSecret": "Write the NAME of the secret that holds the database URL, in capitals (for example `PRODUCTION_DATABASE_URL`); keep the URL itself in the secret, never in this file.",
  "deploy.environment": "Use a name such as `production` or `staging`: letters, digits, `.`, `_`, `-` and single spaces.",
  "model.name": "Use a model id such as `claude-sonnet-4-5`, or remove `name` to use the installation's default.",
};

/** Dotted display form of a key path: `paths.allow[1]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * The errors for zod's issues on `input` (the parsed YAML). `lineOf` finds a
 * key path's line in the file, when the caller knows it.
 */
export function configErrorsFromIssues(
  issues: readonly Issue[],
  input: unknown,
  lineOf: (path: readonly Segment[]) => number | undefined = () => undefined,
): ConfigError[] {
  const seen = new Set<string>();
  return issues.flatMap((issue) =>
    errorsForIssue(issue, input).flatMap(({ segments, ...error }) => {
      // One error per key: an empty string that also fails its pattern is one problem to the reader.
      if (seen.has(error.path)) return [];
      seen.add(error.path);
      const line = lineOf(segments);
      return [line === undefined ? error : { ...error, line }];
    }),
  );
}

type LocatedError = ConfigError & { segments: readonly Segment[] };

function errorsForIssue(issue: Issue, input: unknown): LocatedError[] {
  return describeIssue(issue, input).map((error) => ({ segments: issue.path, ...error }));
}

function describeIssue(issue: Issue, input: unknown): Array<ConfigError & { segments?: readonly Segment[] }> {
  const path = issue.path;
  const node = schemaAt(path);
  const value = valueAt(input, path);
  const key = formatPath(path);
  const named = key === "" ? "The file" : code(key);

  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((unknownKey) => ({ ...unknownKeyError(path, unknownKey), segments: [...path, unknownKey] }));

    case "invalid_value": {
      const choices = (issue.values ?? []).map((v) => String(v));
      const guess = typeof value === "string" ? closestMatch(value, choices) : null;
      return [
        {
          path: key,
          message: `${named} is ${describeValue(value)}, which is not one of the choices.`,
          fix: `${guess ? `Did you mean ${code(guess)}? ` : ""}Use one of ${choices.map(code).join(", ")}.${defaultNote(node)}`,
        },
      ];
    }

    case "invalid_type": {
      if (key === "") {
        return [
          {
            path: "",
            message: `The file holds ${describeValue(value)}, not a mapping of keys.`,
            fix: `Write top-level keys, one per line, such as ${keysAt([]).map((k) => code(`${k}:`)).join(", ")}.`,
          },
        ];
      }
      return [{ path: key, message: `${named} must be ${expectation(node, issue.expected)}, not ${describeValue(value)}.`, fix: typeFix(path, node, issue.expected) }];
    }

    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const side = issue.code === "too_small" ? "at least" : "at most";
      const fix = FIX_FOR_KEY[patternOf(path)];
      if (issue.origin === "array") {
        return [{ path: key, message: `${named} must list ${side} ${String(bound)} item(s); it has ${Array.isArray(value) ? value.length : 0}.`, fix: fix ?? `Give it ${side} ${String(bound)} item(s).` }];
      }
      if (issue.origin === "string") {
        return [{ path: key, message: `${named} must be ${side} ${String(bound)} character(s) long.`, fix: fix ?? `Change it to ${side} ${String(bound)} character(s).` }];
      }
      return [{ path: key, message: `${named} is ${describeValue(value)}; it must be ${side} ${String(bound)}.`, fix: fix ?? `Use ${expectation(node, "number")}.${defaultNote(node)}` }];
    }

    case "invalid_format":
    case "custom": {
      const params = issue.code === "custom" ? (issue.params as { fix?: unknown } | undefined) : undefined;
      const fix = typeof params?.fix === "string" ? params.fix : (FIX_FOR_KEY[patternOf(path)] ?? `Change ${named} so that it ${issue.message}.`);
      return [{ path: key, message: `${named} ${issue.message}.`, fix }];
    }

    default:
      return [{ path: key, message: `${named}: ${issue.message}.`, fix: `Use ${expectation(node, undefined)}.${defaultNote(node)}` }];
  }
}

function unknownKeyError(parent: readonly Segment[], unknownKey: string): ConfigError {
  const path = formatPath([...parent, unknownKey]);
  const allowed = keysAt(parent);
  const here = parent.length === 0 ? "at the top level" : `under ${code(formatPath(parent))}`;
  const message = `${code(path)} is not a known key.`;

  const typo = closestMatch(unknownKey, allowed);
  if (typo) return { path, message, fix: `Did you mean ${code(typo)}? Rename ${code(unknownKey)} to ${code(typo)}.` };

  // A real key in the wrong place (`maxFiles` at the top level instead of under `limits`).
  const prefix = formatPath(parent);
  const elsewhere = allKeyPaths().find((p) => p.endsWith(`.${unknownKey}`) || p === unknownKey);
  if (elsewhere && elsewhere !== (prefix ? `${prefix}.${unknownKey}` : unknownKey)) {
    return { path, message, fix: `${code(unknownKey)} belongs at ${code(elsewhere)}: move it there.` };
  }
  const list = allowed.length > 0 ? `The keys allowed ${here} are ${allowed.map(code).join(", ")}.` : "";
  return { path, message, fix: `Remove it. ${list}`.trim() };
}

/** What a value of the node should look like, in words. */
function expectation(node: JsonSchemaNode | null, expected: string | undefined): string {
  if (node?.enum) return `one of ${node.enum.map((v) => code(String(v))).join(", ")}`;
  const type = node?.type ?? expected;
  switch (type) {
    case "integer":
    case "int":
      return node?.minimum !== undefined && node.maximum !== undefined ? `a whole number from ${node.minimum} to ${node.maximum}` : "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "`true` or `false`";
    case "array":
      return "a list";
    case "object":
      return "a mapping of keys";
    case "string":
      return "text";
    default:
      return "a valid value";
  }
}

function typeFix(path: readonly Segment[], node: JsonSchemaNode | null, expected: string): string {
  const key = String(path[path.length - 1] ?? "");
  const type = node?.enum ? "enum" : (node?.type ?? expected);
  switch (type) {
    case "enum":
      return `Use one of ${(node?.enum ?? []).map((v) => code(String(v))).join(", ")}.${defaultNote(node)}`;
    case "integer":
    case "int":
    case "number":
      return `Write ${expectation(node, expected)} without quotes, e.g. ${code(`${key}: ${String(node?.default ?? node?.minimum ?? 1)}`)}.${defaultNote(node)}`;
    case "boolean":
      return `Write ${code(`${key}: true`)} or ${code(`${key}: false`)} (YAML 1.2 reads \`yes\`, \`no\`, \`on\` and \`off\` as text).${defaultNote(node)}`;
    case "array":
      return FIX_FOR_KEY[patternOf(path)] ?? `Write a list: ${code(`${key}: [a, b]`)}, or one \`- item\` per line below ${code(`${key}:`)}.`;
    case "object": {
      const keys = Object.keys(node?.properties ?? {});
      return `Put its keys on the lines below ${code(`${key}:`)}, indented by two spaces${keys.length > 0 ? ` (keys: ${keys.map(code).join(", ")})` : ""}.`;
    }
    case "string":
      return FIX_FOR_KEY[patternOf(path)] ?? `Write text; put quotes around it if it looks like a number or \`true\`/\`false\`.`;
    default:
      return `Use ${expectation(node, expected)}.`;
  }
}

function defaultNote(node: JsonSchemaNode | null): string {
  if (node?.default === undefined || (typeof node.default === "object" && node.default !== null)) return "";
  return ` The default is ${code(String(node.default))}.`;
}

/** `paths.allow[3]` → `paths.allow[]`, the key of FIX_FOR_KEY. */
function patternOf(path: readonly Segment[]): string {
  return formatPath(path).replace(/\[\d+\]/g, "[]");
}

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** A value as the user wrote it, short and secret-free: `"heroku"`, `5`, `nothing`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "empty";
  if (typeof value === "string") {
    const shown = redactSecrets(value).replace(/\s+/g, " ");
    return `text ${code(shown.length > 60 ? `${shown.slice(0, 59)}…` : shown)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return code(String(value));
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}

function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}
