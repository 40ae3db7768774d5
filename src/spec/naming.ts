import pluralize from "pluralize";

/** Splits camelCase, PascalCase, snake_case, kebab-case and spaced words into lowercase words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export const pascalCase = (name: string) => words(name).map(capitalize).join("");
export const camelCase = (name: string) => {
  const p = pascalCase(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
export const snakeCase = (name: string) => words(name).join("_");
export const kebabCase = (name: string) => words(name).join("-");
export const titleCase = (name: string) => words(name).map(capitalize).join(" ");

/** Pluralizes the last word only: "BlogPost" → "BlogPosts", "Category" → "Categories". */
export function pluralName(pascal: string): string {
  const ws = words(pascal);
  const last = ws.pop() ?? "";
  return pascalCase([...ws, pluralize.plural(last)].join(" "));
}

/** Singularizes the last word only, keeping the case style: "blogTags" → "blogTag". */
export function singularName(name: string): string {
  const match = /^(.*?)([A-Z]?[a-z0-9]+)$/.exec(name);
  if (!match) return name;
  const [, head = "", last = ""] = match;
  const singular = pluralize.singular(last.toLowerCase());
  return head + (/^[A-Z]/.test(last) ? singular.charAt(0).toUpperCase() + singular.slice(1) : singular);
}

export function slugify(text: string, maxLength = 40): string {
  const joined = words(text).join("-");
  const prefixed = /^[a-z]/.test(joined) ? joined : `app-${joined}`;
  return prefixed.slice(0, maxLength).replace(/-+$/, "");
}
