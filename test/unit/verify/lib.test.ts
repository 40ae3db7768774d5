import { describe, expect, it } from "vitest";
import { VerifyContext } from "../../../src/verify/context.js";
import { commentsIn } from "../../../src/verify/lib/comments.js";
import { goImports, parseGoMod } from "../../../src/verify/lib/go-imports.js";
import { isJsonc, parseJson, pathKey } from "../../../src/verify/lib/json.js";
import { parsePyproject, parseRequirements, pythonImports } from "../../../src/verify/lib/python-imports.js";
import { splitSql } from "../../../src/util/sql.js";
import { LineIndex, offsetOfCodePoint } from "../../../src/util/text.js";

describe("parseJson", () => {
  it("parses what JSON.parse does and records where each value starts", () => {
    const text = '{\n  "a": [1, {"b": "x\\n"}],\n  "c": null\n}';
    const result = parseJson(text, { locations: true });
    expect(result.ok && result.value).toEqual(JSON.parse(text));
    if (!result.ok) throw new Error("unreachable");
    expect(new LineIndex(text).at(result.locations.get(pathKey(["a", 1, "b"]))!)).toEqual({ line: 2, column: 18 });
    expect(new LineIndex(text).at(result.locations.get(pathKey(["c"]))!)).toEqual({ line: 3, column: 8 });
  });

  it("says where it fails", () => {
    const cases: Array<[string, number, string]> = [
      ['{"a": 1,}', 8, "Trailing comma is not allowed in JSON"],
      ['{"a" 1}', 5, "Expected ':' after property name, found character \"1\""],
      ['{"a": tru}', 6, 'Unexpected character "t"'],
      ['{"a": "x', 6, "Unterminated string"],
      ["[1, 2", 5, "Expected ',' or ']' after array element, found end of file"],
      ["{} {}", 3, 'Unexpected character "{" after the JSON value'],
      ["[01]", 1, "Invalid number"],
    ];
    for (const [text, offset, message] of cases) expect(parseJson(text), text).toEqual({ ok: false, offset, message });
  });

  it("accepts comments and trailing commas in JSONC only", () => {
    const text = '{\n  // comment\n  "a": [1, 2,], /* block */\n}';
    expect(parseJson(text).ok).toBe(false);
    expect(parseJson(text, { jsonc: true })).toMatchObject({ ok: true, value: { a: [1, 2] } });
    expect(isJsonc("frontend/tsconfig.app.json")).toBe(true);
    expect(isJsonc(".vscode/settings.json")).toBe(true);
    expect(isJsonc("package.json")).toBe(false);
  });
});

describe("splitSql", () => {
  it("splits at top-level semicolons only, giving each statement's start", () => {
    const sql = [
      "-- a comment; with a semicolon",
      "CREATE TABLE a (s text DEFAULT ';');",
      "/* block; /* nested; */ */ INSERT INTO a VALUES (E'it\\'s; fine');",
      'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;',
      'SELECT "weird;name" FROM a',
    ].join("\n");
    const statements = splitSql(sql);
    expect(statements.map((s) => s.text.slice(0, 12))).toEqual(["CREATE TABLE", "INSERT INTO ", "CREATE FUNCT", 'SELECT "weir']);
    expect(statements.map((s) => new LineIndex(sql).at(s.start).line)).toEqual([2, 3, 4, 5]);
  });
});

describe("text positions", () => {
  it("maps offsets to lines and columns, and PostgreSQL's code-point positions to offsets", () => {
    const text = "ab\ncd\r\nef";
    const index = new LineIndex(text);
    expect(index.at(0)).toEqual({ line: 1, column: 1 });
    expect(index.at(4)).toEqual({ line: 2, column: 2 });
    expect(index.at(7)).toEqual({ line: 3, column: 1 });
    expect(index.lineText(2)).toBe("cd");
    expect(offsetOfCodePoint("😀x", 2)).toBe(2);
  });
});

describe("comment lexers", () => {
  it("skips strings in Python and finds # comments", () => {
    const text = 's = "# not a comment"\nt = """\n# still a string\n"""  # a comment\n';
    expect(commentsIn(text, { kind: "python" }).map((c) => c.text)).toEqual(["# a comment"]);
  });

  it("finds SQL comments outside strings", () => {
    const text = "SELECT '-- no' -- yes\n/* block\n two */";
    expect(commentsIn(text, { kind: "c", line: "--", block: true, strings: "'\"" }).map((c) => c.text)).toEqual(["-- yes", "/* block", " two */"]);
  });
});

describe("python imports", () => {
  it("reads import and from-import lines, skipping relative imports, strings and comments", () => {
    const text = ['"""', "import fake", '"""', "import os, sys as system", "from a.b import c", "from . import d", "from .e import f", "# import commented", "if x:", "    import g", ""].join("\n");
    expect(pythonImports(text).map((i) => [i.module, i.optional])).toEqual([
      ["os", false],
      ["sys", false],
      ["a", false],
      ["g", false],
    ]);
  });

  it("reads requirements and pyproject dependencies", () => {
    expect(parseRequirements("Flask==3.0 # web\nuvicorn[standard]>=0.30\n-r dev.txt\n--index-url https://x\ngit+https://github.com/a/b\nzope.interface\n")).toEqual({
      requirements: [
        { name: "flask", extras: [] },
        { name: "uvicorn", extras: ["standard"] },
        { name: "zope-interface", extras: [] },
      ],
      includes: ["dev.txt"],
    });
    const pyproject = '[project]\nname = "x"\ndependencies = [\n  "FastAPI>=0.1",\n  "pydantic[email]",\n]\n[project.optional-dependencies]\ntest = ["pytest"]\n[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2"\n';
    expect(parsePyproject(pyproject).map((r) => r.name)).toEqual(["fastapi", "pydantic", "pytest", "requests"]);
  });
});

describe("go imports", () => {
  it("reads single and grouped imports with aliases, not commented ones", () => {
    const text = 'package main\n\nimport "fmt"\nimport (\n\tx "github.com/a/b"\n\t_ "github.com/c/d"\n\t// "github.com/e/f"\n)\n';
    expect(goImports(text).map((i) => [i.path, text.slice(i.pos, i.pos + 1)])).toEqual([
      ["fmt", '"'],
      ["github.com/a/b", '"'],
      ["github.com/c/d", '"'],
    ]);
    expect(parseGoMod("module example.com/app\n\nrequire github.com/x/y v1.0.0\nrequire (\n\tgithub.com/a/b v1 // indirect\n)\nreplace github.com/old => ../old\n")).toEqual({
      module: "example.com/app",
      requires: ["github.com/a/b", "github.com/x/y", "github.com/old"],
    });
  });
});

describe("VerifyContext", () => {
  it("knows directories (dot-directories too) and the innermost service of a file", () => {
    const ctx = new VerifyContext([
      { path: ".github/workflows/ci.yml", content: "" },
      { path: "api/package.json", content: "{}" },
      { path: "api/src/index.js", content: "" },
      { path: "package.json", content: "{}" },
    ]);
    expect(ctx.hasDir(".github")).toBe(true);
    expect(ctx.hasDir("./.github/workflows/")).toBe(true);
    expect(ctx.hasDir("github")).toBe(false);
    expect(ctx.services.map((s) => s.dir)).toEqual(["", "api"]);
    expect(ctx.serviceOf("api/src/index.js")?.dir).toBe("api");
    expect(ctx.serviceOf(".github/workflows/ci.yml")?.dir).toBe("");
  });
});
