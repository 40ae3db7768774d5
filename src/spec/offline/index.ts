export { buildSpecOffline, type OfflineSpecOptions, type OfflineSpecResult } from "./build.js";
export { PRESETS, type Preset } from "./presets.js";
export { DOMAINS } from "./domains/index.js";
