import type * as TS from "typescript";
import { parseAllDocuments } from "yaml";
import type { GeneratedFile } from "../../parse/types.js";
import type { VerifyContext } from "../context.js";
import { isJsonc, parseJson } from "../lib/json.js";
import { plural } from "../../util/text.js";
import { JS_TS_FILE } from "../lib/typescript.js";
import type { Check, CheckOutcome } from "../types.js";

/** A broken file often cascades into many errors; the first few say what is wrong. */
const MAX_PER_FILE = 5;
const JSON_FILE = /\.(?:json|jsonc|webmanifest)$/;
const YAML_FILE = /\.ya?ml$/;

type Findings = CheckOutcome["findings"];

/** Every JS/TS, JSON and YAML file parses. */
export const syntaxCheck: Check<VerifyContext> = {
  id: "syntax",
  title: "Syntax (JS/TS, JSON, YAML)",
  async run(ctx): Promise<CheckOutcome> {
    const js = ctx.files.filter((f) => JS_TS_FILE.test(f.path));
    const json = ctx.files.filter((f) => JSON_FILE.test(f.path));
    const yaml = ctx.files.filter((f) => YAML_FILE.test(f.path));
    const findings: Findings = [];
    if (js.length > 0) findings.push(...(await checkScripts(ctx, js)));
    for (const file of json) findings.push(...checkJson(ctx, file));
    for (const file of yaml) findings.push(...checkYaml(file));
    const counts = [plural(js.length, "JS/TS file"), plural(json.length, "JSON file"), plural(yaml.length, "YAML file")];
    return { findings, detail: counts.join(", ") };
  },
};

/**
 * Parse errors, plus the grammar errors TypeScript reports for plain JS (type
 * annotations or interfaces in a .js file), through a program that resolves
 * nothing and type-checks nothing.
 */
async function checkScripts(ctx: VerifyContext, files: GeneratedFile[]): Promise<Findings> {
  const ts = await ctx.typescript();
  const sources = new Map<string, TS.SourceFile>();
  for (const f of files) sources.set(f.path, ctx.sourceFile(f));
  const host: TS.CompilerHost = {
    getSourceFile: (name) => sources.get(name),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => {},
    getCurrentDirectory: () => "",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => sources.has(name),
    readFile: () => undefined,
  };
  const options: TS.CompilerOptions = { noResolve: true, noLib: true, allowJs: true, jsx: ts.JsxEmit.Preserve, noEmit: true, types: [] };
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  const findings: Findings = [];
  for (const file of files) {
    const sf = program.getSourceFile(file.path) ?? sources.get(file.path)!;
    const diagnostics = program.getSyntacticDiagnostics(sf);
    for (const d of diagnostics.slice(0, MAX_PER_FILE)) {
      const { line, column } = ctx.lines(file).at(d.start ?? 0);
      findings.push({ severity: "error", file: file.path, line, column, message: ts.flattenDiagnosticMessageText(d.messageText, " ") });
    }
  }
  return findings;
}

function checkJson(ctx: VerifyContext, file: GeneratedFile): Findings {
  const jsonc = isJsonc(file.path);
  if (!jsonc) {
    try {
      JSON.parse(file.content.replace(/^\uFEFF/, ""));
      return [];
    } catch {
      // Fall through to the parser that says where.
    }
  }
  const result = parseJson(file.content, { jsonc });
  if (result.ok) return [];
  const { line, column } = ctx.lines(file).at(result.offset);
  return [{ severity: "error", file: file.path, line, column, message: `invalid JSON: ${result.message}` }];
}

function checkYaml(file: GeneratedFile): Findings {
  const findings: Findings = [];
  const parsed = parseAllDocuments(file.content, { prettyErrors: true });
  // An empty stream gives an EmptyStream, which is fine; otherwise an array of documents.
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (findings.length >= MAX_PER_FILE) return findings;
      const pos = e.linePos?.[0];
      const message = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
      findings.push({ severity: "error", file: file.path, line: pos?.line ?? 1, ...(pos ? { column: pos.col } : {}), message: `invalid YAML: ${message}` });
    }
  }
  return findings;
}

