import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatVerifyReport, readAppFiles, toCheckRunAnnotations, verifyDirectory, type VerifyReport } from "../../../src/verify/index.js";
import { editFile, expressReactApp, lineOf } from "../../fixtures/verify/apps.js";
import { run } from "./support.js";

describe("formatVerifyReport", () => {
  it("lists each check, then findings grouped by file as path:line:col, then a verdict", async () => {
    let files = editFile(expressReactApp(), "backend/src/app.js", "app.use(express.json());", "app.use(express.json();");
    files = editFile(files, "backend/src/db.js", "process.env.DATABASE_URL", "process.env.DATABASE_URL, max: Number(process.env.PG_POOL_MAX)");
    const report = await run(files, ["syntax", "env", "imports"], { tools: { python3: null } });
    const text = formatVerifyReport(report);
    const line = lineOf(files, "backend/src/app.js", "app.use(express.json();");
    expect(text).toContain(`backend/src/app.js:${line}:25  error    ')' expected.  [syntax]`);
    expect(text).toContain("backend/src/db.js:3  error    reads PG_POOL_MAX but backend/.env.example does not list it  [env]");
    expect(text).toContain("backend/src/db.js:3  warning  reads PG_POOL_MAX but stackwright.json does not list it");
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^– stackwright\.json\s+not selected$/);
    expect(lines.find((l) => l.includes("Syntax"))).toMatch(/^✖ Syntax \(JS\/TS, JSON, YAML\)\s+12 JS\/TS files, 4 JSON files, 1 YAML file; 1 error  \(\d+ ms\)$/);
    expect(lines.find((l) => l.includes("Imports declared"))).toMatch(/^✔ Imports declared\s+14 third-party imports in 12 files  \(\d+ ms\)$/);
    // Grouped by file: the two db.js findings are adjacent, after a blank line.
    const db = lines.findIndex((l) => l.startsWith("backend/src/db.js"));
    expect(lines[db - 1]).toBe("");
    expect(lines[db + 1]).toMatch(/^backend\/src\/db\.js:3 /);
    expect(lines.at(-1)).toMatch(/^✖ verify failed: 2 errors, 1 warning in 2 files \(26 files, \d+(?:\.\d)? m?s\)$/);
  });

  it("ends with a pass verdict and no findings section for a clean report", () => {
    const report: VerifyReport = {
      ok: true,
      checks: [{ id: "syntax", title: "Syntax", status: "pass", detail: "3 files", durationMs: 1234 }],
      findings: [],
      stats: { files: 3, durationMs: 1500 },
    };
    expect(formatVerifyReport(report)).toBe("✔ Syntax  3 files  (1.2 s)\n\n✔ verify passed (3 files, 1.5 s)");
  });

  it("keeps the JSON form trivial: the report round-trips through JSON", async () => {
    const report = await run(expressReactApp(), ["syntax"]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("toCheckRunAnnotations", () => {
  it("maps findings to check-run annotations; app-wide findings stay out of the diff", () => {
    const report: VerifyReport = {
      ok: false,
      checks: [],
      findings: [
        { check: "syntax", severity: "error", file: "a.js", line: 3, column: 7, message: "')' expected." },
        { check: "env", severity: "warning", file: "b.js", line: 1, message: "reads X but stackwright.json does not list it" },
        { check: "imports", severity: "error", file: "", line: 1, message: "the imports check crashed: boom" },
      ],
      stats: { files: 2, durationMs: 5 },
    };
    expect(toCheckRunAnnotations(report)).toEqual([
      { path: "a.js", start_line: 3, end_line: 3, start_column: 7, end_column: 7, annotation_level: "failure", message: "')' expected.", title: "Syntax (JS/TS, JSON, YAML)" },
      { path: "b.js", start_line: 1, end_line: 1, annotation_level: "warning", message: "reads X but stackwright.json does not list it", title: "Environment variables documented" },
    ]);
  });
});

describe("verifyDirectory", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sw-verify-dir-"));
    const put = async (path: string, content: string | Buffer) => {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    };
    for (const f of editFile(expressReactApp(), "backend/src/db.js", "export const pool", "export const pool = ;\nexport const pool2")) await put(f.path, f.content);
    // Dependencies, build output, caches and binaries are not the app's source: all broken on purpose.
    await put("frontend/node_modules/left-pad/index.js", "module.exports = (;\n");
    await put("frontend/dist/assets/index.js", 'const t = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";\n');
    await put(".git/config", "// ... rest of the code\n");
    await put("backend/__pycache__/x.py", "def (:\n");
    await put("frontend/public/icon.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    await put("frontend/public/data.bin.txt", Buffer.from([0x61, 0x00, 0x62]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the app's text files only, with POSIX paths relative to the root", async () => {
    const files = await readAppFiles(dir);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expressReactApp().map((f) => f.path).sort());
  });

  it("verifies the tree on disk", async () => {
    const report = await verifyDirectory(dir, { skip: ["migrations"] });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => `${f.check} ${f.file}:${f.line}`)).toEqual(["syntax backend/src/db.js:3"]);
    expect(report.stats.files).toBe(expressReactApp().length);
  });
});
