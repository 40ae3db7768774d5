import { choice, datetime, int, json, money, optional, searchable, str } from "./fields.js";
import { Category, Review } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Product: EntityDef = {
  name: "Product",
  description: "Something the shop sells.",
  fields: [
    searchable("name", 160),
    str("sku", 40, { unique: true }),
    money("price"),
    int("stock", { min: 0, default: 0 }),
    optional(json("attributes")),
  ],
  access: "catalog",
  links: [{ kind: "manyToMany", name: "categories", target: "Category", inverse: "products" }],
  aliases: ["products", "product", "goods", "merchandise", "merch"],
};

export const Order: EntityDef = {
  name: "Order",
  description: "A customer's order.",
  fields: [
    choice("status", ["pending", "paid", "shipped", "cancelled"], "pending"),
    optional(datetime("placedAt")),
    money("total", { default: 0 }),
  ],
  owner: { name: "customer", inverse: "orders" },
  access: "private",
  aliases: ["orders", "order", "purchases"],
};

export const OrderItem: EntityDef = {
  name: "OrderItem",
  description: "One product line of an order.",
  fields: [int("quantity", { min: 1 }), money("unitPrice")],
  access: "child",
  links: [
    { kind: "belongsTo", name: "order", target: "Order", inverse: "items" },
    { kind: "belongsTo", name: "product", target: "Product", inverse: "orderItems", onDelete: "restrict" },
  ],
  aliases: ["order items", "order item", "line items", "order lines"],
};

export const shop: DomainDef = {
  id: "shop",
  title: "Shop",
  triggers: [
    /\be-?commerce\b/,
    /\b(?:online |web |e-)?shop(?:s|ping)?\b(?!\s+lists?\b)/,
    /\bstorefront\b/,
    /\b(?:book|pet|gift|toy|record|web)stores?\b/,
    /\b(?:online|web|retail|clothing|book|coffee|pet|grocery|merch|record|toy|shoe|gift|plant|tea|wine|flower|jewelry|furniture|e-?commerce) stores?\b/,
    /\bstore (?:app|website|site|front)\b/,
    /\b(?:a|an|my|our) (?:small )?store\b(?!\s+(?:for|of)\b)/,
    /\bmarketplace\b/,
    /\bsell(?:s|ing)? (?:products|goods|items|things|merch|clothes|art|crafts)\b/,
    /\bproduct catalog(?:ue)?\b/,
    /\bshopping cart\b/,
    /\bshopify clone\b/,
  ],
  entities: [Category, Product, Order, OrderItem],
  extras: [{ when: /\b(?:reviews?|ratings?)\b/, entities: [Review] }],
};
