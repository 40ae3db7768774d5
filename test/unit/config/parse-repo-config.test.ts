import { describe, expect, it } from "vitest";
import { defaultRepoConfig, MAX_CONFIG_LENGTH, parseRepoConfig, type ConfigError, type RepoConfig } from "../../../src/config/index.js";

function config(text: string | null): RepoConfig {
  const result = parseRepoConfig(text);
  if (!result.ok) throw new Error(`expected a valid config, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.config;
}

function errors(text: string): ConfigError[] {
  const result = parseRepoConfig(text);
  if (result.ok) throw new Error("expected errors, got a valid config");
  return result.errors;
}

function onlyError(text: string): ConfigError {
  const all = errors(text);
  expect(all, JSON.stringify(all, null, 2)).toHaveLength(1);
  return all[0]!;
}

describe("parseRepoConfig: valid files", () => {
  it("treats a missing, empty or comment-only file as all defaults", () => {
    const defaults = defaultRepoConfig();
    expect(config(null)).toEqual(defaults);
    expect(config("")).toEqual(defaults);
    expect(config("   \n\n")).toEqual(defaults);
    expect(config("# nothing configured yet\n")).toEqual(defaults);
    expect(config("{}")).toEqual(defaults);
  });

  it("fills every default", () => {
    expect(defaultRepoConfig()).toEqual({
      stack: {},
      paths: { workflows: false },
      limits: { maxFiles: 400, maxFileKiB: 512, maxTokensPerJob: 400_000, maxTokensPerDay: 2_000_000, maxRepairRounds: 2 },
      deploy: { environment: "production", database: "local" },
      model: {},
    });
  });

  it("keeps what a minimal file sets and defaults the rest", () => {
    const c = config("stack:\n  backend: gin\n");
    expect(c.stack).toEqual({ backend: "gin" });
    expect(c.limits.maxFiles).toBe(400);
    expect(c.deploy.backend).toBeUndefined(); // chosen at deploy time: a cloud target with a token, else local
  });

  it("reads a full file", () => {
    const c = config(`
stack:
  backend: fastapi
  database: mongodb
  cache: redis
  frontend: nextjs
  pwa: false
paths:
  allow: [backend, frontend/src, README.md]
  workflows: true
limits:
  maxFiles: 50
  maxFileKiB: 64
  maxTokensPerJob: 100000
  maxTokensPerDay: 100000
  maxRepairRounds: 0
deploy:
  environment: staging eu
  backend: railway
  frontend: vercel
  database: manual
  manualUrlSecret: STAGING_DATABASE_URL
model:
  name: claude-sonnet-4-5
`);
    expect(c).toEqual({
      stack: { backend: "fastapi", database: "mongodb", cache: "redis", frontend: "nextjs", pwa: false },
      paths: { allow: ["backend", "frontend/src", "README.md"], workflows: true },
      limits: { maxFiles: 50, maxFileKiB: 64, maxTokensPerJob: 100_000, maxTokensPerDay: 100_000, maxRepairRounds: 0 },
      deploy: { environment: "staging eu", backend: "railway", frontend: "vercel", database: "manual", manualUrlSecret: "STAGING_DATABASE_URL" },
      model: { name: "claude-sonnet-4-5" },
    });
  });

  it("accepts the bounds of every limit", () => {
    expect(config("limits:\n  maxFiles: 1\n  maxFileKiB: 4096\n  maxRepairRounds: 5\n").limits).toMatchObject({ maxFiles: 1, maxFileKiB: 4096, maxRepairRounds: 5 });
    expect(config("limits:\n  maxFiles: 2000\n  maxTokensPerJob: 10000\n  maxTokensPerDay: 100000000\n").limits).toMatchObject({ maxFiles: 2000 });
  });
});

describe("parseRepoConfig: every invalid value names its key, line and fix", () => {
  const cases: Array<[name: string, text: string, expected: { path: string; line: number; message: RegExp; fix: RegExp }]> = [
    ["an unknown backend", "stack:\n  backend: rails\n", { path: "stack.backend", line: 2, message: /`rails`.*not one of the choices/, fix: /`express`, `fastapi`, `nestjs`, `gin`/ }],
    ["an unknown database", "stack:\n  database: mysql\n", { path: "stack.database", line: 2, message: /`mysql`/, fix: /`postgres`, `mongodb`/ }],
    ["a cache that is not redis or none", "stack:\n  cache: memcached\n", { path: "stack.cache", line: 2, message: /`memcached`/, fix: /`redis`, `none`/ }],
    ["an unknown frontend", "stack:\n  frontend: vue\n", { path: "stack.frontend", line: 2, message: /`vue`/, fix: /`react`, `nextjs`, `none`/ }],
    ["pwa as text", "stack:\n  pwa: yes\n", { path: "stack.pwa", line: 2, message: /must be `true` or `false`, not text `yes`/, fix: /`pwa: true`.*YAML 1\.2/ }],
    ["allow as a single string", "paths:\n  allow: backend\n", { path: "paths.allow", line: 2, message: /must be a list, not text `backend`/, fix: /at least one directory or file/ }],
    ["allow empty", "paths:\n  allow: []\n", { path: "paths.allow", line: 2, message: /at least 1 item/, fix: /remove `allow` to let the generator write anywhere/ }],
    ["an absolute allowed path", "paths:\n  allow:\n    - backend\n    - /etc\n", { path: "paths.allow[1]", line: 4, message: /not absolute/, fix: /relative to the repository's root/ }],
    ["a climbing allowed path", "paths:\n  allow: [../outside]\n", { path: "paths.allow[0]", line: 2, message: /may not contain `\.\.`/, fix: /relative to the repository's root/ }],
    ["a backslash path", 'paths:\n  allow: ["backend\\\\src"]\n', { path: "paths.allow[0]", line: 2, message: /forward slashes/, fix: /forward slashes/ }],
    ["workflows as a number", "paths:\n  workflows: 1\n", { path: "paths.workflows", line: 2, message: /`true` or `false`, not `1`/, fix: /`workflows: false`.*The default is `false`/ }],
    ["maxFiles zero", "limits:\n  maxFiles: 0\n", { path: "limits.maxFiles", line: 2, message: /is `0`; it must be at least 1/, fix: /from 1 to 2000.*default is `400`/ }],
    ["maxFiles too many", "limits:\n  maxFiles: 5000\n", { path: "limits.maxFiles", line: 2, message: /at most 2000/, fix: /from 1 to 2000/ }],
    ["maxFileKiB quoted", 'limits:\n  maxFileKiB: "512"\n', { path: "limits.maxFileKiB", line: 2, message: /whole number from 1 to 4096, not text `512`/, fix: /without quotes, e\.g\. `maxFileKiB: 512`/ }],
    ["maxFileKiB fractional", "limits:\n  maxFileKiB: 1.5\n", { path: "limits.maxFileKiB", line: 2, message: /whole number.*not `1\.5`/, fix: /without quotes/ }],
    ["maxTokensPerJob too small", "limits:\n  maxTokensPerJob: 500\n", { path: "limits.maxTokensPerJob", line: 2, message: /at least 10000/, fix: /from 10000 to 5000000.*`400000`/ }],
    ["maxTokensPerDay too big", "limits:\n  maxTokensPerDay: 1000000000\n", { path: "limits.maxTokensPerDay", line: 2, message: /at most 100000000/, fix: /from 10000 to 100000000/ }],
    ["a job budget over the daily budget", "limits:\n  maxTokensPerJob: 3000000\n  maxTokensPerDay: 1000000\n", { path: "limits.maxTokensPerJob", line: 2, message: /more than limits\.maxTokensPerDay/, fix: /Lower `maxTokensPerJob` or raise `maxTokensPerDay`/ }],
    ["maxRepairRounds negative", "limits:\n  maxRepairRounds: -1\n", { path: "limits.maxRepairRounds", line: 2, message: /at least 0/, fix: /from 0 to 5/ }],
    ["an environment with a slash", "deploy:\n  environment: prod/eu\n", { path: "deploy.environment", line: 2, message: /letters, digits/, fix: /`production` or `staging`/ }],
    ["an empty environment", 'deploy:\n  environment: ""\n', { path: "deploy.environment", line: 2, message: /at least 1 character/, fix: /`production` or `staging`/ }],
    ["an unknown backend target", "deploy:\n  backend: heroku\n", { path: "deploy.backend", line: 2, message: /`heroku`/, fix: /`railway`, `local`, `none`/ }],
    ["an unknown frontend target", "deploy:\n  frontend: netlify\n", { path: "deploy.frontend", line: 2, message: /`netlify`/, fix: /`vercel`, `local`, `none`/ }],
    ["an unknown database target", "deploy:\n  database: supabase\n", { path: "deploy.database", line: 2, message: /`supabase`/, fix: /`local`, `railway`, `neon`, `manual`/ }],
    ["manual without its secret", "deploy:\n  database: manual\n", { path: "deploy.manualUrlSecret", line: 1, message: /required when deploy\.database is `manual`/, fix: /Add `manualUrlSecret: <SECRET_NAME>`/ }],
    ["a lowercase secret name", "deploy:\n  database: manual\n  manualUrlSecret: db_url\n", { path: "deploy.manualUrlSecret", line: 3, message: /NAME of a secret/, fix: /PRODUCTION_DATABASE_URL/ }],
    ["a model name with spaces", "model:\n  name: claude sonnet\n", { path: "model.name", line: 2, message: /model id/, fix: /`claude-sonnet-4-5`/ }],
    ["a section as a scalar", "limits: 5\n", { path: "limits", line: 1, message: /must be a mapping of keys, not `5`/, fix: /below `limits:`.*`maxFiles`/ }],
    ["a section as a list", "deploy:\n  - railway\n", { path: "deploy", line: 1, message: /mapping of keys, not a list/, fix: /indented by two spaces/ }],
  ];

  it.each(cases)("%s", (_name, text, expected) => {
    const error = onlyError(text);
    expect(error.path).toBe(expected.path);
    expect(error.line).toBe(expected.line);
    expect(error.message).toMatch(expected.message);
    expect(error.fix).toMatch(expected.fix);
  });

  it("suggests the closest choice for a misspelt value", () => {
    expect(onlyError("stack:\n  backend: fastpi\n").fix).toMatch(/^Did you mean `fastapi`\?/);
    expect(onlyError("deploy:\n  frontend: vercell\n").fix).toMatch(/^Did you mean `vercel`\?/);
    expect(onlyError("deploy:\n  backend: heroku\n").fix).not.toMatch(/Did you mean/);
  });

  it("reports every problem in one pass, in line order", () => {
    const all = errors("deploy:\n  database: manual\n  backend: heroku\nlimits:\n  maxFiles: 0\nstack:\n  backend: rails\n");
    expect(all.map((e) => [e.path, e.line])).toEqual([
      ["deploy.manualUrlSecret", 1],
      ["deploy.backend", 3],
      ["limits.maxFiles", 5],
      ["stack.backend", 7],
    ]);
  });
});

describe("parseRepoConfig: unknown keys", () => {
  it("suggests a close key, whatever the case, separators or swapped letters", () => {
    const cases: Array<[text: string, path: string, suggestion: string]> = [
      ["limits:\n  maxFile: 10\n", "limits.maxFile", "maxFiles"],
      ["limits:\n  max_files: 10\n", "limits.max_files", "maxFiles"],
      ["limits:\n  MAXFILES: 10\n", "limits.MAXFILES", "maxFiles"],
      ["modle:\n  name: x\n", "modle", "model"],
      ["deploy:\n  enviroment: prod\n", "deploy.enviroment", "environment"],
      ["paths:\n  allowed: [backend]\n", "paths.allowed", "allow"],
      ["stacks:\n  backend: gin\n", "stacks", "stack"],
    ];
    for (const [text, path, suggestion] of cases) {
      const error = onlyError(text);
      expect(error.path).toBe(path);
      expect(error.message).toBe(`\`${path}\` is not a known key.`);
      expect(error.fix).toBe(`Did you mean \`${suggestion}\`? Rename \`${path.split(".").pop()}\` to \`${suggestion}\`.`);
    }
  });

  it("points a known key in the wrong place to where it belongs", () => {
    const error = onlyError("maxFiles: 10\n");
    expect(error).toMatchObject({ path: "maxFiles", line: 1 });
    expect(error.fix).toBe("`maxFiles` belongs at `limits.maxFiles`: move it there.");
    expect(onlyError("deploy:\n  name: x\n").fix).toBe("`name` belongs at `model.name`: move it there.");
  });

  it("lists the allowed keys when nothing is close", () => {
    const error = onlyError("stack:\n  language: rust\n");
    expect(error.path).toBe("stack.language");
    expect(error.line).toBe(2);
    expect(error.fix).toBe("Remove it. The keys allowed under `stack` are `backend`, `database`, `cache`, `frontend`, `pwa`.");
    expect(onlyError("notifications: true\n").fix).toBe("Remove it. The keys allowed at the top level are `stack`, `paths`, `limits`, `deploy`, `model`.");
  });

  it("reports each unknown key of a mapping separately, on its own line", () => {
    const all = errors("limits:\n  maxFile: 1\n  maxFileKb: 2\n");
    expect(all.map((e) => [e.path, e.line])).toEqual([
      ["limits.maxFile", 2],
      ["limits.maxFileKb", 3],
    ]);
  });
});

describe("parseRepoConfig: YAML problems", () => {
  it("reports a syntax error with its line and column", () => {
    const error = onlyError("stack:\n  backend: express\n  frontend: [react\nlimits:\n  maxFiles: 3\n");
    expect(error.path).toBe("");
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^YAML syntax error \(line 4, column \d+\): /);
    expect(error.message).not.toContain("\n");
    expect(error.fix).toMatch(/close every `\[`/);
  });

  it("reports a duplicate key", () => {
    const error = onlyError("stack:\n  backend: gin\n  backend: express\n");
    expect(error.line).toBe(3);
    expect(error.fix).toBe("Keep only one of the keys with this name in that mapping.");
  });

  it("reports tabs used for indentation", () => {
    const all = errors("stack:\n\tbackend: gin\n");
    expect(all[0]!.line).toBe(2);
    expect(all.map((e) => e.fix).join(" ")).toMatch(/spaces/);
  });

  it("refuses a file that is not a mapping", () => {
    expect(onlyError("- stack\n- paths\n")).toMatchObject({ path: "", message: "The file holds a list, not a mapping of keys." });
    expect(onlyError("just some text\n").message).toBe("The file holds text `just some text`, not a mapping of keys.");
  });

  it("refuses alias bombs and oversized files without reading them", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(i === 0 ? "*a" : `*${"bcdefghi"[i - 1]}`).join(", ")}]`)].join("\n");
    expect(onlyError(bomb).fix).toMatch(/without anchors and aliases/);
    expect(onlyError("#".repeat(MAX_CONFIG_LENGTH + 1)).message).toMatch(/the limit is 64 KiB/);
  });

  it("never repeats a credential pasted into the file", () => {
    const all = errors("deploy:\n  database: manual\n  manualUrlSecret: postgres://app:hunter2-secret@db.example.com/app\nstack:\n  backend: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
    const text = JSON.stringify(all);
    expect(text).not.toContain("hunter2-secret");
    expect(text).not.toContain("abcdefghijklmnopqrstuvwxyz0123456789");
  });
});
