import { date, money, optional, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const ExpenseCategory: EntityDef = {
  name: "Category",
  description: "A spending category, such as groceries or rent.",
  fields: [searchable("name", 80), optional(str("color", 7))],
  owner: { name: "owner", inverse: "categories" },
  access: "private",
  aliases: ["categories", "category"],
};

export const Expense: EntityDef = {
  name: "Expense",
  description: "Money spent.",
  fields: [searchable("description", 200), money("amount"), date("spentOn"), optional(text("notes", { maxLength: 2000 }))],
  owner: { name: "owner", inverse: "expenses" },
  access: "private",
  links: [{ kind: "belongsTo", name: "category", target: "Category", inverse: "expenses", required: false, onDelete: "setNull" }],
  aliases: ["expenses", "expense", "spending", "transactions", "purchases"],
};

export const Budget: EntityDef = {
  name: "Budget",
  description: "A spending limit for a month.",
  fields: [date("month"), money("amount")],
  owner: { name: "owner", inverse: "budgets" },
  access: "private",
  links: [{ kind: "belongsTo", name: "category", target: "Category", inverse: "budgets", required: false, onDelete: "setNull" }],
  aliases: ["budgets", "budget"],
};

export const Income: EntityDef = {
  name: "Income",
  plural: "Incomes",
  description: "Money received.",
  fields: [searchable("source", 200), money("amount"), date("receivedOn")],
  owner: { name: "owner", inverse: "incomes" },
  access: "private",
  aliases: ["income", "incomes", "earnings", "paychecks"],
};

export const finance: DomainDef = {
  id: "finance",
  title: "Expense Tracker",
  triggers: [
    /\bexpenses?\b/,
    /\bbudget(?:s|ing)?\b/,
    /\bspending\b/,
    /\bpersonal financ(?:e|es|ial)\b/,
    /\bfinance (?:app|tracker|manager|dashboard)\b/,
    /\bmoney (?:tracker|manager|management)\b/,
    /\b(?:mint|ynab|splitwise) clone\b/,
  ],
  entities: [ExpenseCategory, Expense],
  extras: [
    { when: /\bbudget(?:s|ing)?\b/, entities: [Budget] },
    { when: /\b(?:income|incomes|earnings|salary|paychecks?)\b/, entities: [Income] },
  ],
};
