import { Link } from "react-router-dom";
import { can } from "../access.js";
import { getRecord } from "../api/records.js";
import { entities } from "../entities.js";
import { formatValue, recordTitle } from "../fields.js";
import { useApi } from "../hooks/useApi.js";
import DeleteButton from "./DeleteButton.jsx";

/** Columns that are not fields of the entity but every record has. */
const BUILT_IN_COLUMNS = {
  id: { key: "id", label: "ID", type: "uuid" },
  createdAt: { key: "createdAt", label: "Created", type: "datetime" },
  updatedAt: { key: "updatedAt", label: "Updated", type: "datetime" },
};

/** A table of records showing `entity.columns`; the first column links to the record. */
export default function EntityTable({ entity, records, user, onDeleted, onError }) {
  const columns = entity.columns.map((key) => entity.fields.find((field) => field.key === key) ?? BUILT_IN_COLUMNS[key]).filter(Boolean);
  const titles = useReferenceTitles(columns, records);

  function cell(column, record) {
    const value = record[column.key];
    if (column.type === "reference" && value) return titles[`${column.entity}/${value}`] ?? `${value.slice(0, 8)}…`;
    return formatValue(column, value);
  }

  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              {columns.map((column, index) => (
                <td key={column.key}>{index === 0 ? <Link to={`${entity.path}/${record.id}`}>{cell(column, record)}</Link> : cell(column, record)}</td>
              ))}
              <td className="row-actions">
                {can(entity, "delete", user, record) && (
                  <DeleteButton entity={entity} record={record} onDeleted={onDeleted} onError={onError} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The titles of the records that reference columns point at (a comment's
 * post, say), keyed "<entity>/<id>": each distinct record is read once. A
 * record that cannot be read keeps showing its short id.
 */
function useReferenceTitles(columns, records) {
  const { data } = useApi(async () => {
    const titles = {};
    const reads = columns
      .filter((column) => column.type === "reference")
      .flatMap((column) => {
        const target = entities[column.entity];
        const ids = new Set(records.map((record) => record[column.key]).filter(Boolean));
        return [...ids].map((id) =>
          getRecord(target, id).then(
            (record) => (titles[`${column.entity}/${id}`] = recordTitle(target, record)),
            () => undefined,
          ),
        );
      });
    await Promise.all(reads);
    return titles;
  }, [records]);
  return data ?? {};
}
