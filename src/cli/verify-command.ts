import { resolve } from "node:path";
import { formatVerifyReport, verifyDirectory } from "../verify/index.js";

export async function verifyCommand(dir: string, options: { json?: boolean }): Promise<number> {
  const report = await verifyDirectory(resolve(dir));
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatVerifyReport(report)}\n`);
  return report.ok ? 0 : 1;
}
