import ts from "typescript";
import type { Finding } from "../../verify/index.js";
import type { RenderedFile } from "../../../templates/types.js";

const JS = /\.(?:js|jsx|mjs)$/;
const RESOLVE_SUFFIXES = ["", ".js", ".jsx", ".mjs", ".json", "/index.js", "/index.jsx"];

interface ModuleInfo {
  imports: Array<{ specifier: string; names: string[]; pos: number }>;
  exports: Set<string>;
  source: ts.SourceFile;
}

function analyse(file: RenderedFile): ModuleInfo {
  const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true, file.path.endsWith(".jsx") ? ts.ScriptKind.JSX : ts.ScriptKind.JS);
  const imports: ModuleInfo["imports"] = [];
  const exports = new Set<string>();
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const names: string[] = [];
      const clause = statement.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) names.push("default");
        if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
          for (const element of clause.namedBindings.elements) names.push((element.propertyName ?? element.name).text);
        }
      }
      imports.push({ specifier: statement.moduleSpecifier.text, names, pos: statement.moduleSpecifier.getStart(source) });
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) for (const element of statement.exportClause.elements) exports.add(element.name.text);
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        imports.push({ specifier: statement.moduleSpecifier.text, names: [], pos: statement.moduleSpecifier.getStart(source) });
        if (!statement.exportClause) exports.add("*");
      }
    } else if (ts.isExportAssignment(statement)) {
      exports.add("default");
    } else if (exported(statement)) {
      if (isDefault(statement)) exports.add("default");
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) exports.add(statement.name.text);
      else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) exports.add(declaration.name.text);
      }
    }
  }
  return { imports, exports, source };
}

function resolve(from: string, specifier: string, paths: ReadonlySet<string>): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const segment of specifier.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  const base = parts.join("/");
  for (const suffix of RESOLVE_SUFFIXES) if (paths.has(base + suffix)) return base + suffix;
  return null;
}

/**
 * What verify does not check and custom code gets wrong most: every relative
 * import in or into the model's files names a file that exists, and every
 * name imported from a model's module is exported by it (app.js importing
 * registerCustomRoutes from the replaced hook included). Findings are placed
 * on the model's file, so they go back to the model in a repair round.
 */
export function checkCustomModules(files: readonly RenderedFile[], modelPaths: ReadonlySet<string>): Finding[] {
  const paths = new Set(files.map((f) => f.path));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const infos = new Map<string, ModuleInfo>();
  const info = (path: string): ModuleInfo => {
    let found = infos.get(path);
    if (!found) infos.set(path, (found = analyse(byPath.get(path)!)));
    return found;
  };
  const findings: Finding[] = [];
  const lineOf = (i: ModuleInfo, pos: number) => i.source.getLineAndCharacterOfPosition(pos);

  for (const file of files) {
    if (!JS.test(file.path)) continue;
    const fromModel = modelPaths.has(file.path);
    // Template files matter only where they import a model's module.
    if (!fromModel && !file.content.includes("/custom/") && !file.content.includes("./custom")) continue;
    const mine = info(file.path);
    for (const ref of mine.imports) {
      if (!ref.specifier.startsWith(".")) continue;
      const target = resolve(file.path, ref.specifier, paths);
      const at = lineOf(mine, ref.pos);
      if (target === null) {
        if (fromModel) findings.push({ check: "slots", severity: "error", file: file.path, line: at.line + 1, column: at.character + 1, message: `imports "${ref.specifier}", but there is no such file in the app` });
        continue;
      }
      if (!modelPaths.has(target) || !JS.test(target)) continue;
      const theirs = info(target);
      if (theirs.exports.has("*")) continue;
      for (const name of ref.names) {
        if (theirs.exports.has(name)) continue;
        const what = name === "default" ? "a default export" : `"${name}"`;
        findings.push(
          fromModel
            ? { check: "slots", severity: "error", file: file.path, line: at.line + 1, column: at.character + 1, message: `imports ${what} from "${ref.specifier}", which does not export it` }
            : { check: "slots", severity: "error", file: target, line: 1, message: `${file.path} imports ${what} from this file, which does not export it` },
        );
      }
    }
  }
  return findings;
}
