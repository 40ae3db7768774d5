/** A file of a generated app: a POSIX path relative to the app's root, and its text. */
export interface GeneratedFile {
  path: string;
  content: string;
}
