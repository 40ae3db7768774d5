import { describe, expect, it } from "vitest";
import { describeApp } from "../../../src/spec/model.js";
import { allSpecs, shopSpec } from "../../fixtures/specs.js";

describe("spec fixtures", () => {
  it("are all valid and describable", () => {
    for (const spec of allSpecs) expect(describeApp(spec).entities.length).toBe(spec.entities.length);
  });

  it("orders entities so belongsTo targets come first, and names join tables once", () => {
    const model = describeApp(shopSpec);
    const names = model.entities.map((e) => e.name);
    expect(names.indexOf("Order")).toBeLessThan(names.indexOf("OrderItem"));
    expect(names.indexOf("Product")).toBeLessThan(names.indexOf("OrderItem"));
    expect(model.joinTables).toEqual([
      { table: "categories_products", left: { table: "categories", column: "category_id" }, right: { table: "products", column: "product_id" } },
    ]);
    const product = model.entities.find((e) => e.name === "Product")!;
    expect(product.manyToMany[0]).toMatchObject({ field: "categoryIds", ownColumn: "product_id", targetColumn: "category_id" });
    const item = model.entities.find((e) => e.name === "OrderItem")!;
    expect(item.route).toBe("order-items");
    expect(item.foreignKeys.map((f) => [f.field, f.column])).toEqual([["orderId", "order_id"], ["productId", "product_id"]]);
  });
});

describe("naming and semantic edge cases", () => {
  it("slugify keeps the prefix within the length limit", async () => {
    const { slugify } = await import("../../../src/spec/naming.js");
    const slug = slugify("1 " + "a".repeat(50));
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toMatch(/^app-1-a+$/);
  });

  it("rejects an entity whose camelCase form is a keyword", async () => {
    const { validateAppSpec } = await import("../../../src/spec/validate.js");
    const { guestbookSpecInput } = await import("../../fixtures/specs.js");
    const input = structuredClone(guestbookSpecInput);
    input.entities[0]!.name = "Class";
    input.entities[0]!.plural = "Classes";
    const result = validateAppSpec(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.message).join("\n")).toMatch(/"class" \(Class as a variable\) is a reserved word/);
  });
});
