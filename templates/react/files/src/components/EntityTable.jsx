import { Link } from "react-router-dom";
import { can } from "../access.js";
import { formatValue } from "../fields.js";
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
                <td key={column.key}>
                  {index === 0 ? (
                    <Link to={`${entity.path}/${record.id}`}>{formatValue(column, record[column.key])}</Link>
                  ) : (
                    formatValue(column, record[column.key])
                  )}
                </td>
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
