/**
 * Regenerates docs/stackwright-config.schema.json from the zod schema:
 *
 *     npx tsx src/config/write-json-schema.ts
 *
 * A unit test (test/unit/config/json-schema.test.ts) fails while the committed
 * file differs from what this writes.
 */
import { writeFileSync } from "node:fs";
import { packagePath } from "../util/package-root.js";
import { JSON_SCHEMA_FILE, renderRepoConfigJsonSchema } from "./json-schema.js";

const target = packagePath(JSON_SCHEMA_FILE);
writeFileSync(target, renderRepoConfigJsonSchema());
process.stdout.write(`wrote ${target}\n`);
