import { builtinModules } from "node:module";
import type * as TS from "typescript";
import type { TypeScript } from "./typescript.js";

export interface ModuleRef {
  specifier: string;
  /** Offset of the specifier in the file. */
  pos: number;
  /** Needed only for types (`import type`, `import("x").T`, `/// <reference types>`, .d.ts files). */
  typeOnly: boolean;
}

/** Every module a JS/TS file names: import/export-from, import-equals, import() and require() with a literal, import types, type references. */
export function jsModuleRefs(ts: TypeScript, sf: TS.SourceFile): ModuleRef[] {
  const refs: ModuleRef[] = [];
  const declarationFile = sf.isDeclarationFile;
  const add = (node: TS.Expression | TS.Node | undefined, typeOnly: boolean) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      refs.push({ specifier: node.text, pos: node.getStart(sf), typeOnly: typeOnly || declarationFile });
    }
  };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "require" && callee.name.text === "resolve";
      if (isImport || isRequire || isResolve) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const ref of sf.typeReferenceDirectives) refs.push({ specifier: ref.fileName, pos: ref.pos, typeOnly: true });
  return refs;
}

const BUILTINS = new Set(builtinModules);

export type SpecifierKind = { kind: "skip"; why: string } | { kind: "builtin" } | { kind: "package"; name: string };

/**
 * What a specifier refers to. Relative and absolute paths (Vite's `/src/…`),
 * URLs and virtual modules (`virtual:…`), subpath imports (`#x`) and the usual
 * aliases (`@/`, `~/`) are skipped; `node:x` and Node's builtin names are
 * builtins; anything else is a package, named by its first segment (two for
 * `@scope/name`).
 */
export function classifySpecifier(specifier: string, aliases: readonly string[] = []): SpecifierKind {
  const spec = specifier.startsWith("#") ? specifier : specifier.replace(/[?#].*$/, "");
  if (spec === "" || spec.startsWith(".") || spec.startsWith("/")) return { kind: "skip", why: "relative" };
  if (spec.startsWith("node:")) return { kind: "builtin" };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(spec)) return { kind: "skip", why: "url or virtual module" };
  if (spec.startsWith("#") || spec.startsWith("~") || spec.startsWith("@/") || spec.startsWith("\0")) return { kind: "skip", why: "alias" };
  if (aliases.some((a) => matchesAlias(spec, a))) return { kind: "skip", why: "alias" };
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  if (BUILTINS.has(spec) || BUILTINS.has(name)) return { kind: "builtin" };
  if (!/^(?:@[a-z0-9~][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*$/i.test(name)) return { kind: "skip", why: "not a package name" };
  return { kind: "package", name };
}

/** tsconfig `paths` keys (`@components/*`) and bundler aliases (`@`, `src`). */
function matchesAlias(spec: string, alias: string): boolean {
  const star = alias.indexOf("*");
  if (star !== -1) return spec.startsWith(alias.slice(0, star)) && spec.endsWith(alias.slice(star + 1));
  return spec === alias || spec.startsWith(`${alias}/`);
}

/** `@types/x` for `x`, `@types/scope__x` for `@scope/x`. */
export function typesPackageFor(name: string): string {
  return name.startsWith("@") ? `@types/${name.slice(1).replace("/", "__")}` : `@types/${name}`;
}

/** Alias names a Vite config declares under `resolve.alias` (object keys or `{ find: "…" }` entries). */
export function bundlerAliases(ts: TypeScript, sf: TS.SourceFile): string[] {
  const out: string[] = [];
  const keyText = (name: TS.PropertyName) => (ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined);
  const visit = (node: TS.Node): void => {
    if (ts.isPropertyAssignment(node) && keyText(node.name) === "alias") {
      const init = node.initializer;
      if (ts.isObjectLiteralExpression(init)) {
        for (const p of init.properties) if (ts.isPropertyAssignment(p) && keyText(p.name)) out.push(keyText(p.name)!);
      } else if (ts.isArrayLiteralExpression(init)) {
        for (const el of init.elements) {
          if (!ts.isObjectLiteralExpression(el)) continue;
          for (const p of el.properties) {
            if (ts.isPropertyAssignment(p) && keyText(p.name) === "find" && ts.isStringLiteral(p.initializer)) out.push(p.initializer.text);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
