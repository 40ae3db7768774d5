export { isBot, type ActorLike } from "./actor.js";
export { canTrigger, permissionOf, type PermissionLevel } from "./permission.js";
