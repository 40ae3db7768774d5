import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

/**
 * app.yml against GitHub's own descriptions: every event is a real webhook,
 * every permission a real app permission with a valid level, and every event
 * the code listens to is subscribed.
 */

const require = createRequire(import.meta.url);
const manifest = parse(readFileSync("app.yml", "utf8")) as { default_events: string[]; default_permissions: Record<string, string>; name: string; url: string };
const webhooks = JSON.parse(readFileSync(require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json"), "utf8")) as {
  webhooks: Record<string, { post: { "x-github": { subcategory: string } } }>;
};
const rest = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as {
  components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("app.yml", () => {
  it("has the fields a manifest needs", () => {
    expect(manifest.name).toBeTruthy();
    expect(manifest.url).toMatch(/^https:\/\//);
  });

  it("subscribes only to real webhook events", () => {
    const events = new Set(Object.values(webhooks.webhooks).map((w) => w.post["x-github"].subcategory));
    for (const event of manifest.default_events) expect(events.has(event), event).toBe(true);
  });

  it("asks only for real app permissions, at valid levels, and no more than the flow needs", () => {
    const permissions = rest.components.schemas["app-permissions"]!.properties;
    for (const [name, level] of Object.entries(manifest.default_permissions)) {
      expect(permissions[name], name).toBeDefined();
      expect(permissions[name]!.enum, name).toContain(level);
    }
    expect(manifest.default_permissions).toEqual({ contents: "write", issues: "write", pull_requests: "write", checks: "write", deployments: "write", metadata: "read" });
  });

  it("subscribes to every event the code handles", () => {
    const handled = sourceFiles("src").flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\bapp\.on\(\s*"([a-z_]+)(?:\.[a-z_]+)?"/g)].map((m) => m[1]!));
    expect(handled.length).toBeGreaterThan(0);
    for (const event of handled) expect(manifest.default_events, event).toContain(event);
  });
});
