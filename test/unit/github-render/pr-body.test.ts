import { beforeAll, describe, expect, it } from "vitest";
import { defaultRepoConfig, type DeployConfig } from "../../../src/config/index.js";
import { OfflineGenerator } from "../../../src/generate/offline.js";
import {
  drawFileTree,
  MAX_PR_BODY_LENGTH,
  MAX_PR_TITLE_LENGTH,
  parsePullRequestState,
  pullRequestBodyInputFrom,
  renderPullRequestBody,
  renderPullRequestTitle,
  summarizeVerifyReport,
  type PrState,
  type PullRequestBodyInput,
} from "../../../src/github/render/index.js";
import { generateApp, type GeneratedApp } from "../../../src/pipeline/generate-app.js";
import type { VerifyReport } from "../../../src/verify/types.js";

const head = "0123456789abcdef0123456789abcdef01234567";
const state: PrState = { version: 1, issue: 7, prompts: ["A blog with posts and comments"], head, jobId: "job-1" };
const deploy = (overrides: Partial<DeployConfig> = {}): DeployConfig => ({ ...defaultRepoConfig().deploy, ...overrides });

let app: GeneratedApp;
let input: PullRequestBodyInput;

beforeAll(async () => {
  app = await generateApp("A blog with posts and comments, FastAPI backend and React frontend with payments", { generator: new OfflineGenerator() });
  input = pullRequestBodyInputFrom(app, { issueNumber: 7, deploy: deploy({ backend: "railway", database: "neon" }), state });
});

/** The text of one `### Title` section, up to the next heading. */
function section(body: string, title: string): string {
  const start = body.indexOf(`### ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const next = body.indexOf("\n### ", start + 4);
  return body.slice(start, next < 0 ? undefined : next);
}

describe("renderPullRequestTitle", () => {
  it("names the app on one line within GitHub's limit", () => {
    expect(renderPullRequestTitle({ title: "Blog", name: "blog" })).toBe("Stackwright: Blog");
    expect(renderPullRequestTitle({ title: "Two\nlines\t here", name: "x" })).toBe("Stackwright: Two lines here");
    expect(renderPullRequestTitle({ title: "  ", name: "fallback-slug" })).toBe("Stackwright: fallback-slug");
    const long = renderPullRequestTitle({ title: "x".repeat(400), name: "x" });
    expect(long.length).toBe(MAX_PR_TITLE_LENGTH);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("renderPullRequestBody for a generated app", () => {
  it("has every section in reading order, ending with Closes #n and the state marker", () => {
    const body = renderPullRequestBody(input);
    const order = ["## Blog", "**Request:**", "Verify", "### Not included", "### Stack", "### Entities", "### Environment variables", "### Database migrations", "### Run it locally", "### What merging deploys", "<details><summary>📁", "Closes #7"];
    const positions = order.map((s) => body.indexOf(s));
    expect(positions.every((p) => p >= 0), JSON.stringify(order.filter((_, i) => positions[i]! < 0))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body.trimEnd().split("\n").at(-1)).toMatch(/^<!-- stackwright:state /);
    expect(parsePullRequestState(body)).toEqual(state);
  });

  it("summarises the app and quotes the request in a code block", () => {
    const body = renderPullRequestBody(input);
    expect(body).toContain(`Generated from Stackwright's templates for #7: ${app.files.length} files`);
    expect(body).toContain("```text\nA blog with posts and comments\n```");
  });

  it("lists what was substituted or left out", () => {
    const notes = section(renderPullRequestBody(input), "Not included, or different from the request");
    for (const warning of app.warnings) expect(notes).toContain(`- ${warning}`);
  });

  it("shows the stack and every entity with its fields, relations and access", () => {
    const body = renderPullRequestBody(input);
    expect(section(body, "Stack")).toContain("| Backend | Express in JavaScript |");
    expect(section(body, "Stack")).toContain("| Database | PostgreSQL |");
    expect(section(body, "Stack")).toContain("installable PWA");
    const entities = section(body, "Entities");
    for (const entity of app.spec.entities) expect(entities).toContain(`| **${entity.name}** |`);
    expect(entities).toContain("`title` string");
    expect(entities).toContain("`author` belongs to User");
    expect(entities).toContain("anyone / anyone / signed-in / owner / owner");
  });

  it("tabulates every environment variable of every service with where its value comes from", () => {
    const env = section(renderPullRequestBody(input), "Environment variables");
    const all = input.services.flatMap((s) => s.env.map((e) => ({ service: s.name, ...e })));
    expect(all.length).toBeGreaterThan(3);
    for (const v of all) expect(env).toMatch(new RegExp(`\\| \`${v.name}\` \\| ${v.service} \\| ${v.required ? "yes" : "no"} \\| ${v.secret ? "yes" : "no"} \\|`));
    expect(env).toContain("| `DATABASE_URL` | backend | yes | yes | the PostgreSQL database on Neon |");
    expect(env).toContain("a random secret the deploy generates once and keeps");
    expect(env).toContain("| `VITE_API_URL` | frontend | yes | no | the backend's URL, set by the deploy |");
    expect(env).toContain("there is nothing to set by hand");
  });

  it("asks the user for variables only they can provide", () => {
    const services = input.services.map((s, i) => (i === 0 ? { ...s, env: [...s.env, { name: "STRIPE_API_KEY", required: true, secret: true, source: "user" as const, description: "Stripe key." }] } : s));
    const env = section(renderPullRequestBody({ ...input, services }), "Environment variables");
    expect(env).toContain("| `STRIPE_API_KEY` | backend | yes | yes | **you**: set it before deploying |");
    expect(env).toContain("Set the variable marked **you**");
  });

  it("lists migrations in order and the commands to run each service", () => {
    const body = renderPullRequestBody(input);
    const migrations = section(body, "Database migrations");
    app.parsed.migrations.forEach((m, i) => expect(migrations).toContain(`${i + 1}. \`${m.path}\``));
    const run = section(body, "Run it locally");
    expect(run).toContain("You need PostgreSQL");
    expect(run).toContain("```sh\ncd backend\ncp .env.example .env   # then edit the values\nnpm install --no-audit --no-fund\nnpm run migrate\nnpm start\n```");
    expect(run.indexOf("cd backend")).toBeLessThan(run.indexOf("cd frontend"));
  });

  it("says what a merge deploys, from the deploy targets", () => {
    const deployText = section(renderPullRequestBody(input), "What merging deploys");
    expect(deployText).toContain("`production` environment");
    expect(deployText).toContain("**Database**: PostgreSQL, on Neon");
    expect(deployText).toContain("**Backend**: on Railway.");
    expect(deployText).toContain("**Frontend**: on Vercel when the Stackwright server has a token for it, else on Stackwright's own host (`deploy.frontend` is unset)");

    const none = section(renderPullRequestBody({ ...input, deploy: deploy({ backend: "none", frontend: "vercel", database: "manual", manualUrlSecret: "PROD_DB_URL", environment: "staging" }) }), "What merging deploys");
    expect(none).toContain("`staging` environment");
    expect(none).toContain("**Backend**: not deployed (`deploy.backend: none`)");
    expect(none).toContain("from the secret `PROD_DB_URL`");
    expect(none).toContain("it will have no API to call");
  });

  it("names each database's own provider: deploy.mongodb for MongoDB, deploy.redis for the cache", () => {
    const mongo = {
      ...input,
      spec: { ...input.spec, stack: { ...input.spec.stack, database: "mongodb" as const, cache: "redis" as const } },
      deploy: deploy({ database: "neon", mongodb: "atlas", redis: "upstash" }),
    };
    const text = section(renderPullRequestBody(mongo), "What merging deploys");
    expect(text).toContain("**Database**: MongoDB, on MongoDB Atlas");
    expect(text).toContain("**Cache**: Redis, on Upstash");
    expect(text).not.toContain("Neon");
  });

  it("shows the verify result with a link", () => {
    const report: VerifyReport = {
      ok: false,
      checks: [{ id: "syntax", title: "Syntax", status: "fail", durationMs: 1 }],
      findings: [
        { check: "syntax", severity: "error", file: "a.js", line: 1, message: "x" },
        { check: "syntax", severity: "error", file: "a.js", line: 2, message: "y" },
        { check: "env", severity: "warning", file: "b.js", line: 1, message: "z" },
      ],
      stats: { files: 2, durationMs: 5 },
    };
    const verify = summarizeVerifyReport(report, "https://github.com/o/r/runs/5");
    expect(verify).toEqual({ ok: false, errors: 2, warnings: 1, filesWithErrors: 1, checksRun: 1, checkRunUrl: "https://github.com/o/r/runs/5" });
    const body = renderPullRequestBody({ ...input, verify });
    expect(body).toContain("❌ **Verify found 2 errors** in 1 file, 1 warning; they are annotated on the files · [details in the check run](https://github.com/o/r/runs/5)");
    expect(renderPullRequestBody({ ...input, verify: { ...verify, ok: true, errors: 0, warnings: 0 } })).toContain("✅ **Verify passed**: 1 check · [details in the check run]");
    expect(renderPullRequestBody(input)).toContain("⏳ **Verify** has not run on this commit.");
  });

  it("shows earlier prompts folded, and neutralises mentions in the description", () => {
    const body = renderPullRequestBody({
      ...input,
      spec: { ...input.spec, description: "Made for @octocat <script>" },
      state: { ...state, prompts: ["first", "second", "third"] },
    });
    expect(body).toContain("**Latest request:**\n\n```text\nthird\n```");
    expect(body).toContain("<details><summary>2 earlier requests</summary>");
    expect(body).toContain("Made for @\u200doctocat &lt;script&gt;");
  });
});

describe("the file tree", () => {
  it("draws directories first, then files, with tree branches", () => {
    const { text, shownFiles } = drawFileTree(["README.md", "backend/src/app.js", "backend/package.json", "frontend/index.html"]);
    expect(text).toBe([".", "├── backend/", "│   ├── src/", "│   │   └── app.js", "│   └── package.json", "├── frontend/", "│   └── index.html", "└── README.md"].join("\n"));
    expect(shownFiles).toBe(4);
  });

  it("caps the lines and counts the files not shown", () => {
    const paths = Array.from({ length: 30 }, (_, i) => `src/f${String(i).padStart(2, "0")}.js`);
    const { text, shownFiles } = drawFileTree(paths, 10);
    expect(text.split("\n")).toHaveLength(11);
    expect(shownFiles).toBe(8);
    expect(text.endsWith("… and 22 more files")).toBe(true);
  });

  it("is collapsed in the description", () => {
    const body = renderPullRequestBody(input);
    expect(body).toContain(`<details><summary>📁 ${app.files.length} generated files</summary>`);
    expect(body).toContain("├── backend/");
  });
});

describe("the description's size limit", () => {
  const manyFiles = Array.from({ length: 5_000 }, (_, i) => ({ path: `src/module-${Math.floor(i / 50)}/a-rather-long-file-name-number-${i}.ts` }));

  it("shortens the file tree first, saying so, and keeps Closes #n and the state", () => {
    const body = renderPullRequestBody({ ...input, files: manyFiles }, { maxLength: 20_000 });
    expect(body.length).toBeLessThanOrEqual(20_000);
    expect(body).toMatch(/Showing \d+ of 5000 files to keep this description within GitHub's size limit/);
    expect(body).toContain("### Entities");
    expect(body).toContain("Closes #7");
    expect(parsePullRequestState(body)).toEqual(state);
  });

  it("never exceeds GitHub's limit, leaving sections out (and saying so) when the tree is not enough", () => {
    const warnings = Array.from({ length: 2_000 }, (_, i) => `warning ${i} `.padEnd(480, "w"));
    const prompts = Array.from({ length: 30 }, (_, i) => `${i} `.padEnd(4_000, "p"));
    const big = { ...input, files: manyFiles, notes: { warnings }, state: { ...state, prompts } };
    const body = renderPullRequestBody(big);
    expect(body.length).toBeLessThanOrEqual(MAX_PR_BODY_LENGTH);
    expect(body).toContain("Closes #7");
    expect(parsePullRequestState(body)?.prompts.at(-1)).toBe(prompts.at(-1));

    const tight = renderPullRequestBody(big, { maxLength: 30_000 });
    expect(tight.length).toBeLessThanOrEqual(30_000);
    expect(tight).toMatch(/section is left out to keep this description within GitHub's size limit/);
    expect(tight).toContain("Closes #7");
    expect(parsePullRequestState(tight)).not.toBeNull();
  });
});
