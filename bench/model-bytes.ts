/**
 * How much of an app the model writes, for the seed's dating-coach prompt:
 * the bytes of the files the model is asked for (its slots, from
 * src/generate/anthropic/slots.ts) against the bytes of the whole app the PR
 * commits. Target: at most a quarter; the templates write the rest.
 *
 * Runs the real model generator end to end (spec by tool use, slots, verify)
 * against a stand-in Messages API (nock) answering with the recorded reply in
 * test/unit/generate-model/fixtures/dating-coach.ts, and prints the requests
 * and token use of that run (token counts from a chars/4 model of the prompt
 * cache: see PromptCacheModel). Prints figures; asserts nothing.
 *
 *   npx tsx bench/model-bytes.ts
 */
import nock from "nock";
import { AnthropicGenerator, describeUsage, planSlots } from "../src/generate/anthropic/index.js";
import { fullFill } from "../src/generate/anthropic/slots.js";
import { generateApp } from "../src/pipeline/generate-app.js";
import { assertValidAppSpec } from "../src/spec/validate.js";
import { verifyFiles } from "../src/verify/index.js";
import { renderApp } from "../templates/index.js";
import { DATING_COACH_PROMPT, datingCoachAssumed, datingCoachFiles, datingCoachInferred, datingCoachSpec, fileBlocks } from "../test/unit/generate-model/fixtures/dating-coach.js";
import { FakeAnthropic, PromptCacheModel, roughTokens, textReply, toolReply } from "../test/unit/generate-model/support.js";

const bytes = (s: string) => Buffer.byteLength(s);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

nock.disableNetConnect();
const api = new FakeAnthropic();
const cache = new PromptCacheModel();
const reply = fileBlocks(datingCoachFiles);
const specInput = { spec: datingCoachSpec, inferred: datingCoachInferred, assumed: datingCoachAssumed };
api.reply(
  (req) => toolReply("submit_app_spec", specInput, { usage: { ...cache.usage(req.body), output_tokens: roughTokens(JSON.stringify(specInput)) } }),
  (req) => textReply(reply, { usage: { ...cache.usage(req.body), output_tokens: roughTokens(reply) } }),
);

const generator = new AnthropicGenerator({ apiKey: "sk-ant-bench-0000000000000000", retry: { sleep: async () => {} } });
const started = performance.now();
const app = await generateApp(DATING_COACH_PROMPT, { generator });
const elapsed = performance.now() - started;
api.done();
const report = await verifyFiles(app.files);

const spec = assertValidAppSpec(datingCoachSpec);
const full = renderApp(spec, { generatorVersion: "bench", mode: "model", slots: fullFill(spec) });
const plan = planSlots(full.spec, full.files, undefined);
const modelPaths = new Set(Object.keys(datingCoachFiles));
const modelBytes = app.files.filter((f) => modelPaths.has(f.path)).reduce((n, f) => n + bytes(f.content), 0);
const appBytes = app.files.reduce((n, f) => n + bytes(f.content), 0);
const hooks = ["backend/src/custom/index.js", "frontend/src/custom/index.jsx"];
const templateHookBytes = full.files.filter((f) => hooks.includes(f.path)).reduce((n, f) => n + bytes(f.content), 0);

console.log(`Prompt: the seed's dating coach (${DATING_COACH_PROMPT.split("\n").length} lines)`);
console.log(`Slots asked for: ${plan.files.length} files + new migrations from ${String(plan.firstMigration).padStart(4, "0")}`);
for (const f of plan.files) console.log(`  ${f.path}`);
console.log("");
console.log(`Model-written files:    ${modelPaths.size} files, ${kib(modelBytes)} (${modelBytes} bytes)`);
console.log(`Whole app in the PR:    ${app.files.length} files, ${kib(appBytes)} (${appBytes} bytes)`);
console.log(`Share the model writes: ${pct(modelBytes, appBytes)} of the bytes, ${pct(modelPaths.size, app.files.length)} of the files (target: at most 25%)`);
console.log(`Reply text (FILE blocks, with markers and fences): ${kib(bytes(reply))}; the two template hooks it replaces: ${templateHookBytes} bytes`);
console.log("");
console.log(`One full run: ${app.usage ? describeUsage(app.usage) : "no usage"}`);
console.log(`  per request: ${api.requests.map((r, i) => `#${i + 1} ${kib(bytes(r.raw))} sent`).join(", ")}`);
console.log(`  generation in process ${Math.round(elapsed)} ms (stand-in API; includes the generator's own verify), final verify ${report.ok ? "passes" : "FAILS"} (${report.findings.length} findings)`);
