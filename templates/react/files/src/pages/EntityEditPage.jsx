import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { can, needsSignIn } from "../access.js";
import { createRecord, getRecord, updateRecord } from "../api/records.js";
import DeleteButton from "../components/DeleteButton.jsx";
import EntityForm from "../components/EntityForm.jsx";
import ErrorMessage from "../components/ErrorMessage.jsx";
import RelatedRecords from "../components/RelatedRecords.jsx";
import SignInPrompt from "../components/SignInPrompt.jsx";
import { recordTitle } from "../fields.js";
import { useApi } from "../hooks/useApi.js";

/** `/<route>/new` creates a record; `/<route>/:id` shows one, editable when the user may. */
export default function EntityEditPage({ entity, user }) {
  const { id } = useParams();
  const creating = id === undefined;

  if (needsSignIn(entity, creating ? "create" : "read", user)) {
    return <SignInPrompt message={`Sign in to ${creating ? "add" : "see"} ${entity.labelPlural.toLowerCase()}.`} />;
  }
  if (creating) return <NewRecord key={entity.path} entity={entity} />;
  return <ExistingRecord key={`${entity.path}/${id}`} entity={entity} id={id} user={user} />;
}

function NewRecord({ entity }) {
  const navigate = useNavigate();
  // `?postId=...` preselects a reference, as the "New" links under a record's related records do.
  const [searchParams] = useSearchParams();
  const preset = Object.fromEntries(entity.fields.filter((field) => field.type === "reference" && searchParams.get(field.key)).map((field) => [field.key, searchParams.get(field.key)]));

  async function handleSubmit(data) {
    await createRecord(entity, data);
    navigate(entity.path);
  }

  return (
    <section>
      <h1>New {entity.label.toLowerCase()}</h1>
      <EntityForm entity={entity} defaults={preset} submitLabel={`Create ${entity.label.toLowerCase()}`} onSubmit={handleSubmit}>
        <Link to={entity.path}>Cancel</Link>
      </EntityForm>
    </section>
  );
}

function ExistingRecord({ entity, id, user }) {
  const navigate = useNavigate();
  const { data: record, error, loading } = useApi(() => getRecord(entity, id), [entity, id]);
  const [deleteError, setDeleteError] = useState(null);

  if (loading) return <p aria-live="polite">Loading…</p>;
  if (error) {
    return (
      <section>
        <ErrorMessage error={error} />
        <Link to={entity.path}>Back to {entity.labelPlural.toLowerCase()}</Link>
      </section>
    );
  }

  async function handleSubmit(changes) {
    if (Object.keys(changes).length > 0) await updateRecord(entity, id, changes);
    navigate(entity.path);
  }

  const editable = can(entity, "update", user, record);
  return (
    <section>
      <h1>{recordTitle(entity, record)}</h1>
      <ErrorMessage error={deleteError} />
      <EntityForm entity={entity} record={record} readOnly={!editable} submitLabel="Save changes" onSubmit={handleSubmit}>
        <Link to={entity.path}>Back to {entity.labelPlural.toLowerCase()}</Link>
        {can(entity, "delete", user, record) && (
          <DeleteButton entity={entity} record={record} onDeleted={() => navigate(entity.path)} onError={setDeleteError} />
        )}
      </EntityForm>
      {record.createdAt && (
        <p className="muted">
          Created {new Date(record.createdAt).toLocaleString()}
          {record.updatedAt && ` · updated ${new Date(record.updatedAt).toLocaleString()}`}
        </p>
      )}
      {entity.related.map((related) => (
        <RelatedRecords key={`${related.entity}.${related.key}`} related={related} id={id} user={user} />
      ))}
    </section>
  );
}
