import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where Stackwright keeps local state on this machine: embedded databases,
 * local deployments' processes and logs. `STACKWRIGHT_HOME` overrides the
 * default `~/.stackwright` (tests point it at a temporary directory).
 */
export function stateDir(...segments: string[]): string {
  return join(process.env.STACKWRIGHT_HOME || join(homedir(), ".stackwright"), ...segments);
}
