/** An error (an Error or a string) announced to screen readers; renders nothing without one. */
export default function ErrorMessage({ error }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {typeof error === "string" ? error : error.message}
    </p>
  );
}
