import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../support/processes.js";

/**
 * actions/generate: the composite action's step script run as the Actions
 * runner would run it (inputs as environment variables, GITHUB_OUTPUT file),
 * including a prompt that would break a shell if it were spliced in.
 */

const root = mkdtempSync(join(tmpdir(), "stackwright-action-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the generate action", () => {
  it("declares its inputs and passes them to the script as environment variables only", () => {
    const action = parse(readFileSync("actions/generate/action.yml", "utf8")) as { inputs: Record<string, unknown>; runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] } };
    expect(Object.keys(action.inputs)).toEqual(["prompt", "out", "anthropic-api-key"]);
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps) expect(step.run ?? "").not.toContain("${{");
    expect(action.runs.steps.at(-1)!.env).toMatchObject({ PROMPT: "${{ inputs.prompt }}", OUT: "${{ inputs.out }}" });
  });

  it("generates, verifies and publishes the summary", async () => {
    const output = join(root, "github-output");
    writeFileSync(output, "");
    const out = join(root, "app");
    const prompt = 'A todo app with projects and tasks"; touch pwned; echo "';
    const result = await run(["bash", "actions/generate/run.sh"], {
      cwd: process.cwd(),
      env: { PROMPT: prompt, OUT: out, RUNNER_TEMP: root, GITHUB_OUTPUT: output, ANTHROPIC_API_KEY: "" },
      timeoutMs: 120_000,
    });
    if (result.code !== 0) throw new Error(result.output);
    expect(result.output).toContain("verify passed");
    const summaryPath = /^summary=(.+)$/m.exec(readFileSync(output, "utf8"))![1]!;
    const summary = JSON.parse(readFileSync(summaryPath, "utf8")) as { spec: { entities: { name: string }[] }; outDir: string };
    expect(summary.outDir).toBe(out);
    expect(summary.spec.entities.map((e) => e.name)).toEqual(expect.arrayContaining(["Project", "Task"]));
    expect(() => readFileSync(join(process.cwd(), "pwned"))).toThrow();
  });
});
