import { Link } from "react-router-dom";
import { can } from "../access.js";
import { listRecords } from "../api/records.js";
import { entities } from "../entities.js";
import { recordTitle } from "../fields.js";
import { useApi } from "../hooks/useApi.js";
import ErrorMessage from "./ErrorMessage.jsx";

const SHOWN = 10;

/**
 * The records of another entity that point at record `id` (a post's
 * comments, say; see `related` in entities.js), with a link to add one.
 * Shows nothing when the user may not list them.
 */
export default function RelatedRecords({ related, id, user }) {
  const entity = entities[related.entity];
  if (!can(entity, "list", user)) return null;
  return <RelatedList entity={entity} related={related} id={id} user={user} />;
}

function RelatedList({ entity, related, id, user }) {
  const { data, error } = useApi(() => listRecords(entity, { limit: SHOWN, filters: { [related.key]: id } }), [entity, related.key, id]);
  // The reference can be chosen in the form only when it is not the owner, which the server sets.
  const canAdd = !entity.isUser && can(entity, "create", user) && entity.fields.some((field) => field.key === related.key);

  return (
    <section className="related">
      <h2>{related.label}</h2>
      <ErrorMessage error={error} />
      {data && data.items.length === 0 && <p className="empty">None yet.</p>}
      {data && data.items.length > 0 && (
        <ul>
          {data.items.map((record) => (
            <li key={record.id}>
              <Link to={`${entity.path}/${record.id}`}>{recordTitle(entity, record)}</Link>
            </li>
          ))}
        </ul>
      )}
      {data && data.total > data.items.length && (
        <p className="muted">
          The newest {data.items.length} of {data.total}.
        </p>
      )}
      {canAdd && (
        <Link to={`${entity.path}/new?${new URLSearchParams({ [related.key]: id })}`} className="button">
          New {entity.label.toLowerCase()}
        </Link>
      )}
    </section>
  );
}
