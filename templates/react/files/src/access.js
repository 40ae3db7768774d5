/**
 * The backend's permission levels, mirrored so the UI only offers what the
 * server will allow. The server still checks every request; this only hides
 * buttons that would fail.
 *
 *   public         anyone
 *   authenticated  any signed-in user
 *   owner          the record's owner, or an admin (on lists: your own records)
 *   admin          admins only
 */
export function can(entity, action, user, record) {
  switch (entity.permissions[action]) {
    case "public":
      return true;
    case "authenticated":
      return Boolean(user);
    case "admin":
      return user?.role === "admin";
    case "owner":
      return Boolean(user) && (user.role === "admin" || !record || ownerOf(entity, record) === user.id);
    default:
      return false;
  }
}

/** True when nobody is signed in and the action needs someone to be. */
export function needsSignIn(entity, action, user) {
  return !user && entity.permissions[action] !== "public";
}

/** Entities worth a link in the navigation: everything except admin-only lists for non-admins. */
export function browsableEntities(entities, user) {
  return Object.values(entities).filter((entity) => entity.permissions.list !== "admin" || user?.role === "admin");
}

function ownerOf(entity, record) {
  if (entity.isUser) return record.id;
  return entity.ownerKey ? record[entity.ownerKey] : undefined;
}
