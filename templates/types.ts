import type { AppModel } from "../src/spec/model.js";
import type { ServiceManifestInput } from "../src/spec/manifest.js";
import type { SlotFill } from "./integrations.js";

/** One file a template renders, path relative to the generated repo's root. */
export interface RenderedFile {
  path: string;
  content: string;
}

/** What one service template (a backend or a frontend) produces. */
export interface ServiceRender {
  files: RenderedFile[];
  service: ServiceManifestInput;
  /** Things the user asked for that this template does not render (said out loud, never silent). */
  warnings: string[];
}

export interface ServiceTemplate {
  /** Directory the service lives in, inside the generated repo. */
  dir: string;
  /** `fill`: custom code present in the slots (model generator only); it adds declarations, never files. */
  render(model: AppModel, fill?: SlotFill): ServiceRender;
}
