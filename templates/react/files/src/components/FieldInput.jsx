import { humanize } from "../fields.js";
import ReferenceSelect from "./ReferenceSelect.jsx";

const UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/**
 * A labelled input for one field (see entities.js for the field shape).
 * `value` is the input's value: a string, a boolean for checkboxes, an array of
 * ids for multi-selects. `editing` relaxes `required` on write-only fields,
 * which keep their stored value when left empty.
 */
export default function FieldInput({ field, value, onChange, editing = false }) {
  const id = `field-${field.key}`;
  const required = field.required && !(editing && field.private);

  if (field.type === "bool") {
    return (
      <div className="field field-checkbox">
        <input id={id} name={field.key} type="checkbox" checked={value} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={id}>{field.label}</label>
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {!field.required && <span className="muted"> (optional)</span>}
      </label>
      <Control id={id} field={field} value={value} onChange={onChange} required={required} />
      {editing && field.private && <p className="hint">Leave empty to keep the current value.</p>}
    </div>
  );
}

function Control({ id, field, value, onChange, required }) {
  const props = { id, name: field.key, required, value, onChange: (event) => onChange(event.target.value) };
  const numberLimits = { min: field.min, max: field.max };

  switch (field.type) {
    case "text":
      return <textarea {...props} rows={5} maxLength={field.maxLength} />;
    case "json":
      return <textarea {...props} rows={5} className="mono" spellCheck={false} placeholder='{"key": "value"}' />;
    case "int":
      return <input {...props} {...numberLimits} type="number" step="1" inputMode="numeric" />;
    case "float":
    case "decimal":
      return <input {...props} {...numberLimits} type="number" step="any" inputMode="decimal" />;
    case "date":
      return <input {...props} type="date" />;
    case "datetime":
      return <input {...props} type="datetime-local" />;
    case "email":
      return <input {...props} type="email" autoComplete="off" maxLength={field.maxLength} />;
    case "uuid":
      return <input {...props} type="text" className="mono" pattern={UUID_PATTERN} title="A UUID, like 123e4567-e89b-12d3-a456-426614174000" />;
    case "enum":
      return (
        <select {...props}>
          <option value="">{field.required ? "Choose…" : "None"}</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {humanize(option)}
            </option>
          ))}
        </select>
      );
    case "reference":
      return <ReferenceSelect id={id} field={field} value={value} onChange={onChange} required={required} />;
    case "references":
      return <ReferenceSelect id={id} field={field} value={value} onChange={onChange} required={required} multiple />;
    default:
      return <input {...props} type="text" maxLength={field.maxLength} />;
  }
}
