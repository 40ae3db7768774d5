/** The fence info string (language) for a file, from its name; "" when unknown. */
export function langForPath(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const byName = BY_NAME[name] ?? BY_NAME[name.toLowerCase()];
  if (byName !== undefined) return byName;
  if (name.startsWith(".env")) return "dotenv";
  if (name.startsWith("Dockerfile")) return "dockerfile";
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "";
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? "";
}

const BY_NAME: Record<string, string> = {
  Dockerfile: "dockerfile",
  Makefile: "makefile",
  "go.mod": "go-mod",
  "go.sum": "text",
  ".gitignore": "gitignore",
  ".dockerignore": "gitignore",
};

const BY_EXTENSION: Record<string, string> = {
  js: "js",
  mjs: "js",
  cjs: "js",
  jsx: "jsx",
  ts: "ts",
  mts: "ts",
  cts: "ts",
  tsx: "tsx",
  json: "json",
  py: "python",
  go: "go",
  sql: "sql",
  md: "markdown",
  yml: "yaml",
  yaml: "yaml",
  toml: "toml",
  html: "html",
  css: "css",
  scss: "scss",
  sh: "bash",
  txt: "text",
  xml: "xml",
  svg: "xml",
  ini: "ini",
  cfg: "ini",
  prisma: "prisma",
  graphql: "graphql",
  vue: "vue",
  svelte: "svelte",
};
