/** Runs every benchmark script in turn (`npm run bench`). Figures only; nothing is asserted. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

for (const script of ["parser.ts", "generate.ts", "github-requests.ts", "model-bytes.ts", "local-deploy.ts"]) {
  console.log(`\n# bench/${script}\n`);
  execFileSync("npx", ["tsx", join(import.meta.dirname, script)], { stdio: "inherit" });
}
