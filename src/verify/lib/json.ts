/**
 * A small strict JSON parser that says where it failed (JSON.parse in Node 20
 * does not always give a position) and, on request, where each value starts,
 * so a schema issue at `services.0.dir` can point at its line. With `jsonc`,
 * comments and trailing commas are accepted (tsconfig.json, .vscode/*.json).
 */

export interface JsonOptions {
  jsonc?: boolean;
  /** Record the start offset of every value, keyed by `pathKey(path)`. */
  locations?: boolean;
}

export type JsonResult =
  | { ok: true; value: unknown; locations: Map<string, number> }
  | { ok: false; offset: number; message: string };

export function pathKey(path: ReadonlyArray<string | number | symbol>): string {
  return path.map(String).join("\u0000");
}

class JsonError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseJson(text: string, options: JsonOptions = {}): JsonResult {
  const jsonc = options.jsonc ?? false;
  const locations = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = i): never => {
    throw new JsonError(at, message);
  };
  const describe = (at: number) => (at >= text.length ? "end of file" : `character ${JSON.stringify(text[at])}`);

  const skipSpace = () => {
    for (;;) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
      else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
        if (!jsonc) fail("Comments are not allowed in JSON");
        if (text[i + 1] === "/") {
          const end = text.indexOf("\n", i);
          i = end === -1 ? text.length : end;
        } else {
          const end = text.indexOf("*/", i + 2);
          if (end === -1) fail("Unterminated comment");
          i = end + 2;
        }
      } else return;
    }
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    let run = i;
    for (;;) {
      if (i >= text.length) fail("Unterminated string", start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 0x20) fail(c === 0x0a ? "Unterminated string (line break inside a string)" : "Control character inside a string");
      if (c === 0x5c) {
        out += text.slice(run, i);
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\u escape in string");
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
          const v = e === undefined ? undefined : map[e];
          if (v === undefined) fail(`Invalid escape \\${e ?? ""} in string`);
          out += v;
          i += 2;
        }
        run = i;
        continue;
      }
      i++;
    }
  };

  const parseNumber = (): number => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`Unexpected ${describe(i)}`);
    const start = i;
    i += m![0].length;
    if (/[0-9A-Za-z_.]/.test(text[i] ?? "")) fail(`Invalid number`, start);
    return Number(m![0]);
  };

  const parseValue = (path: Array<string | number>): unknown => {
    skipSpace();
    if (options.locations) locations.set(pathKey(path), i);
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        skipSpace();
        if (text[i] === "}" && jsonc) {
          i++;
          return obj;
        }
        if (text[i] !== '"') fail(text[i] === "}" ? "Trailing comma is not allowed in JSON" : `Expected a double-quoted property name, found ${describe(i)}`);
        const key = parseString();
        skipSpace();
        if (text[i] !== ":") fail(`Expected ':' after property name, found ${describe(i)}`);
        i++;
        obj[key] = parseValue([...path, key]);
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail(`Expected ',' or '}' after property value, found ${describe(i)}`);
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      skipSpace();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        skipSpace();
        if (text[i] === "]") {
          if (!jsonc) fail("Trailing comma is not allowed in JSON");
          i++;
          return arr;
        }
        arr.push(parseValue([...path, arr.length]));
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail(`Expected ',' or ']' after array element, found ${describe(i)}`);
      }
    }
    if (c === '"') return parseString();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return parseNumber();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(`Unexpected ${describe(i)}`);
  };

  try {
    const value = parseValue([]);
    skipSpace();
    if (i < text.length) fail(`Unexpected ${describe(i)} after the JSON value`);
    return { ok: true, value, locations };
  } catch (err) {
    if (err instanceof JsonError) return { ok: false, offset: err.offset, message: err.message };
    if (err instanceof RangeError) return { ok: false, offset: 0, message: "JSON nested too deeply" };
    throw err;
  }
}

/** Files in the JSON-with-comments dialect: TypeScript, ESLint, VS Code and dev-container configuration. */
export function isJsonc(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return (
    /^(?:tsconfig(?:\..*)?|jsconfig(?:\..*)?|\.eslintrc|devcontainer|\.devcontainer)\.json$/.test(name) ||
    /(?:^|\/)\.(?:vscode|devcontainer)\/[^/]+\.json$/.test(path) ||
    name.endsWith(".jsonc")
  );
}
