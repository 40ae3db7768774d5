/**
 * Who sent an event. Pure: no requests.
 */

/** The parts of a webhook `sender` (or a comment's `user`) we look at. */
export interface ActorLike {
  login: string;
  type?: string | null;
}

/**
 * True for a bot account: `type` "Bot" (GitHub Apps and machine users created as bots), or a
 * login ending in "[bot]" (how GitHub names every App's bot user, e.g. "stackwright[bot]",
 * also when a payload or an old API answer leaves `type` out). 0 requests.
 */
export function isBot(sender: ActorLike | null | undefined): boolean {
  if (!sender) return false;
  if (typeof sender.type === "string" && sender.type.toLowerCase() === "bot") return true;
  return /\[bot\]$/i.test(sender.login);
}
