import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { canTrigger, isBot, permissionOf, type PermissionLevel } from "../../../src/github/validation/index.js";
import { createEnv, R, type Env } from "./setup.js";

let env: Env;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  env = createEnv();
});
afterEach(() => env.check());

describe("permissionOf / canTrigger", () => {
  it("reads every built-in role with one request each, from role_name", async () => {
    const roles: PermissionLevel[] = ["maintain", "write", "triage", "read", "none"];
    for (const role of roles) env.fake.setPermission(`user-${role}`, role);
    expect(await permissionOf(env.gh, R, "octo-org")).toBe("admin"); // the owner
    for (const role of roles) expect(await permissionOf(env.gh, R, `user-${role}`)).toBe(role);
    expect(env.vf.count("repos/get-collaborator-permission-level")).toBe(6);
    // maintain and triage are only visible through role_name (permission says write / read)
    const maintain = env.vf.requests.find((r) => r.path.endsWith("/user-maintain/permission"))!;
    expect(maintain.responseBody).toMatchObject({ permission: "write", role_name: "maintain" });
  });

  it("answers read for a stranger on a public repo", async () => {
    expect(await permissionOf(env.gh, R, "stranger")).toBe("read");
  });

  it("maps 404 (unknown user) to none", async () => {
    env.fake.failNext("repos/get-collaborator-permission-level", [{ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" } }]);
    expect(await permissionOf(env.gh, R, "ghost-user")).toBe("none");
    expect(env.vf.count("repos/get-collaborator-permission-level")).toBe(1);
  });

  it("falls back to the legacy permission for a custom role", async () => {
    env.fake.setPermission("custom", "write");
    const real = await env.gh.rest.repos.getCollaboratorPermissionLevel({ ...R, username: "custom" });
    env.fake.failNext("repos/get-collaborator-permission-level", [{ status: 200, body: { ...real.data, role_name: "release-manager", user: { ...real.data.user, role_name: "release-manager" } } }]);
    expect(await permissionOf(env.gh, R, "custom")).toBe("write");
  });

  it("lets admin, maintain and write trigger; not triage, read, none", () => {
    expect((["admin", "maintain", "write", "triage", "read", "none"] as const).map(canTrigger)).toEqual([true, true, true, false, false, false]);
  });

  it("throws other errors (e.g. 403) rather than guessing", async () => {
    env.fake.failNext("repos/get-collaborator-permission-level", [{ status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest", status: "403" } }]);
    env.expectWarning("repos/get-collaborator-permission-level", 403);
    await expect(permissionOf(env.gh, R, "alice")).rejects.toMatchObject({ status: 403 });
  });
});

describe("isBot", () => {
  it("recognises bots by type or by the [bot] suffix", () => {
    expect(isBot({ login: "stackwright[bot]", type: "Bot" })).toBe(true);
    expect(isBot({ login: "dependabot[bot]" })).toBe(true);
    expect(isBot({ login: "renovate[BOT]", type: "User" })).toBe(true);
    expect(isBot({ login: "machine", type: "Bot" })).toBe(true);
    expect(isBot({ login: "alice", type: "User" })).toBe(false);
    expect(isBot({ login: "bot-lover", type: "User" })).toBe(false);
    expect(isBot(null)).toBe(false);
    expect(isBot(undefined)).toBe(false);
  });
});
