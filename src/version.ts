import { readFileSync } from "node:fs";
import { packagePath } from "./util/package-root.js";

/** Stackwright's own version, from its package.json. */
export const STACKWRIGHT_VERSION: string = (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
