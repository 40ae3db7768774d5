import { execFileSync } from "node:child_process";

/** End-to-end tests drive the real `stackwright` bin, which runs the compiled dist/: build it first. */
export default function buildCli(): void {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}
