import { date, optional, searchable, str, text, url } from "./fields.js";
import { Comment, Tag } from "./shared.js";
import type { DomainDef, EntityDef } from "./types.js";

export const Album: EntityDef = {
  name: "Album",
  description: "A collection of photos.",
  fields: [searchable("title"), optional(text("description"))],
  owner: { name: "owner", inverse: "albums" },
  access: "public",
  aliases: ["albums", "album", "photo albums", "galleries"],
};

export const Photo: EntityDef = {
  name: "Photo",
  description: "An uploaded photo.",
  fields: [url("imageUrl"), optional(searchable("caption", 500)), optional(date("takenOn")), optional(str("location", 120))],
  owner: { name: "owner", inverse: "photos" },
  access: "public",
  links: [{ kind: "belongsTo", name: "album", target: "Album", inverse: "photos", required: false, onDelete: "setNull" }],
  // Not named by "photos" alone: elsewhere photos are uploads (the file-upload feature), not records.
  aliases: ["gallery photos"],
};

export const gallery: DomainDef = {
  id: "gallery",
  title: "Photo Gallery",
  triggers: [
    /\b(?:photo|image|picture) (?:sharing|galleries|gallery|albums?|app|library|feed|portfolio)\b/,
    /\bgaller(?:y|ies)\b/,
    /\bphoto ?albums?\b/,
    /\b(?:instagram|flickr|unsplash|pinterest) clone\b/,
  ],
  entities: [Album, Photo],
  extras: [
    { when: /\bcomments?\b/, entities: [Comment] },
    { when: /\b(?:tags?|labels|hashtags)\b/, entities: [Tag] },
  ],
  implies: [{ feature: "file-upload", because: "photos are uploaded files" }],
};
