import { describe, expect, it } from "vitest";
import type { AppSpec } from "../../../src/spec/app-spec.js";
import { buildSpecOffline, type OfflineSpecOptions } from "../../../src/spec/offline/index.js";
import { formatSpecIssues, validateAppSpec } from "../../../src/spec/validate.js";

/** Stack words, feature words and auth words: each read from the prompt and said back. */

function build(prompt: string, options?: OfflineSpecOptions) {
  const result = buildSpecOffline(prompt, options);
  const check = validateAppSpec(result.spec);
  if (!check.ok) throw new Error(`invalid spec for ${JSON.stringify(prompt)}:\n${formatSpecIssues(check.issues)}`);
  return result;
}

const stackOf = (prompt: string): AppSpec["stack"] => build(prompt).spec.stack;

describe("stack words", () => {
  it.each([
    ["A notes app with an Express backend", "express"],
    ["A notes app on Node.js", "express"],
    ["A notes app with a Node backend", "express"],
    ["notes api in nodejs", "express"],
    ["A notes app with FastAPI", "fastapi"],
    ["A notes app written in Python", "fastapi"],
    ["A notes app with NestJS", "nestjs"],
    ["A notes app with a Nest backend", "nestjs"],
    ["A notes app with Gin", "gin"],
    ["A notes app with a Go backend", "gin"],
    ["A notes app in Go.", "gin"],
    ["A notes app in Golang", "gin"],
  ] as const)("%s → backend %s", (prompt, backend) => {
    const r = build(prompt);
    expect(r.spec.stack.backend).toBe(backend);
    expect(r.inferred.some((s) => s.startsWith("backend "))).toBe(true);
  });

  it("quotes the words it read the backend from, in the prompt's own spelling", () => {
    const r = build("Create a blog app with Express backend and React frontend");
    expect(r.inferred).toContain('backend Express (from "Express backend")');
    expect(r.inferred).toContain('frontend React (from "React frontend")');
  });

  it.each([
    ["notes with PostgreSQL", "postgres"],
    ["notes with Postgres", "postgres"],
    ["notes with a SQL database", "postgres"],
    ["notes with MongoDB", "mongodb"],
    ["notes stored in Mongo", "mongodb"],
  ] as const)("%s → database %s", (prompt, database) => {
    expect(stackOf(prompt).database).toBe(database);
  });

  it("reads Redis as the cache, and a declined Redis as none", () => {
    expect(stackOf("A notes app with Redis caching").cache).toBe("redis");
    const r = build("A forum with real-time updates, no Redis");
    expect(r.spec.stack.cache).toBeNull();
    expect(r.inferred).toContain('no cache (from "no Redis")');
  });

  it.each([
    ["notes with a React frontend", "react", true],
    ["notes with a React frontend, no PWA", "react", false],
    ["notes with Next.js", "nextjs", true],
    ["notes with NextJS", "nextjs", true],
    ["notes built with Next", "nextjs", true],
    ["notes API with no frontend", "none", false],
    ["notes, API only", "none", false],
    ["notes, backend only", "none", false],
    ["notes as a PWA", "react", true],
    ["notes as a progressive web app", "react", true],
    ["a mobile notes app", "react", true],
    ["notes for iOS", "react", true],
    ["an Android notes app", "react", true],
  ] as const)("%s → frontend %s, pwa %s", (prompt, frontend, pwa) => {
    const stack = stackOf(prompt);
    expect(stack.frontend).toBe(frontend);
    expect(stack.pwa).toBe(pwa);
  });

  it("does not read ordinary English as stack words", () => {
    const r = build("A journal to express my feelings, go for walks and note the next step");
    expect(r.spec.stack).toMatchObject({ backend: "express", frontend: "react" });
    // Express and React came from defaults, not from "express my feelings" or "next step".
    expect(r.inferred.some((s) => s.startsWith("backend") || s.startsWith("frontend"))).toBe(false);
    expect(r.assumed).toContain("backend Express (no backend named)");
    expect(build("A shop with express delivery").inferred.some((s) => s.startsWith("backend"))).toBe(false);
    expect(build("Cocktail recipes with gin and tonic").spec.stack.backend).toBe("express");
    expect(build("A recipe app, no SQL injection please").spec.stack.database).toBe("postgres");
  });

  it("Next.js beats React (it is React), and no frontend turns the PWA off", () => {
    expect(stackOf("A React app with Next.js").frontend).toBe("nextjs");
    const r = build("A mobile notes API, backend only");
    expect(r.spec.stack).toMatchObject({ frontend: "none", pwa: false });
    expect(r.assumed).toContain("no PWA after all: there is no frontend to install");
  });

  it("substitutes unsupported technologies and says so", () => {
    const r = build("Habit tracker with Django, MySQL and Vue");
    expect(r.spec.stack).toMatchObject({ backend: "fastapi", database: "postgres", frontend: "react" });
    expect(r.assumed).toEqual(
      expect.arrayContaining([
        'backend FastAPI instead of "Django" (the Python backend Stackwright generates)',
        'database PostgreSQL instead of "MySQL" (Stackwright generates PostgreSQL or MongoDB)',
        'frontend React instead of "Vue" (Stackwright generates React or Next.js)',
      ]),
    );
    expect(build("A notes app in React Native").assumed.join("\n")).toMatch(/a PWA instead of "React Native"/);
  });

  it("says what it assumed when the prompt names no stack", () => {
    const r = build("A place for my notes");
    expect(r.spec.stack).toEqual({ backend: "express", database: "postgres", cache: null, frontend: "react", pwa: true });
    expect(r.assumed).toEqual(
      expect.arrayContaining([
        "backend Express (no backend named)",
        "database PostgreSQL (no database named)",
        "frontend React (no frontend named)",
        "installable PWA (the default for a web frontend)",
      ]),
    );
  });
});

describe("repository defaults", () => {
  it("apply when the prompt is silent, and lose to the prompt's own words", () => {
    const defaults = { backend: "gin", database: "mongodb", frontend: "nextjs", pwa: true } as const;
    const silent = build("A notes app", { defaults });
    expect(silent.spec.stack).toMatchObject(defaults);
    expect(silent.assumed).toContain("backend Gin (Go) (the repository's default)");
    const explicit = build("A notes app with FastAPI and PostgreSQL", { defaults });
    expect(explicit.spec.stack).toMatchObject({ backend: "fastapi", database: "postgres", frontend: "nextjs" });
  });

  it("beat a preset's defaults (they are the repository owner's choice)", () => {
    const r = build("Create a dating coach app with AI chat", { defaults: { backend: "nestjs" } });
    expect(r.spec.stack.backend).toBe("nestjs");
    expect(r.spec.stack.database).toBe("postgres");
  });

  it("ignore values the schema does not know", () => {
    const r = build("A notes app", { defaults: { backend: "rails" as never, pwa: "yes" as never } });
    expect(r.spec.stack.backend).toBe("express");
    expect(r.assumed).toContain('ignored the repository default backend: "rails" (not a supported value)');
    expect(r.assumed).toContain('ignored the repository default pwa: "yes" (not a supported value)');
  });
});

describe("feature words", () => {
  it.each([
    ["notes with AI chat", "ai-chat"],
    ["notes with a chatbot", "ai-chat"],
    ["notes summarised by Claude", "ai-chat"],
    ["notes with GPT-4 suggestions", "ai-chat"],
    ["notes with a writing assistant", "ai-chat"],
    ["notes with payments", "payments"],
    ["notes with Stripe", "payments"],
    ["notes with paid subscriptions", "payments"],
    ["notes with billing", "payments"],
    ["notes with a checkout", "payments"],
    ["notes with semantic search", "semantic-search"],
    ["notes with vector search", "semantic-search"],
    ["notes with embeddings", "semantic-search"],
    ["notes indexed in Pinecone", "semantic-search"],
    ["notes with file upload", "file-upload"],
    ["notes with images", "file-upload"],
    ["notes with attachments", "file-upload"],
    ["notes with photos", "file-upload"],
    ["notes with email notifications", "email"],
    ["notes with a weekly newsletter", "email"],
    ["notes that send reminders by email", "email"],
    ["notes sent through SendGrid", "email"],
    ["notes with real-time sync", "realtime"],
    ["notes with realtime collaboration", "realtime"],
    ["notes with live updates", "realtime"],
    ["notes over WebSockets", "realtime"],
    ["notes with socket.io", "realtime"],
  ] as const)("%s → %s", (prompt, feature) => {
    const r = build(prompt);
    expect(r.spec.features).toContain(feature);
    expect(r.inferred.some((s) => s.startsWith(`feature ${feature}:`) && s.includes("(from "))).toBe(true);
  });

  it("does not read sign-in email or other chat as features", () => {
    const r = build("A notes app where users sign up with email and password");
    expect(r.spec.features).not.toContain("email");
    expect(build("Create a dating coach app with AI chat").spec.features).not.toContain("realtime");
  });

  it("reads a chat between people as real-time, and adds Redis for pub/sub", () => {
    const r = build("A team app where members chat with each other");
    expect(r.spec.features).toContain("realtime");
    expect(r.spec.stack.cache).toBe("redis");
    expect(r.assumed).toContain("cache Redis for pub/sub (real-time chat fans messages out to every server instance)");
  });

  it("keeps features in the schema's order, each once", () => {
    const r = build("Stripe payments, AI chat, realtime, uploads, email notifications, semantic search and more Stripe");
    expect(r.spec.features).toEqual(["ai-chat", "semantic-search", "payments", "file-upload", "email", "realtime"]);
  });
});

describe("auth words", () => {
  it("reads JWT and login words as JWT auth", () => {
    expect(build("A notes app with JWT").inferred).toContain('JWT auth (from "JWT")');
    const r = build("A recipes site with user authentication");
    expect(r.spec.auth.kind).toBe("jwt");
    expect(r.inferred).toContain('JWT auth with email and password (from "user authentication")');
  });

  it("reads OAuth providers, and assumes GitHub for a bare OAuth", () => {
    const both = build("A notes app, sign in with GitHub or Google");
    expect(both.spec.auth).toMatchObject({ kind: "jwt", oauth: ["github", "google"] });
    expect(build("A notes app with Google login").spec.auth.oauth).toEqual(["google"]);
    const bare = build("A notes app with OAuth");
    expect(bare.spec.auth.oauth).toEqual(["github"]);
    expect(bare.assumed).toContain('OAuth provider GitHub ("OAuth" named no provider)');
    expect(build("notes with social login").spec.auth.oauth).toEqual(["github", "google"]);
  });

  it("says when a social provider is not generated", () => {
    const r = build("A notes app, sign in with Facebook");
    expect(r.spec.auth.oauth).toEqual([]);
    expect(r.assumed.join("\n")).toMatch(/sign-in with Facebook is not generated/);
  });

  it("turns auth off when asked and nothing needs an owner", () => {
    const r = build("A public guestbook, no login");
    expect(r.spec.auth).toMatchObject({ kind: "none", oauth: [] });
    expect(r.spec.entities.map((e) => e.name)).toEqual(["Entry"]);
    expect(Object.values(r.spec.entities[0]!.permissions)).toEqual(["public", "public", "public", "public", "public"]);
    expect(r.inferred).toContain('no auth (from "no login")');
    expect(build("A public guestbook").inferred).toContain('no auth (from "A public guestbook")');
  });

  it("lets sign-in words beat a merely public app, but not an explicit no auth", () => {
    expect(build("A public guestbook where admins log in to moderate").spec.auth.kind).toBe("jwt");
    expect(build("A guestbook, no accounts, anyone can sign it").spec.auth.kind).toBe("none");
  });

  it("drops owners of public content when asked for no auth", () => {
    const r = build("A blog without login");
    expect(r.spec.auth.kind).toBe("none");
    expect(r.spec.entities.map((e) => e.name)).toEqual(["Post", "Comment"]);
    expect(r.spec.entities.every((e) => e.owner === undefined && e.relations.every((rel) => rel.target !== "User"))).toBe(true);
    expect(r.assumed).toContain("records have no owner and every permission is public, as the prompt asked for no auth");
  });

  it("keeps auth when records are private to their owner, and says why", () => {
    const r = build("A todo app with no auth");
    expect(r.spec.auth.kind).toBe("jwt");
    expect(r.assumed).toContain('JWT auth kept although the prompt said "no auth": Tasks are private to their owner');
  });

  it("assumes JWT when entities have owners", () => {
    const r = build("Create a blog");
    expect(r.spec.auth.kind).toBe("jwt");
    expect(r.assumed).toContain("JWT auth with email and password (the entities have owners: Post and Comment)");
  });
});
