import { listRecords } from "../api/records.js";
import { entities } from "../entities.js";
import { recordTitle } from "../fields.js";
import { useApi } from "../hooks/useApi.js";

/** The API's largest page: how many records a select offers. */
const OPTION_LIMIT = 100;

/**
 * A select of records of another entity (`field.entity`), loaded from its list
 * endpoint: one id for a belongsTo reference, several with `multiple` for a
 * manyToMany relation.
 */
export default function ReferenceSelect({ id, field, value, onChange, required, multiple = false }) {
  const target = entities[field.entity];
  const { data, error, loading } = useApi(() => listRecords(target, { limit: OPTION_LIMIT }), [target]);
  const records = data?.items ?? [];
  const selected = multiple ? value : value ? [value] : [];
  // Keep a current value selectable even when it is not among the loaded records.
  const missing = selected.filter((recordId) => !records.some((record) => record.id === recordId));

  function handleChange(event) {
    if (multiple) onChange(Array.from(event.target.selectedOptions, (option) => option.value));
    else onChange(event.target.value);
  }

  return (
    <>
      <select id={id} name={field.key} value={value} onChange={handleChange} required={required} multiple={multiple} size={multiple ? 5 : undefined}>
        {!multiple && <option value="">{loading ? "Loading…" : required ? "Choose…" : "None"}</option>}
        {records.map((record) => (
          <option key={record.id} value={record.id}>
            {recordTitle(target, record)}
          </option>
        ))}
        {missing.map((recordId) => (
          <option key={recordId} value={recordId}>
            {`${target.label} ${recordId.slice(0, 8)}`}
          </option>
        ))}
      </select>
      {multiple && <p className="hint">Hold Ctrl (Cmd on a Mac) to select more than one.</p>}
      {data && data.total > records.length && (
        <p className="hint">
          Showing the first {records.length} of {data.total} {target.labelPlural.toLowerCase()}.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          Could not load {target.labelPlural.toLowerCase()}: {error.message}
        </p>
      )}
    </>
  );
}
