export { VercelTarget, createVercelTarget, vercelProjectName, projectSettingsFor, publicHost, shellJoin, SPA_VERCEL_JSON, type VercelTargetOptions } from "./target.js";
export { VercelApi, VercelApiError, retryAfterMs, type VercelApiOptions } from "./api.js";
