/**
 * VERIFY: static checks over a generated app that need no network, run
 * before anything is committed. `verifyFiles` works on files in memory (the
 * GitHub flow verifies before writing), `verifyDirectory` on a tree on disk.
 * The report is plain JSON; `formatVerifyReport` renders it for terminals.
 */
export { verifyFiles, CHECKS, CHECK_TITLES } from "./verify.js";
export { verifyDirectory, readAppFiles, IGNORED_DIRS, type VerifyDirectoryOptions } from "./directory.js";
export { formatVerifyReport, findingLocation, formatDuration } from "./format.js";
export { CHECK_IDS, type CheckId, type CheckResult, type Finding, type Severity, type VerifyOptions, type VerifyReport } from "./types.js";
export { PLATFORM_ENV_VARS } from "./checks/env.js";
export { toCheckRunAnnotations, type CheckRunAnnotation } from "./annotations.js";
