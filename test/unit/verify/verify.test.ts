import { describe, expect, it } from "vitest";
import { CHECK_IDS, verifyFiles } from "../../../src/verify/index.js";
import { editFile, expressReactApp, fastapiApp, ginApp, withFile } from "../../fixtures/verify/apps.js";
import { errors, hasPython, status } from "./support.js";

// Starting the embedded PostgreSQL takes a second or more on a busy machine.
const PG_TIMEOUT = 60_000;

describe("verifyFiles on whole apps", () => {
  it(
    "passes a clean Express + React app on every check",
    async () => {
      const report = await verifyFiles(expressReactApp());
      expect(report.findings).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
      const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
      expect(statuses).toEqual({
        manifest: "pass",
        secrets: "pass",
        env: "pass",
        syntax: "pass",
        placeholders: "pass",
        imports: "pass",
        "python-syntax": "skip",
        "go-syntax": "skip",
        migrations: "pass",
      });
      expect(report.checks.find((c) => c.id === "migrations")?.detail).toBe("3/3 migrations applied");
      expect(report.checks.find((c) => c.id === "python-syntax")?.detail).toBe("no Python files");
      expect(report.stats.files).toBe(expressReactApp().length);
      for (const c of report.checks) expect(c.durationMs).toBeGreaterThanOrEqual(0);
    },
    PG_TIMEOUT,
  );

  it.runIf(hasPython)("passes a clean FastAPI app, compiling its Python", async () => {
    const report = await verifyFiles(fastapiApp());
    expect(report.findings).toEqual([]);
    expect(status(report, "python-syntax")).toBe("pass");
    expect(report.checks.find((c) => c.id === "python-syntax")?.detail).toMatch(/^5 files, Python 3\.\d+/);
    expect(status(report, "migrations")).toBe("skip");
  });

  it("passes a clean Gin app; without gofmt its Go syntax check is skipped with the reason", async () => {
    const report = await verifyFiles(ginApp(), { tools: { gofmt: null } });
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.id === "go-syntax")).toMatchObject({ status: "skip", detail: "gofmt not available" });
    expect(report.checks.find((c) => c.id === "imports")).toMatchObject({ status: "pass", detail: "2 third-party imports in 2 files" });
  });

  it("keeps checks independent: each problem is reported by its own check, the others still pass", async () => {
    let files = editFile(expressReactApp(), "backend/package.json", '"private": true,', '"private": true,,');
    files = editFile(files, "backend/src/auth.js", "  return router;", "  // ... existing code ...\n  return router;");
    files = withFile(files, "backend/.env", "JWT_SECRET=x\n");
    const report = await verifyFiles(files, { skip: ["migrations"] });
    expect(report.ok).toBe(false);
    expect(errors(report).map((f) => [f.check, f.file, f.line])).toEqual([
      ["secrets", "backend/.env", 1],
      ["syntax", "backend/package.json", 3],
      ["placeholders", "backend/src/auth.js", 25],
    ]);
    expect(status(report, "env")).toBe("pass");
    // backend/package.json does not parse: imports under it are not judged (no flood of false "undeclared").
    expect(status(report, "imports")).toBe("pass");
    expect(report.checks.find((c) => c.id === "migrations")).toMatchObject({ status: "skip", detail: "not selected", durationMs: 0 });
  });

  it("runs only the selected checks", async () => {
    const files = withFile(expressReactApp(), "backend/.env", "JWT_SECRET=x\n");
    const report = await verifyFiles(files, { only: ["syntax", "env"] });
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.status !== "skip").map((c) => c.id)).toEqual(["env", "syntax"]);
  });

  it("normalises paths and lets a later file with the same path win", async () => {
    const files = [...expressReactApp().map((f) => ({ ...f, path: `./${f.path}` })), { path: "backend/src/db.js", content: "export const pool = ;\n" }];
    const report = await verifyFiles(files, { only: ["syntax"] });
    expect(errors(report).map((f) => `${f.file}:${f.line}`)).toEqual(["backend/src/db.js:1"]);
    expect(report.stats.files).toBe(expressReactApp().length);
  });
});
