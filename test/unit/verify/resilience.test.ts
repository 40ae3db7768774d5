import { afterEach, describe, expect, it, vi } from "vitest";
import { importsCheck } from "../../../src/verify/checks/imports.js";
import { verifyFiles } from "../../../src/verify/index.js";
import { expressReactApp } from "../../fixtures/verify/apps.js";
import { errors } from "./support.js";

// A machine where the embedded PostgreSQL cannot start.
vi.mock("../../../src/util/pglite.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../../src/util/pglite.js")>()),
  createWorkerDatabase: () => Promise.reject(new Error("no WebAssembly here")),
}));

describe("verify when something other than the app fails", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("skips the migrations, with the reason, when PostgreSQL cannot start; numbering is still checked", async () => {
    const clean = await verifyFiles(expressReactApp(), { only: ["migrations"] });
    expect(clean.ok).toBe(true);
    expect(clean.checks.find((c) => c.id === "migrations")).toMatchObject({ status: "skip", detail: "PostgreSQL (PGlite) did not start: no WebAssembly here" });

    const renamed = expressReactApp().map((f) => (f.path === "backend/migrations/0003_create_comments.sql" ? { ...f, path: "backend/migrations/0004_create_comments.sql" } : f));
    const report = await verifyFiles(renamed, { only: ["migrations"] });
    expect(errors(report).map((f) => f.file)).toEqual(["backend/migrations/0004_create_comments.sql"]);
    expect(report.checks.find((c) => c.id === "migrations")?.status).toBe("fail");
  });

  it("reports a crashed check as a failed check with an app-wide error, and runs the others", async () => {
    vi.spyOn(importsCheck, "run").mockRejectedValue(new Error("boom"));
    const report = await verifyFiles(expressReactApp(), { skip: ["migrations"] });
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([{ check: "imports", severity: "error", file: "", line: 1, message: "the imports check crashed: boom" }]);
    expect(report.checks.find((c) => c.id === "imports")).toMatchObject({ status: "fail", detail: "crashed; 1 error" });
    expect(report.checks.filter((c) => c.status === "pass").map((c) => c.id)).toEqual(["manifest", "secrets", "env", "syntax", "placeholders"]);
  });
});
