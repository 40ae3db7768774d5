export { LocalTarget, createLocalTarget, localDeploymentRecord, type LocalTargetOptions } from "./target.js";
export { listLocalDeployments, readLocalDeployment, type LocalDeploymentEntry, type LocalProcessRecord } from "./registry.js";
