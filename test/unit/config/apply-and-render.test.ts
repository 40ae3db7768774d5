import { describe, expect, it } from "vitest";
import {
  CONFIG_ERROR_MARKER,
  closestMatch,
  editDistance,
  parseRepoConfig,
  pathPolicyFromConfig,
  renderConfigErrorComment,
  stackDefaultsFromConfig,
  type ConfigError,
  type RepoConfig,
} from "../../../src/config/index.js";
import { checkPath } from "../../../src/parse/path-policy.js";

function config(text: string): RepoConfig {
  const result = parseRepoConfig(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe("pathPolicyFromConfig", () => {
  it("allows everything but workflows by default, with the default caps", () => {
    const policy = pathPolicyFromConfig(config(""));
    expect(policy).toEqual({ allowedRoots: null, allowWorkflows: false, maxFiles: 400, maxFileBytes: 512 * 1024 });
    expect(checkPath("anywhere/at/all.js", policy).ok).toBe(true);
    expect(checkPath(".github/workflows/ci.yml", policy)).toMatchObject({ ok: false, code: "workflow" });
  });

  it("feeds allowed paths, workflows and sizes to the FILE-block path policy", () => {
    const policy = pathPolicyFromConfig(config("paths:\n  allow: [backend, README.md, .github/workflows]\n  workflows: true\nlimits:\n  maxFiles: 20\n  maxFileKiB: 8\n"));
    expect(policy.maxFiles).toBe(20);
    expect(policy.maxFileBytes).toBe(8192);
    expect(checkPath("backend/src/app.js", policy).ok).toBe(true);
    expect(checkPath("README.md", policy).ok).toBe(true);
    expect(checkPath(".github/workflows/ci.yml", policy).ok).toBe(true);
    expect(checkPath("frontend/src/App.jsx", policy)).toMatchObject({ ok: false, code: "outside-roots" });
    expect(checkPath("backend-old/x.js", policy)).toMatchObject({ ok: false, code: "outside-roots" });
  });
});

describe("stackDefaultsFromConfig", () => {
  it("passes only the keys that are set, with cache none as null", () => {
    expect(stackDefaultsFromConfig(config(""))).toEqual({});
    expect(stackDefaultsFromConfig(config("stack:\n  backend: gin\n  cache: none\n  pwa: false\n"))).toEqual({ backend: "gin", cache: null, pwa: false });
    expect(stackDefaultsFromConfig(config("stack:\n  cache: redis\n  frontend: none\n"))).toEqual({ cache: "redis", frontend: "none" });
  });
});

describe("renderConfigErrorComment", () => {
  const errors: ConfigError[] = [
    { path: "limits.maxFiles", message: "`limits.maxFiles` is `0`; it must be at least 1.", fix: "Use a whole number from 1 to 2000.", line: 3 },
    { path: "", message: "YAML syntax error (line 9, column 1): bad.", fix: "Indent with spaces.", line: 9 },
    { path: "deploy.backend", message: "Something about token=abcdef123456.", fix: "Use `local`." },
  ];

  it("names each key, its line and its fix, after a hidden marker", () => {
    const body = renderConfigErrorComment(errors);
    expect(body.startsWith(CONFIG_ERROR_MARKER)).toBe(true);
    expect(body).toContain("found 3 problems there");
    expect(body).toContain("1. **`limits.maxFiles`** (line 3) is `0`; it must be at least 1.\n   **Fix:** Use a whole number from 1 to 2000.");
    expect(body).toContain("2. **The file** (line 9): YAML syntax error (line 9, column 1): bad.\n   **Fix:** Indent with spaces.");
    expect(body).toContain("3. **`deploy.backend`**: Something about token=[redacted].");
    expect(body).not.toContain("abcdef123456");
  });

  it("links the file and each line when given the file's URL", () => {
    const url = "https://github.com/octo/app/blob/main/.github/stackwright.yml";
    const body = renderConfigErrorComment(errors.slice(0, 1), url);
    expect(body).toContain(`[\`.github/stackwright.yml\`](${url})`);
    expect(body).toContain(`([line 3](${url}#L3))`);
    expect(body).toContain("found a problem there. Nothing runs until it is fixed.");
  });

  it("lists at most 50 problems and says how many more there are", () => {
    const many = Array.from({ length: 60 }, (_, i): ConfigError => ({ path: `k${i}`, message: `m${i}.`, fix: "f." }));
    const body = renderConfigErrorComment(many);
    expect(body).toContain("50. **`k49`**");
    expect(body).not.toContain("`k50`");
    expect(body).toContain("…and 10 more.");
  });
});

describe("suggestions", () => {
  it("counts edits, with a swap of neighbours as one", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("modle", "model")).toBe(1);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("suggests only close candidates", () => {
    expect(closestMatch("raliway", ["railway", "local", "none"])).toBe("railway");
    expect(closestMatch("Max_Files", ["maxFiles", "maxFileKiB"])).toBe("maxFiles");
    expect(closestMatch("kubernetes", ["railway", "local", "none"])).toBeNull();
    expect(closestMatch("no", ["none", "local"])).toBeNull();
  });
});
