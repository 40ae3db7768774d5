export {
  createRailwayTarget,
  dashboardUrl,
  RAILWAY_DEPLOY_POLL,
  RAILWAY_TARGET,
  RailwayDeployTimeoutError,
  RailwayTarget,
  railwayServiceName,
  railwayTargetFromEnv,
  servicePort,
  serviceSettings,
  serviceVariables,
  shellJoin,
  type RailwayPollBudget,
  type RailwayTargetOptions,
} from "./target.js";
export { collectEntries, createDeployTarball, readTar, type DeployTarball, type TarballEntry } from "./tarball.js";
export { RailwayUploadError, uploadTarball, uploadUrl, type UploadOptions, type UploadResponse } from "./upload.js";
