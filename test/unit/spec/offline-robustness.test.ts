import { describe, expect, it } from "vitest";
import { describeApp } from "../../../src/spec/model.js";
import { buildSpecOffline } from "../../../src/spec/offline/index.js";
import { DOMAINS } from "../../../src/spec/offline/domains/index.js";
import { formatSpecIssues, validateAppSpec } from "../../../src/spec/validate.js";

/** Any prompt, however odd, gives a valid, deterministic spec, and says what it assumed. */

const SLUG = /^[a-z][a-z0-9-]*[a-z0-9]$/;

function expectValid(prompt: string) {
  const result = buildSpecOffline(prompt);
  const check = validateAppSpec(result.spec);
  if (!check.ok) throw new Error(`invalid spec for ${JSON.stringify(prompt.slice(0, 200))}:\n${formatSpecIssues(check.issues)}`);
  expect(result.spec.name).toMatch(SLUG);
  expect(result.spec.name.length).toBeLessThanOrEqual(40);
  expect(result.spec.title.length).toBeGreaterThan(0);
  expect(result.spec.name).not.toContain("--");
  expect(() => describeApp(result.spec)).not.toThrow();
  // Built by the rules, not by the safety net that catches their bugs.
  expect(result.assumed.join("\n")).not.toMatch(/could not build a spec/);
  expect(result.inferred.length + result.assumed.length).toBeGreaterThan(0);
  return result;
}

const TEN_KB = Array.from({ length: 200 }, (_, i) => `Paragraph ${i}: the quick brown fox jumps over the lazy dog; `).join("").slice(0, 10_240);

const ODD_PROMPTS: [label: string, prompt: string][] = [
  ["empty", ""],
  ["spaces", "    "],
  ["newlines and tabs", "\n\n\t\r\n"],
  ["emoji only", "🚀🔥💯"],
  ["emoji with words", "🍕 pizza delivery app 🛵 with orders"],
  ["a single letter", "x"],
  ["a single digit", "7"],
  ["digits first", "123 blog"],
  ["build me a thing", "build me a thing"],
  ["punctuation", "?!?!...,,,;;;"],
  ["SQL injection", "'; DROP TABLE users; --"],
  ["SQL injection in a list", "Create a shop with products; DELETE FROM orders WHERE 1=1; --"],
  ["HTML injection", "<script>alert('x')</script> blog"],
  ["template injection", "${process.exit(1)} {{7*7}} a todo app"],
  ["path traversal", "../../etc/passwd notes"],
  ["reserved words", "order user select from default type class import return"],
  ["reserved nouns as data", "an app with orders, users, selects, defaults and tables"],
  ["keywords as nouns", "track classes, functions, packages, interfaces and structs"],
  ["builtin type names", "an app with dates, maps, sets, promises, requests and responses"],
  ["French", "Créer une application de blog avec un backend Express"],
  ["German", "Eine App für Rezepte mit Kommentaren"],
  ["Spanish", "Una tienda en línea con productos y pedidos"],
  ["Chinese", "我想做一个博客应用"],
  ["Japanese", "チャットアプリを作ってください"],
  ["Arabic", "تطبيق مدونة"],
  ["Russian", "Создай блог с комментариями"],
  ["mixed scripts", "Blog блог ブログ 博客"],
  ["zero-width characters", "b\u200Blog w\u200Dith t\u200Cags"],
  ["control characters", "blog\u0000\u0007\u001b[31m app"],
  ["lone surrogate", "blog \uD83D app"],
  ["10 KB of text", TEN_KB],
  ["40 KB of text", "shop ".repeat(8_000)],
  ["one huge word", "a".repeat(5_000)],
  ["huge word then app", `${"z".repeat(300)} app`],
  ["digits then long name", `1 ${"a".repeat(60)} app`],
  ["all caps", "CREATE A BLOG APP WITH EXPRESS BACKEND AND REACT FRONTEND"],
  ["no spaces", "createablogappwithexpressbackendandreactfrontend"],
  ["contradictions", "An API only app with a React frontend, no auth but JWT, MongoDB and PostgreSQL"],
  ["every stack word", "Express FastAPI NestJS Gin Go Node Python PostgreSQL MongoDB Redis React Next.js PWA JWT OAuth"],
  ["every feature", "AI chat, Stripe payments, semantic search, file uploads, email newsletters, real-time WebSockets"],
  ["every domain", DOMAINS.map((d) => d.title).join(" and ")],
  ["repeated domain", "blog blog blog blog blog"],
  ["list without nouns", "with, and, or, plus, the, a"],
  ["nested lists", "with (products (and (reviews (and tags))))"],
  ["markdown", "# My App\n\n- **Express** backend\n- `React` frontend\n- [link](http://x)"],
  ["json", '{"app": "blog", "backend": "fastapi", "entities": ["Post"]}'],
  ["yaml", "app: shop\nbackend: nestjs\ndatabase: mongo"],
  ["url", "https://example.com/?q=blog&x=1"],
  ["email address", "contact me at someone@example.com about a CRM"],
  ["no auth but private data", "a private journal without any login"],
  ["OAuth only", "OAuth"],
  ["question", "can you make something?"],
  ["negations everywhere", "no blog, no shop, no frontend, no auth, no redis, no payments"],
  ["weird plural nouns", "track sheep, fish, series, news and data"],
  ["irregular plurals", "an app for children, people and mice"],
];

describe("odd prompts", () => {
  it("the table has at least 40 prompts", () => {
    expect(ODD_PROMPTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ODD_PROMPTS)("%s gives a valid spec", (_label, prompt) => {
    expectValid(prompt);
  });

  it.each(["", "   ", "🚀🔥💯", "?!?!", "'; DROP TABLE users; --", "我想做一个博客应用", "build me a thing"])(
    "%j falls back to a generic Items app and says so",
    (prompt) => {
      const r = expectValid(prompt);
      expect(r.spec.entities.map((e) => e.name)).toEqual(["User", "Item"]);
      expect(r.assumed).toContain("a generic app with one entity, Item (name, description): the prompt names no kind of app and no data to keep");
      expect(r.matched).toEqual({ domains: [] });
    },
  );

  it("names the app from the prompt when it can, and my-app when it cannot", () => {
    expect(expectValid("").spec).toMatchObject({ name: "my-app", title: "My App" });
    expect(expectValid("build me a thing").spec).toMatchObject({ name: "thing", title: "Thing" });
    expect(expectValid("CREATE A BLOG APP WITH EXPRESS BACKEND").spec).toMatchObject({ name: "blog", title: "Blog" });
    expect(expectValid("A CRM for my team").spec.title).toBe("CRM");
    expect(expectValid("Create an e-commerce store with Stripe checkout").spec).toMatchObject({ name: "e-commerce-store", title: "E-Commerce Store" });
    // The app is named where the prompt names it, not by later verbs ("write posts").
    expect(expectValid("A blog where authors write posts and readers comment").spec.name).toBe("blog");
    expect(expectValid("Créer une application de blog").spec.name).toBe("blog");
    const long = expectValid(`1 ${"a".repeat(60)} app`).spec.name;
    expect(long.length).toBeLessThanOrEqual(40);
  });

  it("reads only the first 20000 characters of a huge prompt, and says so", () => {
    const r = expectValid(`${"x ".repeat(15_000)} a blog app`);
    expect(r.assumed).toContain("only the first 20000 characters of the prompt were read");
    expect(r.matched.domains).toEqual([]);
  });

  it("keeps the description within the schema's limit", () => {
    const r = expectValid(TEN_KB);
    expect(r.spec.description.length).toBeLessThanOrEqual(2000);
    expect(r.spec.description).toContain("Built offline from the prompt");
  });

  it("does not let non-strings through", () => {
    expect(validateAppSpec(buildSpecOffline(undefined as unknown as string).spec).ok).toBe(true);
    expect(validateAppSpec(buildSpecOffline(42 as unknown as string).spec).ok).toBe(true);
  });
});

describe("determinism", () => {
  it.each([
    "Create a blog app with Express backend and React frontend",
    "Create a dating coach app with AI chat",
    "Create a real-time chat app with WebSockets",
    "Create a SaaS app with Next.js",
    "An app with products and reviews",
    TEN_KB,
  ])("%s gives the same result every time", (prompt) => {
    const first = buildSpecOffline(prompt);
    for (let i = 0; i < 3; i++) expect(buildSpecOffline(prompt)).toEqual(first);
    expect(JSON.stringify(buildSpecOffline(prompt))).toBe(JSON.stringify(first));
  });

  it("results do not share mutable state between calls", () => {
    const a = buildSpecOffline("A blog with tags");
    a.spec.entities[0]!.fields.push({ name: "hacked", type: "string", required: true, unique: false, searchable: false, private: false });
    a.spec.entities.find((e) => e.name === "Tag")!.relations.length = 0;
    const b = buildSpecOffline("A blog with tags");
    expect(b.spec.entities[0]!.fields.map((f) => f.name)).not.toContain("hacked");
    expect(b.spec.entities.find((e) => e.name === "Tag")!.relations.length).toBe(1);
    const todo = buildSpecOffline("A todo app");
    todo.spec.entities.find((e) => e.name === "Task")!.fields.find((f) => f.name === "status")!.enumValues!.push("hacked");
    expect(buildSpecOffline("A todo app").spec.entities.find((e) => e.name === "Task")!.fields.find((f) => f.name === "status")!.enumValues).toEqual(["todo", "doing", "done"]);
  });
});

describe("generated prompts", () => {
  /** A small deterministic generator (mulberry32), so failures reproduce. */
  function random(seed: number) {
    let t = seed;
    return () => {
      t = (t + 0x6d2b79f5) | 0;
      let x = Math.imul(t ^ (t >>> 15), 1 | t);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }
  const WORDS = [
    "create", "a", "an", "the", "app", "with", "and", "for", "no", "without", "track", "my", "blog", "shop", "store", "todo",
    "chat", "real-time", "crm", "notes", "recipes", "forum", "inventory", "expenses", "workouts", "journal", "portfolio",
    "job board", "books", "movies", "courses", "listings", "polls", "dating coach", "saas", "gallery", "habits", "invoices",
    "guestbook", "social network", "url shortener", "express", "fastapi", "nestjs", "gin", "go", "node", "python",
    "postgres", "mongodb", "redis", "react", "next.js", "pwa", "ios", "jwt", "oauth", "sign in with google", "no auth",
    "public", "api only", "stripe", "ai chat", "semantic search", "uploads", "email", "websockets", "products", "reviews",
    "tags", "comments", "orders", "users", "order", "user", "select", "default", "type", "class", "plants", "waterings",
    "sheep", "data", "dates", ",", ";", ".", "!", "(", ")", "-", "\n", "🚀", "é", "博客", "'", '"', "--", "/*", "*/",
  ];

  it("300 prompts built from stack, feature, domain and reserved words are all valid", () => {
    const next = random(20250120);
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(next() * 14);
      const prompt = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
      expectValid(prompt);
    }
  });
});
