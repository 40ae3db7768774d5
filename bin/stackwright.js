#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci` / `npm install`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("stackwright: the CLI is not built yet. Run `npm install` (or `npm run build`) in the Stackwright checkout.\n");
  process.exit(1);
}
await import(entry.href);
