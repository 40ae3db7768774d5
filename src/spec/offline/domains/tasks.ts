import { choice, date, int, optional, searchable, str, text } from "./fields.js";
import { Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Task: EntityDef = {
  name: "Task",
  description: "Something to do.",
  fields: [
    searchable("title"),
    choice("status", ["todo", "doing", "done"], "todo"),
    int("priority", { min: 1, max: 5, default: 3 }),
    optional(date("dueDate")),
    optional(text("notes", { maxLength: 5000 })),
  ],
  owner: { name: "owner", inverse: "tasks" },
  access: "private",
  links: [{ kind: "belongsTo", name: "project", target: "Project", inverse: "tasks", required: false, onDelete: "setNull" }],
  aliases: ["tasks", "task", "todos", "todo", "to-dos", "to-do", "chores"],
};

export const TaskProject: EntityDef = {
  name: "Project",
  description: "A project that groups tasks.",
  fields: [searchable("name", 120), optional(str("color", 7))],
  owner: { name: "owner", inverse: "projects" },
  access: "private",
  aliases: ["projects", "project", "boards"],
};

export const tasks: DomainDef = {
  id: "tasks",
  title: "Todo",
  triggers: [
    /\bto-?dos?\b(?:\s+lists?)?/,
    /\bto do lists?\b/,
    /\btasks?(?:\s+(?:manager|management|tracker|tracking|lists?|app|board))?\b/,
    /\bkanban\b/,
    /\bproject management\b/,
    /\btrello clone\b/,
  ],
  entities: [Task],
  extras: [
    { when: /\b(?:projects?|kanban|project management|boards?|trello)\b/, entities: [TaskProject] },
    { when: /\b(?:tags?|labels)\b/, entities: [Tag] },
  ],
};
