import { describe, expect, it } from "vitest";
import { parseGofmtErrors } from "../../../src/verify/checks/go-syntax.js";
import { editFile, expressReactApp, fastapiApp, ginApp, lineOf, withFile } from "../../fixtures/verify/apps.js";
import { errors, hasPython, run, status } from "./support.js";

describe("syntax check", () => {
  const app = expressReactApp();

  it("names the file, line and column of a JavaScript syntax error", async () => {
    const files = editFile(app, "backend/src/app.js", "app.use(express.json());", "app.use(express.json();");
    const report = await run(files, ["syntax"]);
    expect(report.ok).toBe(false);
    expect(errors(report)).toEqual([
      { check: "syntax", severity: "error", file: "backend/src/app.js", line: lineOf(files, "backend/src/app.js", "app.use(express.json();"), column: 25, message: "')' expected." },
    ]);
  });

  it("rejects TypeScript-only syntax in a .js file, and reports TSX errors", async () => {
    let files = editFile(app, "backend/src/db.js", "export const pool =", "export const pool: pg.Pool =");
    files = editFile(files, "frontend/src/components/PostCard.tsx", "<article>{post.title}</article>", "<article>{post.title}</articl>");
    const report = await run(files, ["syntax"]);
    expect(errors(report).map((f) => [f.file, f.line, f.message])).toEqual([
      ["backend/src/db.js", 3, "Type annotations can only be used in TypeScript files."],
      ["frontend/src/components/PostCard.tsx", 4, "Expected corresponding JSX closing tag for 'article'."],
    ]);
  });

  it("names the file, line and column of a JSON error", async () => {
    const files = editFile(app, "backend/package.json", '"private": true,', '"private": true,,');
    const report = await run(files, ["syntax"]);
    expect(errors(report)).toMatchObject([{ file: "backend/package.json", line: 3, column: 19 }]);
    expect(errors(report)[0]!.message).toMatch(/^invalid JSON: Expected a double-quoted property name/);
  });

  it("allows comments and trailing commas in tsconfig.json, but still catches errors there", async () => {
    expect((await run(app, ["syntax"])).ok).toBe(true); // the fixture's tsconfig has both
    const files = editFile(app, "frontend/tsconfig.json", '"target": "ES2022",', '"target": "ES2022"');
    const report = await run(files, ["syntax"]);
    expect(errors(report)).toMatchObject([{ file: "frontend/tsconfig.json", line: 5, column: 5 }]);
    // ...and not in ordinary JSON files.
    const comment = editFile(app, "backend/package.json", '"private": true,', '// private\n  "private": true,');
    expect(errors(await run(comment, ["syntax"]))).toMatchObject([{ file: "backend/package.json", line: 3, message: "invalid JSON: Comments are not allowed in JSON" }]);
  });

  it("names the file and line of a YAML error, including duplicate keys", async () => {
    const files = editFile(app, ".github/workflows/ci.yml", "    runs-on: ubuntu-latest", "    runs-on: [ubuntu-latest");
    const report = await run(files, ["syntax"]);
    expect(errors(report)).toHaveLength(1);
    expect(errors(report)[0]).toMatchObject({ file: ".github/workflows/ci.yml", line: 6 });
    expect(errors(report)[0]!.message).toMatch(/^invalid YAML: /);

    const dup = editFile(app, ".github/workflows/ci.yml", "on: [push, pull_request]", "on: [push, pull_request]\nname: again");
    expect(errors(await run(dup, ["syntax"]))).toMatchObject([{ file: ".github/workflows/ci.yml", line: 3, message: "invalid YAML: Map keys must be unique" }]);
  });

  it("checks PWA web manifests as JSON and accepts multi-document YAML", async () => {
    let files = withFile(app, "frontend/public/manifest.webmanifest", '{ "name": "Blog", }\n');
    files = withFile(files, "k8s/app.yaml", "kind: Service\n---\nkind: Deployment\n");
    expect(errors(await run(files, ["syntax"])).map((f) => f.file)).toEqual(["frontend/public/manifest.webmanifest"]);
  });

  it("reports the counts it looked at", async () => {
    const report = await run(app, ["syntax"]);
    expect(report.checks.find((c) => c.id === "syntax")?.detail).toBe("12 JS/TS files, 4 JSON files, 1 YAML file");
  });
});

describe("python-syntax check", () => {
  const broken = editFile(fastapiApp(), "backend/app/db.py", "def connect():", "def connect(:");

  it.runIf(hasPython)("names the file, line and column of a Python syntax error, in one python3 process", async () => {
    const files = editFile(broken, "backend/app/config.py", "class Settings:", "class Settings\n");
    const report = await run(files, ["python-syntax"]);
    expect(errors(report).map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      ["backend/app/config.py", 4, 15, "Python: expected ':'"],
      ["backend/app/db.py", 6, 13, "Python: invalid syntax"],
    ]);
  });

  it("is skipped, with the reason, when python3 is missing", async () => {
    const missing = await run(broken, ["python-syntax"], { tools: { python3: "/nonexistent/python3" } });
    expect(missing.ok).toBe(true);
    expect(missing.checks.find((c) => c.id === "python-syntax")).toMatchObject({ status: "skip", detail: "/nonexistent/python3 not found" });
    const disabled = await run(broken, ["python-syntax"], { tools: { python3: null } });
    expect(disabled.checks.find((c) => c.id === "python-syntax")).toMatchObject({ status: "skip", detail: "python3 not available" });
  });
});

describe("go-syntax check", () => {
  it("is skipped, with the reason, when gofmt is missing", async () => {
    const report = await run(ginApp(), ["go-syntax"], { tools: { gofmt: "/nonexistent/gofmt" } });
    expect(report.checks.find((c) => c.id === "go-syntax")).toMatchObject({ status: "skip", detail: "/nonexistent/gofmt not found" });
    expect(status(await run(expressReactApp(), ["go-syntax"]), "go-syntax")).toBe("skip");
  });

  it("reads gofmt -e errors", () => {
    expect(parseGofmtErrors("<standard input>:12:5: expected ';', found 'EOF'\n<standard input>:14: missing return\n")).toEqual([
      { line: 12, column: 5, message: "expected ';', found 'EOF'" },
      { line: 14, message: "missing return" },
    ]);
  });
});
