/** Comment commands: the grammar (`parseCommand`) and the `/help` reply. */
export { parseCommand } from "./parse.js";
export { COMMAND_HELP, renderHelp, type CommandHelp, type HelpOptions } from "./help.js";
export {
  MAX_PROMPT_LENGTH,
  type CancelCommand,
  type Command,
  type CommandKind,
  type DeployCommand,
  type GenerateCommand,
  type HelpCommand,
  type StatusCommand,
  type UsageErrorCommand,
} from "./types.js";
