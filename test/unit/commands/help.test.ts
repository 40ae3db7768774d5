import { describe, expect, it } from "vitest";
import { COMMAND_HELP, parseCommand, renderHelp } from "../../../src/github/commands/index.js";

describe("renderHelp", () => {
  it("lists every command, each of which the parser really accepts", () => {
    const help = renderHelp({ deployEnabled: true });
    for (const { usage } of COMMAND_HELP) {
      expect(help).toContain(`\`${usage}\``);
      const example = usage.replace("<prompt>", "A guestbook");
      expect(parseCommand(example), usage).not.toBeNull();
      expect(parseCommand(example)?.kind).not.toBe("usage-error");
    }
  });

  it("leaves /deploy out until deployment is enabled", () => {
    expect(renderHelp()).not.toContain("/deploy");
    expect(renderHelp({ deployEnabled: true })).toContain("`/deploy rollback`");
  });

  it("shows an intro sentence above the table when given one", () => {
    const help = renderHelp({ intro: "That command needs a prompt." });
    expect(help.indexOf("That command needs a prompt.")).toBeGreaterThan(-1);
    expect(help.indexOf("That command needs a prompt.")).toBeLessThan(help.indexOf("| Command |"));
  });

  it("keeps its own example out of the command grammar (it sits in a code block)", () => {
    expect(parseCommand(renderHelp({ deployEnabled: true }))).toBeNull();
  });
});
