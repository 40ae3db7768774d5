import { choice, emailField, int, optional, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Supplier: EntityDef = {
  name: "Supplier",
  description: "A company that supplies stock.",
  fields: [searchable("name", 160), optional(emailField("email")), optional(str("phone", 40))],
  owner: { name: "owner", inverse: "suppliers" },
  access: "shared",
  aliases: ["suppliers", "supplier", "vendors", "vendor"],
};

export const InventoryItem: EntityDef = {
  name: "InventoryItem",
  description: "A stocked item and how many are on hand.",
  fields: [
    searchable("name", 160),
    str("sku", 40, { unique: true }),
    int("quantity", { min: 0, default: 0 }),
    int("reorderLevel", { min: 0, default: 0 }),
    optional(str("location", 120)),
  ],
  owner: { name: "owner", inverse: "inventoryItems" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "supplier", target: "Supplier", inverse: "items", required: false, onDelete: "setNull" }],
  aliases: ["inventory items", "inventory item", "stock items", "items in stock", "parts", "skus"],
};

export const StockMovement: EntityDef = {
  name: "StockMovement",
  description: "Stock coming in or going out.",
  fields: [int("quantity"), choice("reason", ["received", "sold", "adjusted", "returned", "damaged"], "received"), optional(text("notes", { maxLength: 2000 }))],
  owner: { name: "recordedBy", inverse: "stockMovements" },
  access: "shared",
  links: [{ kind: "belongsTo", name: "item", target: "InventoryItem", inverse: "movements" }],
  aliases: ["stock movements", "movements", "stock changes", "adjustments"],
};

export const inventory: DomainDef = {
  id: "inventory",
  title: "Inventory",
  triggers: [/\binventory\b/, /\bstock (?:management|tracking|tracker|control|levels?|keeping)\b/, /\bwarehouses?\b/],
  entities: [Supplier, InventoryItem, StockMovement],
};
