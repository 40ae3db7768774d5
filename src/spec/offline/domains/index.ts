import type { PromptText } from "../text.js";
import { blog } from "./blog.js";
import { booking } from "./booking.js";
import { bookmarks } from "./bookmarks.js";
import { chat } from "./chat.js";
import { courses } from "./courses.js";
import { crm } from "./crm.js";
import { datingCoach } from "./dating-coach.js";
import { events } from "./events.js";
import { finance } from "./finance.js";
import { fitness } from "./fitness.js";
import { forum } from "./forum.js";
import { gallery } from "./gallery.js";
import { guestbook } from "./guestbook.js";
import { habits } from "./habits.js";
import { helpdesk } from "./helpdesk.js";
import { inventory } from "./inventory.js";
import { invoices } from "./invoices.js";
import { jobs } from "./jobs.js";
import { journal } from "./journal.js";
import { library } from "./library.js";
import { links } from "./links.js";
import { movies } from "./movies.js";
import { notes } from "./notes.js";
import { polls } from "./polls.js";
import { portfolio } from "./portfolio.js";
import { realEstate } from "./real-estate.js";
import { recipes } from "./recipes.js";
import { saas } from "./saas.js";
import { shop } from "./shop.js";
import { social } from "./social.js";
import { tasks } from "./tasks.js";
import type { DomainDef, EntityDef } from "./types.js";

/** Every domain, in tie-break order (earlier wins when two are named at the same spot). */
export const DOMAINS: readonly DomainDef[] = [
  datingCoach,
  saas,
  blog,
  tasks,
  shop,
  crm,
  notes,
  recipes,
  events,
  booking,
  chat,
  forum,
  bookmarks,
  inventory,
  finance,
  fitness,
  journal,
  portfolio,
  jobs,
  library,
  movies,
  courses,
  realEstate,
  polls,
  gallery,
  habits,
  invoices,
  guestbook,
  social,
  links,
  helpdesk,
];

export interface DomainMatch {
  domain: DomainDef;
  quote: string;
  index: number;
  /** Optional entities the prompt asked for ("tags"), with the words that asked. */
  extras: { entities: EntityDef[]; quote: string }[];
}

/** The domains the prompt names, in the order it names them. */
export function matchDomains(text: PromptText): DomainMatch[] {
  const found: DomainMatch[] = [];
  for (const domain of DOMAINS) {
    const m = text.findFirst(domain.triggers);
    if (!m) continue;
    const extras = (domain.extras ?? []).flatMap((extra) => {
      const e = text.find(extra.when);
      return e ? [{ entities: extra.entities, quote: e.quote }] : [];
    });
    found.push({ domain, quote: m.quote, index: m.index, extras });
  }
  // Stable sort: same position keeps DOMAINS order.
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Entity definitions by the nouns that name them, first domain first, for
 * nouns a prompt names outside any domain ("an app with products and reviews").
 */
export function entityByNoun(): Map<string, EntityDef> {
  const index = new Map<string, EntityDef>();
  for (const domain of DOMAINS) {
    const defs = [...domain.entities, ...(domain.extras ?? []).flatMap((e) => e.entities)];
    for (const def of defs) for (const alias of def.aliases) if (!index.has(alias)) index.set(alias, def);
  }
  return index;
}

export type { DomainDef, EntityDef } from "./types.js";
