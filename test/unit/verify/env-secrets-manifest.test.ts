import { describe, expect, it } from "vitest";
import { envExampleKeys } from "../../../src/verify/checks/env.js";
import { entropy, looksLikePlaceholder } from "../../../src/verify/checks/secrets.js";
import { editFile, expressReactApp, fastapiApp, lineOf, withFile, withoutFile } from "../../fixtures/verify/apps.js";
import { errors, findings, run } from "./support.js";

describe("env check", () => {
  const app = expressReactApp();

  it("reports a variable read in code but missing from the service's .env.example, at its first read", async () => {
    const files = editFile(app, "backend/src/db.js", "process.env.DATABASE_URL", "process.env.DATABASE_URL, max: Number(process.env.PG_POOL_MAX)");
    const report = await run(files, ["env"]);
    expect(errors(report)).toEqual([
      { check: "env", severity: "error", file: "backend/src/db.js", line: 3, message: "reads PG_POOL_MAX but backend/.env.example does not list it" },
    ]);
    // stackwright.json's env list is what deploy pipelines provide: not listing it there is a warning.
    expect(findings(report, "env", "warning").map((f) => f.message)).toEqual(['reads PG_POOL_MAX but stackwright.json does not list it in the env of service "backend"']);
  });

  it("reports once per service when the service has no .env.example, at the first read", async () => {
    const report = await run(withoutFile(app, "backend/.env.example"), ["env"]);
    expect(errors(report)).toEqual([
      {
        check: "env",
        severity: "error",
        file: "backend/src/app.js",
        line: lineOf(app, "backend/src/app.js", "process.env.FRONTEND_ORIGIN"),
        message: "reads FRONTEND_ORIGIN, JWT_SECRET, NODE_ENV, DATABASE_URL, PORT but backend/.env.example does not exist",
      },
    ]);
  });

  it("checks Vite's import.meta.env and Python's os.environ / os.getenv", async () => {
    const vite = await run(editFile(app, "frontend/.env.example", "VITE_API_URL=", "VITE_API="), ["env"]);
    expect(errors(vite).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(["frontend/src/api.ts:1 reads VITE_API_URL but frontend/.env.example does not list it"]);
    const py = await run(editFile(fastapiApp(), "backend/.env.example", "JWT_SECRET=change-me\n", ""), ["env"]);
    const line = lineOf(fastapiApp(), "backend/app/main.py", 'os.environ["JWT_SECRET"]');
    expect(errors(py).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([`backend/app/main.py:${line} reads JWT_SECRET but backend/.env.example does not list it`]);
  });

  it("requires NODE_ENV to be listed, but not variables the platform always sets", async () => {
    const noNodeEnv = editFile(app, "backend/.env.example", "NODE_ENV=development\n", "");
    expect(errors(await run(noNodeEnv, ["env"])).map((f) => f.message)).toEqual(["reads NODE_ENV but backend/.env.example does not list it"]);
    const platform = withFile(app, "backend/src/where.js", "export const where = [process.env.HOSTNAME, process.env.CI, process.env.HOME];\n");
    expect(errors(await run(platform, ["env"]))).toEqual([]);
  });

  it("reads KEY= lines, export KEY=, and commented-out KEY= as documented", () => {
    expect([...envExampleKeys("# comment\nA=1\nexport B=2\n# C=optional\n  D = 4\nnot a key\n#E\n")]).toEqual(["A", "B", "C", "D"]);
  });
});

describe("secrets check", () => {
  const app = expressReactApp();
  const token = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

  it("reports a hard-coded GitHub token with file, line and column", async () => {
    const files = editFile(app, "backend/src/app.js", "export function", `const token = "${token}";\nexport function`);
    expect(errors(await run(files, ["secrets"]))).toEqual([
      { check: "secrets", severity: "error", file: "backend/src/app.js", line: lineOf(files, "backend/src/app.js", token), column: 16, message: "hard-coded GitHub token: move it to an environment variable" },
    ]);
  });

  it("recognises the usual credential shapes and ignores obvious placeholders", async () => {
    const lines = [
      `aws = "AKIA${"Z7QW3R5T8Y2U4I6O"}"`,
      `anthropic = "sk-ant-api03-${"Xq9vR2mT7wK4pL8sN3bY6cH1jF5dG0aZ"}"`,
      `stripe = "sk_live_${"51HqZ8mKx2Lp9QwErT"}"`,
      `slack = "xoxb-${"2384729384-1234987123-AbCdEfGhIjKl"}"`,
      `pat = "github_pat_${"11ABCDEFG0aBcDeFgHiJkL_MnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuv"}"`,
      'ok1 = "AKIAIOSFODNN7EXAMPLE"',
      'ok2 = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'ok3 = "sk-ant-your-key-here-please-replace"',
      'ok4 = "-----BEGIN PRIVATE KEY-----"  # a PEM parser constant, no key material',
      "",
    ].join("\n");
    const report = await run(withFile(app, "backend/keys.py", lines), ["secrets"]);
    expect(errors(report).map((f) => `${f.line} ${f.message}`)).toEqual([
      "1 hard-coded AWS access key id: move it to an environment variable",
      "2 hard-coded Anthropic API key: move it to an environment variable",
      "3 hard-coded Stripe live key: move it to an environment variable",
      "4 hard-coded Slack token: move it to an environment variable",
      "5 hard-coded GitHub fine-grained token: move it to an environment variable",
    ]);
  });

  it("reports a private key block", async () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${"MIIEowIBAAKCAQEA1x2y3z4".repeat(4)}\n-----END RSA PRIVATE KEY-----\n`;
    expect(errors(await run(withFile(app, "backend/certs/key.pem", pem), ["secrets"]))).toMatchObject([{ file: "backend/certs/key.pem", line: 1, column: 1 }]);
  });

  it("reports a committed .env (or .env.local), never .env.example", async () => {
    const files = withFile(withFile(app, "backend/.env", "JWT_SECRET=abc\n"), "frontend/.env.local", "VITE_API_URL=x\n");
    expect(errors(await run(files, ["secrets"])).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "backend/.env:1 .env is committed: real values stay out of the repository; document variables in .env.example",
      "frontend/.env.local:1 .env.local is committed: real values stay out of the repository; document variables in .env.example",
    ]);
  });

  it("reports an .env.example value for a secret that looks generated, not a placeholder", async () => {
    const real = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const files = editFile(app, "backend/.env.example", "JWT_SECRET=change-me-to-a-long-random-string-of-32-chars", `JWT_SECRET=${real}`);
    expect(errors(await run(files, ["secrets"]))).toMatchObject([{ file: "backend/.env.example", line: 5, column: 12, message: expect.stringMatching(/^JWT_SECRET has a value that looks like a real secret/) }]);
    expect(looksLikePlaceholder("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(true);
    expect(entropy(real)).toBeGreaterThan(3.5);
  });
});

describe("manifest check", () => {
  const app = expressReactApp();

  it("passes a valid stackwright.json", async () => {
    const report = await run(app, ["manifest"]);
    expect(report.checks[0]).toMatchObject({ id: "manifest", status: "pass", detail: "2 services" });
  });

  it("fails when stackwright.json is missing (a warning when a manifest is not required)", async () => {
    const files = withoutFile(app, "stackwright.json");
    expect(errors(await run(files, ["manifest"]))).toEqual([{ check: "manifest", severity: "error", file: "stackwright.json", line: 1, message: "stackwright.json is missing" }]);
    const lenient = await run(files, ["manifest"], { requireManifest: false });
    expect(lenient.ok).toBe(true);
    expect(findings(lenient, "manifest", "warning")).toHaveLength(1);
  });

  it("points a schema error at its line", async () => {
    const files = editFile(app, "stackwright.json", '"framework": "express"', '"framework": "koa"');
    const report = await run(files, ["manifest"]);
    expect(errors(report)).toMatchObject([
      { file: "stackwright.json", line: lineOf(files, "stackwright.json", '"framework": "koa"'), message: expect.stringMatching(/^services\.0\.framework: /) },
    ]);
  });

  it("reports invalid JSON and a service directory with no files", async () => {
    const broken = editFile(app, "stackwright.json", '"stackwright": 1,', '"stackwright": 1');
    expect(errors(await run(broken, ["manifest"]))).toMatchObject([{ line: 3, message: expect.stringMatching(/^stackwright\.json is not valid JSON: Expected ',' or '}'/) }]);
    const missingDir = editFile(app, "stackwright.json", '"dir": "frontend"', '"dir": "web"');
    expect(errors(await run(missingDir, ["manifest"])).map((f) => f.message)).toEqual(['service "frontend": directory web/ has no files']);
  });
});
