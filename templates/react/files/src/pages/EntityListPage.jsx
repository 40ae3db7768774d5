import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { can, needsSignIn } from "../access.js";
import { listRecords } from "../api/records.js";
import EntityTable from "../components/EntityTable.jsx";
import ErrorMessage from "../components/ErrorMessage.jsx";
import Pagination from "../components/Pagination.jsx";
import SearchBox from "../components/SearchBox.jsx";
import SignInPrompt from "../components/SignInPrompt.jsx";
import { useApi } from "../hooks/useApi.js";

/** The list of an entity's records: search, pages, and links to create, edit and delete. */
export default function EntityListPage({ entity, user }) {
  const plural = entity.labelPlural.toLowerCase();
  if (needsSignIn(entity, "list", user)) return <SignInPrompt message={`Sign in to see ${plural}.`} />;
  if (!can(entity, "list", user)) return <p className="notice">Only administrators can see {plural}.</p>;
  return <RecordList key={entity.path} entity={entity} user={user} />;
}

function RecordList({ entity, user }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get("q") ?? "";
  const offset = Math.max(0, Number(searchParams.get("offset")) || 0);
  const { data: page, error, loading, reload } = useApi(() => listRecords(entity, { offset, q }), [entity, offset, q]);
  const [actionError, setActionError] = useState(null);

  function show(changes) {
    const next = { q, offset, ...changes };
    setSearchParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value)));
  }

  return (
    <section>
      <div className="page-header">
        <h1>{entity.labelPlural}</h1>
        {!entity.isUser && can(entity, "create", user) && (
          <Link to={`${entity.path}/new`} className="button primary">
            New {entity.label.toLowerCase()}
          </Link>
        )}
      </div>
      {entity.searchable && <SearchBox label={`Search ${entity.labelPlural.toLowerCase()}`} value={q} onSearch={(text) => show({ q: text, offset: 0 })} />}
      <ErrorMessage error={error ?? actionError} />
      {loading && !page && <p aria-live="polite">Loading…</p>}
      {page && page.items.length === 0 && <p className="empty">{emptyMessage(entity, q, offset)}</p>}
      {page && page.items.length > 0 && (
        <EntityTable
          entity={entity}
          records={page.items}
          user={user}
          onDeleted={() => {
            setActionError(null);
            reload();
          }}
          onError={setActionError}
        />
      )}
      {page && <Pagination total={page.total} limit={page.limit} offset={page.offset} onChange={(next) => show({ offset: next })} />}
    </section>
  );
}

function emptyMessage(entity, q, offset) {
  if (offset > 0) return "Nothing more on this page.";
  if (q) return `Nothing matches “${q}”.`;
  return `No ${entity.labelPlural.toLowerCase()} yet.`;
}
