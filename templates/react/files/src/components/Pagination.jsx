/** "21–40 of 57" with previous and next buttons; `onChange` gets the new offset. */
export default function Pagination({ total, limit, offset, onChange }) {
  if (total === 0 && offset === 0) return null;
  const first = offset + 1;
  const last = Math.min(offset + limit, total);

  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" onClick={() => onChange(Math.max(0, offset - limit))} disabled={offset === 0}>
        Previous
      </button>
      <span>{first <= total ? `${first}–${last} of ${total}` : `${total} in all`}</span>
      <button type="button" onClick={() => onChange(offset + limit)} disabled={offset + limit >= total}>
        Next
      </button>
    </nav>
  );
}
