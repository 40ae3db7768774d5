import { choice, date, emailField, int, money, optional, searchable, str } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Customer: EntityDef = {
  name: "Customer",
  description: "Someone who is invoiced.",
  fields: [searchable("name", 160), optional(emailField("email")), optional(str("companyName", 160))],
  owner: { name: "owner", inverse: "customers" },
  access: "private",
  aliases: ["customers", "customer", "clients", "client"],
};

export const Invoice: EntityDef = {
  name: "Invoice",
  description: "A bill sent to a customer.",
  fields: [
    searchable("invoiceNumber", 40),
    date("issuedOn"),
    optional(date("dueOn")),
    choice("status", ["draft", "sent", "paid", "overdue", "void"], "draft"),
    money("total", { default: 0 }),
  ],
  owner: { name: "owner", inverse: "invoices" },
  access: "private",
  links: [{ kind: "belongsTo", name: "customer", target: "Customer", inverse: "invoices", onDelete: "restrict" }],
  aliases: ["invoices", "invoice", "bills"],
};

export const LineItem: EntityDef = {
  name: "LineItem",
  description: "One billed line of an invoice.",
  fields: [str("description", 300), int("quantity", { min: 1, default: 1 }), money("unitPrice")],
  owner: { name: "owner", inverse: "lineItems" },
  access: "private",
  links: [{ kind: "belongsTo", name: "invoice", target: "Invoice", inverse: "lineItems" }],
  aliases: ["line items", "line item", "invoice lines"],
};

export const invoices: DomainDef = {
  id: "invoices",
  title: "Invoices",
  triggers: [/\binvoic(?:e|es|ing)\b/, /\bbilling clients\b/, /\bfreshbooks clone\b/],
  entities: [Customer, Invoice, LineItem],
};
