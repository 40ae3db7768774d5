/** A search form; `onSearch` gets the trimmed text (empty to clear the search). */
export default function SearchBox({ label, value, onSearch }) {
  function handleSubmit(event) {
    event.preventDefault();
    onSearch(String(new FormData(event.currentTarget).get("q") ?? "").trim());
  }

  return (
    <form role="search" className="search" onSubmit={handleSubmit}>
      <label htmlFor="search" className="visually-hidden">
        {label}
      </label>
      <input id="search" name="q" type="search" placeholder={label} defaultValue={value} key={value} />
      <button type="submit">Search</button>
    </form>
  );
}
