import { bool, choice, int, optional, searchable, text } from "./fields.js";
import { Review } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Course: EntityDef = {
  name: "Course",
  description: "A course made of lessons.",
  fields: [searchable("title"), optional(text("description", { searchable: true })), choice("level", ["beginner", "intermediate", "advanced"], "beginner"), bool("published", false)],
  owner: { name: "instructor", inverse: "courses" },
  access: "public",
  aliases: ["courses", "course", "classes"],
};

export const Lesson: EntityDef = {
  name: "Lesson",
  description: "One lesson of a course.",
  fields: [searchable("title"), text("content"), int("position", { min: 0, default: 0 }), optional(int("durationMinutes", { min: 1 }))],
  owner: { name: "author", inverse: "lessons" },
  access: "public",
  links: [{ kind: "belongsTo", name: "course", target: "Course", inverse: "lessons" }],
  aliases: ["lessons", "lesson", "chapters", "lectures"],
};

export const Enrollment: EntityDef = {
  name: "Enrollment",
  description: "A student taking a course, with their progress.",
  fields: [int("progress", { min: 0, max: 100, default: 0 }), bool("completed", false)],
  owner: { name: "student", inverse: "enrollments" },
  access: "private",
  links: [{ kind: "belongsTo", name: "course", target: "Course", inverse: "enrollments" }],
  aliases: ["enrollments", "enrollment", "enrolments"],
};

export const courses: DomainDef = {
  id: "courses",
  title: "Courses",
  triggers: [
    /(?<!\bof )\bcourses?\b(?!\s+of action\b)/,
    /\blessons?\b/,
    /\blms\b/,
    /\be-?learning\b/,
    /\bonline (?:learning|school|classes|academy|tutoring)\b/,
    /\blearning (?:platform|management|app|portal)\b/,
    /\b(?:udemy|coursera|teachable) clone\b/,
  ],
  entities: [Course, Lesson, Enrollment],
  extras: [{ when: /\b(?:reviews?|ratings?)\b/, entities: [Review] }],
};
