import { describe, expect, it } from "vitest";
import type { AppSpec } from "../../../src/spec/app-spec.js";
import { buildSpecOffline } from "../../../src/spec/offline/index.js";
import { formatSpecIssues, validateAppSpec } from "../../../src/spec/validate.js";
import { blogSpec } from "../../fixtures/specs.js";

/** The seed's full-stack templates, prompt for prompt. */

function build(prompt: string) {
  const result = buildSpecOffline(prompt);
  const check = validateAppSpec(result.spec);
  if (!check.ok) throw new Error(`invalid spec for ${JSON.stringify(prompt)}:\n${formatSpecIssues(check.issues)}`);
  return result;
}

const names = (spec: AppSpec) => spec.entities.map((e) => e.name);

/** An entity's shape without prose, with members in a stable order. */
function shape(spec: AppSpec) {
  return spec.entities.map(({ description: _description, ...e }) => ({
    ...e,
    fields: [...e.fields].sort((a, b) => a.name.localeCompare(b.name)),
    relations: [...e.relations].sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

const LONG_DATING_COACH = `Create a dating coach iOS app with:
- FastAPI backend with PostgreSQL
- User authentication (JWT)
- Content library with dating advice
- AI chat using Claude API
- Semantic search over content
- Subscription payments with Stripe
- PWA frontend`;

describe("template 1: REST API + React (blog)", () => {
  const r = build("Create a blog app with Express backend and React frontend");

  it("matches the blog preset and names the app from the prompt", () => {
    expect(r.matched).toEqual({ preset: "blog", domains: ["blog"] });
    expect(r.spec).toMatchObject({ name: "blog", title: "Blog" });
    expect(r.spec.stack).toMatchObject({ backend: "express", database: "postgres", cache: null, frontend: "react" });
    expect(r.spec.auth).toMatchObject({ kind: "jwt", userEntity: "User", oauth: [] });
    expect(r.spec.features).toEqual([]);
  });

  it("has the same entities, fields, relations, owners and permissions as the hand-written blog fixture", () => {
    expect(shape(r.spec)).toEqual(shape(blogSpec));
  });

  it("says what it read and what it assumed", () => {
    expect(r.inferred).toEqual(
      expect.arrayContaining([
        `preset "blog", the seed's REST API + React template (from "blog")`,
        'entities Post and Comment (from "blog")',
        'backend Express (from "Express backend")',
        'frontend React (from "React frontend")',
      ]),
    );
    expect(r.assumed).toEqual(
      expect.arrayContaining([
        "database PostgreSQL (the blog preset's default)",
        "JWT auth with email and password (the entities have owners: Post and Comment)",
      ]),
    );
  });
});

describe("template 2: AI-powered app (dating coach)", () => {
  it("the short prompt gets the whole preset: FastAPI, PostgreSQL, JWT, AI chat, semantic search, payments, PWA", () => {
    const r = build("Create a dating coach app with AI chat");
    expect(r.matched.preset).toBe("dating-coach");
    expect(r.spec).toMatchObject({ name: "dating-coach", title: "Dating Coach" });
    expect(r.spec.stack).toEqual({ backend: "fastapi", database: "postgres", cache: null, frontend: "react", pwa: true });
    expect(r.spec.auth.kind).toBe("jwt");
    expect(r.spec.features).toEqual(["ai-chat", "semantic-search", "payments"]);
    expect(names(r.spec)).toEqual(["User", "Article", "Conversation", "Message", "Subscription"]);
    // AI chat was asked for; the rest came with the preset and is said to.
    expect(r.inferred).toContain('feature ai-chat: AI chat (from "AI chat")');
    expect(r.assumed).toContain("feature payments: payments (part of the dating-coach preset)");
    expect(r.assumed).toContain("backend FastAPI (the dating-coach preset's default)");
  });

  it("the long seed prompt reads every line", () => {
    const r = build(LONG_DATING_COACH);
    expect(r.matched.preset).toBe("dating-coach");
    expect(r.spec.name).toBe("dating-coach");
    expect(r.spec.stack).toEqual({ backend: "fastapi", database: "postgres", cache: null, frontend: "react", pwa: true });
    expect(r.spec.features).toEqual(["ai-chat", "semantic-search", "payments"]);
    expect(r.inferred).toEqual(
      expect.arrayContaining([
        'backend FastAPI (from "FastAPI backend")',
        'database PostgreSQL (from "PostgreSQL")',
        'JWT auth (from "JWT")',
        'PWA (from "iOS app")',
        'feature ai-chat: AI chat (from "AI chat")',
        'feature semantic-search: semantic search (from "Semantic search over content")',
        'feature payments: payments (from "Subscription payments with Stripe")',
      ]),
    );
    // Everything the seed lists was read from the prompt; only the frontend framework is a default.
    expect(r.assumed).toEqual(["frontend React (the dating-coach preset's default)"]);
  });

  it("models the content library, coaching chats and subscriptions", () => {
    const { spec } = build(LONG_DATING_COACH);
    const article = spec.entities.find((e) => e.name === "Article")!;
    expect(article.fields.find((f) => f.name === "category")).toMatchObject({ type: "enum" });
    expect(article.fields.filter((f) => f.searchable).map((f) => f.name)).toEqual(["title", "summary", "body"]);
    expect(article.permissions).toEqual({ list: "public", read: "public", create: "admin", update: "admin", delete: "admin" });
    const message = spec.entities.find((e) => e.name === "Message")!;
    expect(message.fields.find((f) => f.name === "role")).toMatchObject({ type: "enum", enumValues: ["user", "assistant"] });
    expect(message.relations.find((r) => r.name === "conversation")).toMatchObject({ kind: "belongsTo", target: "Conversation", inverse: "messages" });
    expect(message.permissions.read).toBe("owner");
    const subscription = spec.entities.find((e) => e.name === "Subscription")!;
    expect(subscription.fields.filter((f) => f.private).map((f) => f.name)).toEqual(["stripeCustomerId", "stripeSubscriptionId"]);
  });
});

describe("template 3: real-time chat", () => {
  const r = build("Create a real-time chat app with WebSockets");

  it("gets Express, PostgreSQL for history, Redis for pub/sub, React, and the realtime feature", () => {
    expect(r.matched).toEqual({ preset: "realtime-chat", domains: ["chat"] });
    expect(r.spec.stack).toMatchObject({ backend: "express", database: "postgres", cache: "redis", frontend: "react" });
    expect(r.spec.features).toEqual(["realtime"]);
    expect(r.spec.name).toBe("real-time-chat");
    expect(r.assumed).toContain("cache Redis for pub/sub (real-time chat fans messages out to every server instance)");
  });

  it("keeps conversations and messages, readable by signed-in users and edited by their sender", () => {
    expect(names(r.spec)).toEqual(["User", "Conversation", "Message"]);
    const message = r.spec.entities.find((e) => e.name === "Message")!;
    expect(message.owner).toBe("sender");
    expect(message.permissions).toEqual({ list: "authenticated", read: "authenticated", create: "authenticated", update: "owner", delete: "owner" });
  });
});

describe("template 4: Next.js SaaS", () => {
  const r = build("Create a SaaS app with Next.js");

  it("gets the Next.js frontend, payments, and workspaces with members and a subscription", () => {
    expect(r.matched).toEqual({ preset: "saas", domains: ["saas"] });
    expect(r.spec).toMatchObject({ name: "saas", title: "SaaS" });
    expect(r.spec.stack.frontend).toBe("nextjs");
    expect(r.spec.features).toEqual(["payments"]);
    expect(names(r.spec)).toEqual(["User", "Workspace", "Membership", "Subscription"]);
    expect(r.inferred).toContain('frontend Next.js (from "Next.js")');
    const subscription = r.spec.entities.find((e) => e.name === "Subscription")!;
    expect(subscription.relations.map((x) => x.name).sort()).toEqual(["owner", "workspace"]);
  });
});

describe("template 5: todo", () => {
  it("gets private tasks, and projects when they are mentioned", () => {
    const plain = build("Create a todo app");
    expect(plain.matched.preset).toBe("todo");
    expect(names(plain.spec)).toEqual(["User", "Task"]);
    const task = plain.spec.entities.find((e) => e.name === "Task")!;
    expect(task.permissions).toEqual({ list: "owner", read: "owner", create: "authenticated", update: "owner", delete: "owner" });
    expect(task.fields.find((f) => f.name === "status")).toMatchObject({ enumValues: ["todo", "doing", "done"], default: "todo" });

    const withProjects = build("A to-do list where tasks are grouped into projects");
    expect(names(withProjects.spec)).toEqual(["User", "Task", "Project"]);
    const link = withProjects.spec.entities.find((e) => e.name === "Task")!.relations.find((x) => x.name === "project");
    expect(link).toMatchObject({ kind: "belongsTo", target: "Project", inverse: "tasks", required: false, onDelete: "setNull" });
  });
});

describe("explicit stack words beat presets", () => {
  it.each([
    ["Create a dating coach app with AI chat, Express backend and MongoDB", { backend: "express", database: "mongodb", frontend: "react", pwa: true }],
    ["Create a dating coach app with AI chat in Go, API only", { backend: "gin", frontend: "none", pwa: false }],
    ["Create a real-time chat app with WebSockets using NestJS and Next.js", { backend: "nestjs", frontend: "nextjs", cache: "redis" }],
    ["Create a SaaS app with React and FastAPI", { backend: "fastapi", frontend: "react" }],
    ["Create a blog app with a Gin backend and no frontend", { backend: "gin", frontend: "none" }],
  ] as const)("%s", (prompt, expected) => {
    const r = build(prompt);
    expect(r.matched.preset).toBeDefined();
    expect(r.spec.stack).toMatchObject(expected);
  });

  it("a declined feature is not added by the preset", () => {
    const r = build("Create a dating coach app without payments");
    expect(r.spec.features).toEqual(["ai-chat", "semantic-search"]);
    expect(r.inferred).toContain('no payments feature (from "without payments")');
  });

  it("the first-named domain with a preset chooses it", () => {
    expect(build("A todo app with a blog").matched).toEqual({ preset: "todo", domains: ["tasks", "blog"] });
    expect(build("A blog with a todo list").matched).toEqual({ preset: "blog", domains: ["blog", "tasks"] });
    expect(build("A CRM").matched.preset).toBeUndefined();
  });
});
