import { useState } from "react";
import { initialValues, toPayload } from "../fields.js";
import ErrorMessage from "./ErrorMessage.jsx";
import FieldInput from "./FieldInput.jsx";

/**
 * A form for every field of an entity. Without `record` it creates one,
 * starting from the fields' defaults and `defaults` (`{ key: value }`); with
 * `record` it edits it and `onSubmit` receives only the changed fields.
 * `readOnly` shows the record without letting it be changed.
 */
export default function EntityForm({ entity, record, defaults, readOnly = false, submitLabel, onSubmit, children }) {
  const [values, setValues] = useState(() => initialValues(entity.fields, record, defaults));
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);

  function setValue(key, value) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function handleSubmit(event) {
    event.preventDefault();
    setError(null);
    setSaving(true);
    try {
      await onSubmit(toPayload(entity.fields, values, record));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      <ErrorMessage error={error} />
      <fieldset disabled={readOnly || saving}>
        <legend className="visually-hidden">{entity.label}</legend>
        {entity.fields.map((field) => (
          <FieldInput key={field.key} field={field} value={values[field.key]} onChange={(value) => setValue(field.key, value)} editing={Boolean(record)} />
        ))}
      </fieldset>
      <div className="actions">
        {!readOnly && (
          <button type="submit" className="primary" disabled={saving}>
            {saving ? "Saving…" : submitLabel}
          </button>
        )}
        {children}
      </div>
    </form>
  );
}
