import { useState } from "react";
import { deleteRecord } from "../api/records.js";
import { recordTitle } from "../fields.js";

/** Deletes a record after the user confirms; reports the outcome through `onDeleted` or `onError`. */
export default function DeleteButton({ entity, record, onDeleted, onError }) {
  const [busy, setBusy] = useState(false);
  const title = recordTitle(entity, record);

  async function handleClick() {
    if (!window.confirm(`Delete ${title}? This cannot be undone.`)) return;
    setBusy(true);
    try {
      await deleteRecord(entity, record.id);
      onDeleted();
    } catch (error) {
      setBusy(false);
      onError(error);
    }
  }

  return (
    <button type="button" className="danger" onClick={handleClick} disabled={busy} aria-label={`Delete ${title}`}>
      {busy ? "Deleting…" : "Delete"}
    </button>
  );
}
