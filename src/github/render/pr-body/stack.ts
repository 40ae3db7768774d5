import { listSentence, table } from "../markdown.js";
import { displayName } from "./names.js";
import type { PullRequestBodyInput } from "./types.js";

/** The stack as a two-column table: backend, database, cache, frontend, auth, features. */
export function stackSection(input: PullRequestBodyInput): string {
  const { stack, auth, features } = input.spec;
  const language = (role: "backend" | "frontend") => {
    const service = input.services.find((s) => s.role === role);
    return service ? ` in ${displayName(service.language)}` : "";
  };
  const frontendService = input.services.find((s) => s.role === "frontend");
  const frontend =
    stack.frontend === "none"
      ? "none (API only)"
      : `${displayName(frontendService?.framework ?? stack.frontend)}${language("frontend")}${stack.pwa ? ", installable PWA" : ""}`;

  const rows: string[][] = [
    ["Backend", `${displayName(stack.backend)}${language("backend")}`],
    ["Database", displayName(stack.database)],
    ["Cache", stack.cache ? displayName(stack.cache) : "none"],
    ["Frontend", frontend],
    ["Auth", authDescription(input.spec.auth)],
  ];
  if (features.length > 0) rows.push(["Features", features.join(", ")]);
  return ["### Stack", "", table(["Part", "Choice"], rows)].join("\n");
}

function authDescription(auth: PullRequestBodyInput["spec"]["auth"]): string {
  if (auth.kind === "none") return "none: every endpoint is public";
  const parts = [`email and password, JWT access tokens (${auth.accessTokenTtlMinutes} min)`];
  if (auth.refreshTokens) parts.push(`refresh tokens (${auth.refreshTokenTtlDays} days)`);
  parts.push(`roles ${listSentence(auth.roles)}`);
  if (auth.oauth.length > 0) parts.push(`sign-in with ${listSentence(auth.oauth.map(displayName))}`);
  return parts.join("; ");
}
