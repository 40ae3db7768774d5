import { describe, expect, it } from "vitest";
import { DEFAULT_PATH_POLICY, checkPath, resolvePolicy, type RejectionCode } from "../../../src/parse/path-policy.js";

describe("checkPath", () => {
  it("accepts relative POSIX paths and normalises ./ and repeated slashes", () => {
    expect(checkPath("backend/src/index.js")).toEqual({ ok: true, path: "backend/src/index.js" });
    expect(checkPath("./backend//src/./index.js")).toEqual({ ok: true, path: "backend/src/index.js" });
    expect(checkPath("README.md")).toEqual({ ok: true, path: "README.md" });
    expect(checkPath(".github/dependabot.yml")).toEqual({ ok: true, path: ".github/dependabot.yml" });
    expect(checkPath("frontend/.gitignore")).toEqual({ ok: true, path: "frontend/.gitignore" });
    expect(checkPath("docs/my file (1).md")).toEqual({ ok: true, path: "docs/my file (1).md" });
    expect(checkPath("src/..foo/x..y.ts")).toEqual({ ok: true, path: "src/..foo/x..y.ts" });
  });

  const rejections: Array<[string, RejectionCode, string | RegExp]> = [
    ["", "empty", "The path is empty."],
    ["   ", "empty", "The path is empty."],
    ["/etc/passwd", "absolute", '"/etc/passwd" is an absolute path; use a path relative to the app\'s root, such as "backend/src/index.js".'],
    ["//server/share/x", "absolute", /absolute path/],
    ["C:\\Windows\\x", "absolute", /absolute path/],
    ["C:/Windows/x", "absolute", /absolute path/],
    ["c:x", "absolute", /absolute path/],
    ["\\\\server\\share", "absolute", /absolute path/],
    ["backend\\src\\index.js", "backslash", '"backend\\src\\index.js" contains a backslash; use forward slashes (POSIX paths).'],
    ["../x", "parent-segment", '"../x" contains a ".." segment; paths may not climb out of their directory.'],
    ["a/../../x", "parent-segment", /"\.\." segment/],
    ["a/b/..", "parent-segment", /"\.\." segment/],
    ["./.././x", "parent-segment", /"\.\." segment/],
    ["a//..//b", "parent-segment", /"\.\." segment/],
    ["a/../b", "parent-segment", /"\.\." segment/],
    ["a\u0000b", "control-character", "The path contains a control character (U+0000); paths must be plain text."],
    ["a\tb", "control-character", /U\+0009/],
    ["a\u007fb", "control-character", /U\+007F/],
    ["a\nb", "control-character", /U\+000A/],
    ["a\u0085b", "control-character", /U\+0085/],
    [".git", "git-directory", '".git" is inside a .git directory, which holds the repository itself and is never written.'],
    [".git/config", "git-directory", /\.git directory/],
    ["backend/.git/hooks/pre-commit", "git-directory", /\.git directory/],
    [".GIT/config", "git-directory", /\.git directory/],
    [".git./config", "git-directory", /\.git directory/],
    ["GIT~1/config", "git-directory", /\.git directory/],
    [".github/workflows/ci.yml", "workflow", '".github/workflows/ci.yml" is a GitHub Actions workflow; workflows are written only when the configuration allows it.'],
    ["./.github//workflows/deploy.yaml", "workflow", /workflow/],
    [".GitHub/Workflows/x.yml", "workflow", /workflow/],
    ["backend/", "not-a-file", '"backend/" names a directory, not a file.'],
    [".", "not-a-file", /directory, not a file/],
    ["./", "not-a-file", /directory, not a file/],
    ["a/.", "not-a-file", /directory, not a file/],
    ["a/".repeat(130) + "x.js", "too-long", "The path is 264 characters long; the limit is 255."],
    ["x".repeat(5000), "too-long", "The path is 5000 characters long; the limit is 255."],
  ];

  it.each(rejections)("rejects %j (%s) with a readable reason", (path, code, reason) => {
    const result = checkPath(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    if (typeof reason === "string") expect(result.reason).toBe(reason);
    else expect(result.reason).toMatch(reason);
    // Every reason is a sentence.
    expect(result.reason).toMatch(/^[A-Z"].*\.$/s);
  });

  it("allows workflows only when the policy says so", () => {
    expect(checkPath(".github/workflows/ci.yml", { allowWorkflows: true })).toEqual({ ok: true, path: ".github/workflows/ci.yml" });
    // .git stays refused whatever the policy.
    expect(checkPath(".git/config", { allowWorkflows: true, allowedRoots: [".git"] })).toMatchObject({ ok: false, code: "git-directory" });
  });

  it("keeps paths inside the allowed roots when set", () => {
    const policy = { allowedRoots: ["backend/", "./frontend/src", "README.md"] };
    expect(checkPath("backend/a.js", policy)).toEqual({ ok: true, path: "backend/a.js" });
    expect(checkPath("./frontend/src/App.tsx", policy)).toEqual({ ok: true, path: "frontend/src/App.tsx" });
    expect(checkPath("README.md", policy)).toEqual({ ok: true, path: "README.md" });
    for (const path of ["backend-evil/a.js", "frontend/package.json", "README.md.bak", "backendx"]) {
      expect(checkPath(path, policy)).toEqual({
        ok: false,
        code: "outside-roots",
        reason: `"${path}" is outside the writable paths (backend, frontend/src, README.md).`,
      });
    }
    expect(checkPath("a.js", { allowedRoots: [] })).toMatchObject({ ok: false, code: "outside-roots", reason: '"a.js" is outside the writable paths (none).' });
  });

  it("limits path and name lengths as configured", () => {
    expect(checkPath("abcdef.js", { maxPathLength: 8 })).toMatchObject({ ok: false, code: "too-long", reason: "The path is 9 characters long; the limit is 8." });
    expect(checkPath("./abcde.js", { maxPathLength: 8 })).toEqual({ ok: true, path: "abcde.js" });
    expect(checkPath(`a/${"é".repeat(128)}`, {})).toMatchObject({ ok: false, code: "segment-too-long" });
    expect(checkPath(`a/${"é".repeat(127)}`, {})).toMatchObject({ ok: true });
  });

  it("has the documented defaults and fills a partial policy from them", () => {
    expect(DEFAULT_PATH_POLICY).toEqual({ maxFiles: 400, maxFileBytes: 512 * 1024, maxPathLength: 255, maxSegmentBytes: 255, allowWorkflows: false, allowedRoots: null });
    expect(Object.isFrozen(DEFAULT_PATH_POLICY)).toBe(true);
    expect(resolvePolicy({ maxFiles: 3 })).toEqual({ ...DEFAULT_PATH_POLICY, maxFiles: 3 });
  });
});
