import { choice, float, int, money, optional, searchable, str, text } from "./fields.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Listing: EntityDef = {
  name: "Listing",
  description: "A property for sale or rent.",
  fields: [
    searchable("title"),
    optional(text("description", { searchable: true })),
    choice("kind", ["sale", "rent"], "sale"),
    money("price"),
    searchable("address", 300),
    optional(int("bedrooms", { min: 0 })),
    optional(float("bathrooms", { min: 0 })),
    optional(float("areaSqm", { min: 0 })),
    choice("status", ["available", "pending", "sold", "rented"], "available"),
  ],
  owner: { name: "agent", inverse: "listings" },
  access: "public",
  aliases: ["listings", "listing", "properties", "property", "homes", "houses", "apartments", "rentals"],
};

export const Inquiry: EntityDef = {
  name: "Inquiry",
  plural: "Inquiries",
  description: "A question about a listing from someone interested.",
  fields: [text("message", { maxLength: 5000 }), optional(str("phone", 40))],
  owner: { name: "sender", inverse: "inquiries" },
  access: "private",
  links: [{ kind: "belongsTo", name: "listing", target: "Listing", inverse: "inquiries" }],
  aliases: ["inquiries", "inquiry", "enquiries", "leads"],
};

export const realEstate: DomainDef = {
  id: "real-estate",
  title: "Real Estate",
  triggers: [
    /\breal[ -]?estate\b/,
    /\bpropert(?:y|ies) (?:listings?|management|rentals?|site|portal|marketplace)\b/,
    /\brentals? (?:listings?|app|platform|site|marketplace)\b/,
    /\b(?:apartment|house|home|flat) (?:listings?|rentals?|hunting|search|finder)\b/,
    /\brealtors?\b/,
    /\b(?:zillow|rightmove|airbnb|vrbo) clone\b/,
    /\b(?:vacation|holiday|short-term) rentals?\b/,
  ],
  entities: [Listing, Inquiry],
};
