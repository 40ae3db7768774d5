import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { allKeyPaths, JSON_SCHEMA_FILE, parseRepoConfig, renderConfigErrorComment, renderRepoConfigJsonSchema, repoConfigJsonSchema } from "../../../src/config/index.js";
import { packagePath } from "../../../src/util/package-root.js";

const docs = readFileSync(packagePath("docs/configuration.md"), "utf8");

/** The fenced ```yaml blocks of docs/configuration.md. */
const yamlBlocks = [...docs.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
const exampleFile = yamlBlocks.find((b) => b.startsWith("# .github/stackwright.yml"));

describe("the published JSON Schema", () => {
  it(`is up to date in ${JSON_SCHEMA_FILE} (regenerate: npx tsx src/config/write-json-schema.ts)`, () => {
    const committed = readFileSync(packagePath(JSON_SCHEMA_FILE), "utf8");
    expect(committed).toBe(renderRepoConfigJsonSchema());
  });

  it("is a valid draft 2020-12 schema that agrees with the zod schema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(repoConfigJsonSchema());
    expect(validate({})).toBe(true);
    expect(validate({ limits: { maxFiles: 10 }, deploy: { backend: "railway" } })).toBe(true);
    expect(validate({ limits: { maxFile: 10 } })).toBe(false);
    expect(validate({ deploy: { backend: "heroku" } })).toBe(false);
    expect(validate({ limits: { maxFiles: 0 } })).toBe(false);
    expect(validate({ paths: { allow: [] } })).toBe(false);
    expect(validate({ stack: { cache: "none" } })).toBe(true);
  });

  it("makes every key optional, with the defaults documented", () => {
    const schema = repoConfigJsonSchema();
    expect(schema.required).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties?.limits?.properties?.maxFiles).toMatchObject({ default: 400, minimum: 1, maximum: 2000, type: "integer" });
    expect(schema.properties?.deploy?.properties?.environment?.default).toBe("production");
  });
});

describe("docs/configuration.md", () => {
  it("documents every key", () => {
    const missing = allKeyPaths().filter((path) => !docs.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });

  it("has an example file that is valid for both the zod schema and the JSON Schema, and sets every section", () => {
    expect(exampleFile).toBeDefined();
    const result = parseRepoConfig(exampleFile!);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.deploy).toMatchObject({ backend: "railway", frontend: "vercel", database: "neon" });
    expect(result.config.paths.allow).toContain("stackwright.json");

    const validate = new Ajv2020({ strict: false }).compile(repoConfigJsonSchema());
    expect(validate(parseYaml(exampleFile!)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(result.config)).toBe(true);
  });

  it("shows the error comment exactly as Stackwright renders it", () => {
    const invalid = yamlBlocks.find((b) => b.includes("backend: heroku"));
    expect(invalid).toBeDefined();
    const result = parseRepoConfig(invalid!);
    if (result.ok) throw new Error("the documented invalid file is valid");
    const items = renderConfigErrorComment(result.errors).split("\n").filter((line) => /^(\d+\. |   \*\*Fix:\*\*)/.test(line));
    expect(items).toHaveLength(4);
    for (const line of items) expect(docs).toContain(`> ${line}`);
  });
});
