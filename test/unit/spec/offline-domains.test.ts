import { describe, expect, it } from "vitest";
import type { AppSpec, EntitySpec } from "../../../src/spec/app-spec.js";
import { describeApp } from "../../../src/spec/model.js";
import { buildSpecOffline } from "../../../src/spec/offline/index.js";
import { DOMAINS } from "../../../src/spec/offline/domains/index.js";
import { reservedIn } from "../../../src/spec/reserved-words.js";
import { formatSpecIssues, validateAppSpec } from "../../../src/spec/validate.js";

/** Domain nouns → entities, explicit nouns → entities, and merging several domains. */

function build(prompt: string) {
  const result = buildSpecOffline(prompt);
  const check = validateAppSpec(result.spec);
  if (!check.ok) throw new Error(`invalid spec for ${JSON.stringify(prompt)}:\n${formatSpecIssues(check.issues)}`);
  expect(() => describeApp(result.spec)).not.toThrow();
  return result;
}

const names = (spec: AppSpec) => spec.entities.map((e) => e.name);
const entity = (spec: AppSpec, name: string): EntitySpec => {
  const found = spec.entities.find((e) => e.name === name);
  if (!found) throw new Error(`no entity ${name} in ${names(spec).join(", ")}`);
  return found;
};

/** Every relation has its inverse on the target, pointing back. */
function expectBothSides(spec: AppSpec) {
  for (const e of spec.entities) {
    for (const r of e.relations) {
      const inverse = entity(spec, r.target).relations.find((x) => x.name === r.inverse);
      expect(inverse, `${e.name}.${r.name}`).toMatchObject({ target: e.name, inverse: r.name });
    }
  }
}

const DOMAIN_PROMPTS = [
    ["A blog", "blog", ["User", "Post", "Comment"]],
    ["A to-do list", "tasks", ["User", "Task"]],
    ["An online store", "shop", ["User", "Category", "Product", "Order", "OrderItem"]],
    ["An e-commerce site", "shop", ["User", "Category", "Product", "Order", "OrderItem"]],
    ["CRM for a small agency", "crm", ["User", "Company", "Contact", "Deal"]],
    ["A note-taking app", "notes", ["User", "Note"]],
    ["Recipe app", "recipes", ["User", "Recipe", "Ingredient"]],
    ["Event management platform with RSVPs", "events", ["User", "Event", "Registration"]],
    ["Appointment booking for a salon", "booking", ["User", "Offering", "Appointment"]],
    ["A messaging app", "chat", ["User", "Conversation", "Message"]],
    ["A discussion forum", "forum", ["User", "Thread", "Reply"]],
    ["Bookmark manager", "bookmarks", ["User", "Bookmark"]],
    ["Inventory management for a warehouse", "inventory", ["User", "Supplier", "InventoryItem", "StockMovement"]],
    ["Expense tracker", "finance", ["User", "Category", "Expense"]],
    ["Workout log", "fitness", ["User", "Workout", "Exercise"]],
    ["A private journal", "journal", ["User", "JournalEntry"]],
    ["Developer portfolio", "portfolio", ["User", "Project", "Skill"]],
    ["Job board", "jobs", ["User", "Job", "JobApplication"]],
    ["Library app for books", "library", ["User", "Book", "Loan"]],
    ["Movie watchlist", "movies", ["User", "Movie", "Review"]],
    ["An LMS", "courses", ["User", "Course", "Lesson", "Enrollment"]],
    ["Real estate listings", "real-estate", ["User", "Listing", "Inquiry"]],
    ["Polls and surveys", "polls", ["User", "Poll", "PollOption", "Vote"]],
    ["A dating coach", "dating-coach", ["User", "Article", "Conversation", "Message", "Subscription"]],
    ["A SaaS starter", "saas", ["User", "Workspace", "Membership", "Subscription"]],
    ["Photo gallery", "gallery", ["User", "Album", "Photo"]],
    ["Habit tracker", "habits", ["User", "Habit", "CheckIn"]],
    ["Invoicing tool", "invoices", ["User", "Customer", "Invoice", "LineItem"]],
    ["A guestbook", "guestbook", ["Entry"]],
    ["A social network", "social", ["User", "Post", "Comment", "Follow"]],
    ["URL shortener", "url-shortener", ["User", "ShortLink"]],
    ["Customer support ticketing system", "helpdesk", ["User", "Ticket"]],
] as const;

describe("domains", () => {
  it.each(DOMAIN_PROMPTS)("%s → %s", (prompt, domain, entities) => {
    const r = build(prompt);
    expect(r.matched.domains).toEqual([domain]);
    expect(names(r.spec)).toEqual(entities);
    expectBothSides(r.spec);
    expect(r.inferred.some((s) => /^entit(y|ies) /.test(s) && s.includes("(from "))).toBe(true);
  });

  it("the table above covers every domain", () => {
    expect(new Set(DOMAIN_PROMPTS.map(([, domain]) => domain))).toEqual(new Set(DOMAINS.map((d) => d.id)));
  });

  it("gives typed fields and a single sensible owner", () => {
    const { spec } = build("An online store");
    expect(entity(spec, "Product").fields.find((f) => f.name === "price")).toMatchObject({ type: "decimal", min: 0 });
    expect(entity(spec, "Product").fields.find((f) => f.name === "sku")).toMatchObject({ unique: true });
    expect(entity(spec, "Order")).toMatchObject({ owner: "customer" });
    expect(entity(spec, "Order").permissions.read).toBe("owner");
    expect(entity(spec, "Category").relations).toEqual([{ name: "products", kind: "manyToMany", target: "Product", inverse: "categories", required: true, onDelete: "cascade" }]);
    expect(entity(spec, "OrderItem").relations.find((r) => r.name === "product")).toMatchObject({ onDelete: "restrict" });
  });

  it("adds optional entities when the prompt mentions them", () => {
    const r = build("A blog with tags");
    expect(names(r.spec)).toEqual(["User", "Post", "Comment", "Tag"]);
    expect(entity(r.spec, "Tag").relations).toEqual([expect.objectContaining({ name: "posts", kind: "manyToMany", target: "Post", inverse: "tags" })]);
    expect(r.inferred).toContain('entity Tag (from "tags")');
    expect(names(build("Expense tracker with monthly budgets").spec)).toContain("Budget");
  });

  it("never uses a reserved word for a field or relation", () => {
    const everything = DOMAINS.map((d) => d.title).join(", ");
    const { spec } = build(`One app with all of these: ${everything}`);
    for (const e of spec.entities) {
      for (const field of e.fields) expect(reservedIn(field.name), `${e.name}.${field.name}`).toEqual([]);
      // A relation is no column (its key is \`<name>_id\`), so only SQL may reserve its name, as with OrderItem.order.
      for (const rel of e.relations) expect(reservedIn(rel.name).filter((t) => t !== "SQL"), `${e.name}.${rel.name}`).toEqual([]);
    }
  });
});

describe("explicit nouns", () => {
  it("uses known entities for nouns the prompt lists, linked when both ends exist", () => {
    const r = build("An app with products and reviews");
    expect(r.matched.domains).toEqual([]);
    expect(names(r.spec)).toEqual(["User", "Product", "Review"]);
    expect(entity(r.spec, "Review").relations.find((x) => x.name === "product")).toMatchObject({ kind: "belongsTo", target: "Product", inverse: "reviews", required: true });
    expect(r.inferred).toEqual(['entity Product (named in the prompt: "products")', 'entity Review (named in the prompt: "reviews")']);
  });

  it("makes generic entities for nouns it does not know", () => {
    const r = build("Make an app to track plants and waterings");
    expect(names(r.spec)).toEqual(["User", "Plant", "Watering"]);
    const plant = entity(r.spec, "Plant");
    expect(plant.fields).toEqual([
      expect.objectContaining({ name: "name", type: "string", searchable: true }),
      expect.objectContaining({ name: "description", type: "text", required: false }),
    ]);
    // "track" is about one's own records: private to their owner.
    expect(plant).toMatchObject({ owner: "owner", permissions: { list: "owner", read: "owner" } });
    expect(entity(r.spec, "User").relations.map((x) => x.name)).toEqual(["plants", "waterings"]);
    expect(r.inferred).toContain('entity Plant with generic fields name, description (named in the prompt: "plants")');
    expect(r.spec).toMatchObject({ name: "plants", title: "Plants" });
  });

  it("keeps compound nouns and uses a title for content-like ones", () => {
    const r = build("A site for sharing short stories, book clubs and reading challenges");
    expect(r.matched.domains).toEqual(["library"]);
    expect(names(r.spec)).toEqual(["User", "Book", "Loan", "Story", "BookClub", "ReadingChallenge"]);
    expect(entity(r.spec, "Story").fields[0]!.name).toBe("title");
    expect(entity(r.spec, "ReadingChallenge").fields[0]!.name).toBe("name");
  });

  it("reads track invoices as the invoicing domain", () => {
    expect(names(build("track invoices").spec)).toEqual(["User", "Customer", "Invoice", "LineItem"]);
  });

  it("never makes tables of stack, feature or platform words", () => {
    const r = build("An app with users, settings, notifications, payments, images, dashboards and APIs");
    expect(names(r.spec)).toEqual(["User", "Item"]);
    expect(r.assumed.join("\n")).toMatch(/generic app with one entity, Item/);
  });

  it("renames nouns that would shadow builtins or reserved words", () => {
    const r = build("An app with classes, defaults, selects and orders");
    // "classes" are courses; "default" and "select" are keywords, so those entities get a suffix; Order is a fine entity.
    expect(names(r.spec)).toEqual(["User", "Course", "DefaultItem", "SelectItem", "Order"]);
    expect(r.inferred).toContain('entity DefaultItem with generic fields name, description (named in the prompt: "defaults")');
  });
});

describe("merging domains", () => {
  it("a blog with a shop: one User, unique entities, inverses on both sides", () => {
    const r = build("A blog with a shop");
    expect(r.matched.domains).toEqual(["blog", "shop"]);
    expect(names(r.spec)).toEqual(["User", "Post", "Comment", "Category", "Product", "Order", "OrderItem"]);
    expect(entity(r.spec, "User").relations.map((x) => x.name)).toEqual(["posts", "comments", "orders"]);
    expectBothSides(r.spec);
  });

  it("shared entities link to every subject present, each optional", () => {
    const r = build("Movie and book reviews");
    expect(r.matched.domains).toEqual(["movies", "library"]);
    const review = entity(r.spec, "Review");
    expect(review.relations.filter((x) => x.kind === "belongsTo").map((x) => [x.name, x.required])).toEqual([
      ["author", true],
      ["movie", false],
      ["book", false],
    ]);
    expect(r.assumed).toContain("Review.movie and Review.book are optional (a review belongs to one of them)");
    expectBothSides(r.spec);
  });

  it("does not turn nouns a domain already stands for into extra entities", () => {
    const r = build("Team chat with channels and direct messages");
    expect(names(r.spec)).toEqual(["User", "Conversation", "Message"]);
    expect(r.matched.preset).toBe("realtime-chat");
  });

  it("the first domain's definition of a shared name wins", () => {
    const coachFirst = build("A dating coach with a chat app between members");
    expect(coachFirst.matched.domains).toEqual(["dating-coach", "chat"]);
    expect(entity(coachFirst.spec, "Message").fields.map((f) => f.name)).toEqual(["role", "content"]);
    expect(entity(coachFirst.spec, "Message").owner).toBe("owner");
    expect(coachFirst.spec.title).toBe("Dating Coach");
    const chatFirst = build("A chat app with a dating coach");
    expect(entity(chatFirst.spec, "Message").owner).toBe("sender");
  });

  it("disambiguates inverse names that two relations would share", () => {
    const r = build("A social network");
    const user = entity(r.spec, "User");
    expect(user.relations.map((x) => x.name)).toEqual(["posts", "comments", "following", "followers"]);
    const follow = entity(r.spec, "Follow");
    expect(follow.relations.map((x) => [x.name, x.target, x.inverse])).toEqual([
      ["follower", "User", "following"],
      ["followee", "User", "followers"],
    ]);
  });

  it("caps a prompt naming every domain at the schema's 30 entities, and says so", () => {
    const r = build(`Build everything: ${DOMAINS.map((d) => d.title).join(", ")}, plus blog, shop, chat app, forum, LMS and CRM`);
    expect(r.spec.entities.length).toBeLessThanOrEqual(30);
    expect(new Set(names(r.spec)).size).toBe(r.spec.entities.length);
    expect(r.assumed.join("\n")).toMatch(/only the first 29 entities were kept; left out /);
    expectBothSides(r.spec);
  });
});
