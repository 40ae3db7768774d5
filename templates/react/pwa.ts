import type { AppModel } from "../../src/spec/model.js";
import { THEME_COLOR } from "./project-files.js";

/** Home-screen labels are cut off past about 12 characters. */
const SHORT_NAME_MAX = 12;

export function webManifest(model: AppModel): string {
  const { spec } = model;
  const manifest = {
    name: spec.title,
    short_name: shortName(spec.title),
    description: spec.description || undefined,
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: THEME_COLOR,
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icon-maskable.svg", sizes: "any", type: "image/svg+xml", purpose: "maskable" },
    ],
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function shortName(title: string): string {
  if (title.length <= SHORT_NAME_MAX) return title;
  const firstWord = title.split(/\s+/)[0] ?? title;
  return (firstWord.length <= SHORT_NAME_MAX ? firstWord : title.slice(0, SHORT_NAME_MAX)).trim();
}

/**
 * The app icon: the title's first letter on the theme colour. `maskable`
 * fills the whole square and keeps the letter inside the safe zone, for
 * platforms that cut icons into circles.
 */
export function iconSvg(model: AppModel, maskable = false): string {
  const letter = escapeXml(initial(model.spec.title));
  const background = maskable
    ? `<rect width="512" height="512" fill="${THEME_COLOR}"/>`
    : `<rect width="512" height="512" rx="96" fill="${THEME_COLOR}"/>`;
  const fontSize = maskable ? 220 : 300;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  ${background}
  <text x="256" y="256" dy="0.35em" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="${fontSize}" font-weight="700" fill="#ffffff">${letter}</text>
</svg>
`;
}

function initial(title: string): string {
  const match = /[\p{L}\p{N}]/u.exec(title);
  return match ? match[0].toUpperCase() : "A";
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
