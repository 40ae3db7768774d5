import { describe, expect, it } from "vitest";
import { commentWords, isElision } from "../../../src/verify/checks/placeholders.js";
import { editFile, expressReactApp, fastapiApp, withFile } from "../../fixtures/verify/apps.js";
import { errors, run } from "./support.js";

describe("placeholders check", () => {
  const app = expressReactApp();

  it("reports an elision comment with file, line and column", async () => {
    const files = editFile(app, "backend/src/auth.js", "  return router;", "  // ... rest of the routes unchanged\n  return router;");
    expect(errors(await run(files, ["placeholders"]))).toEqual([
      { check: "placeholders", severity: "error", file: "backend/src/auth.js", line: 25, column: 3, message: 'placeholder instead of code: "// ... rest of the routes unchanged"' },
    ]);
  });

  it("finds elisions in JS/TS, JSX, Python, SQL, CSS, HTML and YAML comments", async () => {
    let files = editFile(app, "frontend/src/App.tsx", "        {/* one card per post */}", "        {/* ... */}");
    files = editFile(files, "frontend/src/api.ts", "export async function listPosts", "export function updatePost() {\n  // TODO: implement\n}\n\nexport async function listPosts");
    files = editFile(files, "backend/src/db.js", 'import pg from "pg";', 'import pg from "pg";\n/* existing code unchanged */');
    files = editFile(files, "backend/migrations/0002_create_posts.sql", "CREATE INDEX posts_author_id_idx", "-- (remaining tables omitted for brevity)\nCREATE INDEX posts_author_id_idx");
    files = editFile(files, "frontend/src/index.css", "/* Base styles */", "/* ...rest of the styles */");
    files = editFile(files, "frontend/index.html", "<!-- React mounts here -->", "<!-- your code here -->");
    files = editFile(files, ".github/workflows/ci.yml", "      # install and test the API", "      # ... same as before");
    const report = await run(files, ["placeholders"]);
    expect(errors(report).map((f) => `${f.file}:${f.line}`)).toEqual([
      ".github/workflows/ci.yml:8",
      "backend/migrations/0002_create_posts.sql:10",
      "backend/src/db.js:2",
      "frontend/index.html:5",
      "frontend/src/App.tsx:15",
      "frontend/src/api.ts:9",
      "frontend/src/index.css:1",
    ]);
    const py = editFile(fastapiApp(), "backend/app/db.py", "def connect():", "# ... existing code ...\ndef connect():");
    expect(errors(await run(py, ["placeholders"])).map((f) => `${f.file}:${f.line}`)).toEqual(["backend/app/db.py:6"]);
  });

  it("reports a whole line that is a bracketed note, like <same as before>", async () => {
    const files = withFile(app, "backend/src/routes.js", "export const routes = [];\n<same as before>\n");
    expect(errors(await run(files, ["placeholders"]))).toMatchObject([{ file: "backend/src/routes.js", line: 2, column: 1 }]);
  });

  it("ignores the same words in code, strings, JSX text, URLs and README prose (the clean fixture has each)", async () => {
    const code = [
      'const msg = "// ... rest of the code"; // a string, not a comment',
      "const re = /\\/\\/ TODO: implement/;",
      "const url = `https://example.com/${'...'}`;",
      "/**",
      " * Usage:",
      " *   ...",
      " */",
      "export { msg, re, url };",
      "",
    ].join("\n");
    const files = withFile(app, "backend/src/strings.js", code);
    expect(errors(await run(files, ["placeholders"]))).toEqual([]);
  });

  it("in Markdown, flags elisions only in comments and code blocks, never in prose", async () => {
    const readme = ["# App", "", "TODO: implement payments (tracked in #12). The rest of the code is in src/.", "", "```js", "// ... rest of the code", "```", "", "<!-- implementation goes here -->", ""].join("\n");
    expect(errors(await run(withFile(app, "README.md", readme), ["placeholders"])).map((f) => f.line)).toEqual([6, 9]);
  });

  it("matches the listed elisions and leaves ordinary comments alone", () => {
    const flagged = [
      "// ...",
      "// … existing code …",
      "// rest of the code",
      "# Rest of the implementation here",
      "// (code omitted)",
      "/* implementation goes here */",
      "// TODO: implement",
      "// TODO - add the actual logic",
      "// your code here",
      "// unchanged",
      "// other routes remain unchanged",
      "// ... existing imports",
      "# same as before",
    ];
    for (const c of flagged) expect(isElision(commentWords(c), true), c).toBe(true);
    const fine = [
      "// returns the input unchanged",
      "// TODO: add pagination once the API supports it",
      "// same as above, but for refresh tokens",
      "// keep the rest of the string for the next chunk",
      "// Validate the body; see docs/...",
      "// e.g. fetch(url, ...)",
    ];
    for (const c of fine) expect(isElision(commentWords(c), true), c).toBe(false);
    // A bare "..." counts only as a line comment, not inside a block comment (usage examples).
    expect(isElision("...", false)).toBe(false);
  });
});
