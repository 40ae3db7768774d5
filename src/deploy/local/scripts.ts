import { fileURLToPath } from "node:url";

/**
 * How to run the local target's helper servers (static-server, router) as
 * their own node processes: the compiled .js next to this module, or, when
 * Stackwright itself runs from source (vitest, tsx), the .ts through tsx
 * (resolved to an absolute URL: the helper's working directory is the app's).
 */
export function helperCommand(name: "static-server" | "router"): string[] {
  if (import.meta.url.endsWith(".ts")) {
    return [process.execPath, "--import", import.meta.resolve("tsx"), fileURLToPath(new URL(`./${name}.ts`, import.meta.url))];
  }
  return [process.execPath, fileURLToPath(new URL(`./${name}.js`, import.meta.url))];
}
