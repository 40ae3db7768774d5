import { bool, choice, int, optional, searchable, str, text, url } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Job: EntityDef = {
  name: "Job",
  description: "A job opening.",
  fields: [
    searchable("title"),
    text("description", { searchable: true }),
    optional(searchable("companyName", 160)),
    optional(str("location", 120)),
    bool("remote", false),
    optional(int("salaryMin", { min: 0 })),
    optional(int("salaryMax", { min: 0 })),
    choice("status", ["open", "closed"], "open"),
  ],
  owner: { name: "postedBy", inverse: "jobs" },
  access: "public",
  aliases: ["jobs", "job", "job postings", "job listings", "openings", "positions", "vacancies"],
};

export const JobApplication: EntityDef = {
  name: "JobApplication",
  description: "A candidate's application to a job.",
  fields: [optional(text("coverLetter", { maxLength: 10000 })), optional(url("resumeUrl")), choice("status", ["submitted", "reviewing", "rejected", "offered"], "submitted")],
  owner: { name: "applicant", inverse: "jobApplications" },
  access: "private",
  links: [{ kind: "belongsTo", name: "job", target: "Job", inverse: "applications" }],
  aliases: ["applications", "application", "job applications", "candidates"],
};

export const jobs: DomainDef = {
  id: "jobs",
  title: "Job Board",
  triggers: [
    /\bjobs? (?:board|site|portal|listings?|postings?|search|marketplace|boards)\b/,
    /\b(?:hiring|recruiting|recruitment) (?:app|platform|site|tool|portal)\b/,
    /\bcareers? (?:site|page|portal)\b/,
    /\bapplicant tracking\b/,
    /\b(?:indeed|linkedin jobs) clone\b/,
  ],
  entities: [Job, JobApplication],
};
