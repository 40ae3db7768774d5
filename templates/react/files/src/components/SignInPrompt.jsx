import { Link, useLocation } from "react-router-dom";

/** Asks the visitor to sign in, coming back to this page afterwards. */
export default function SignInPrompt({ message }) {
  const location = useLocation();
  const from = { from: location.pathname + location.search };
  return (
    <div className="notice">
      <p>{message}</p>
      <p>
        <Link to="/login" state={from}>
          Sign in
        </Link>{" "}
        or{" "}
        <Link to="/register" state={from}>
          create an account
        </Link>
        .
      </p>
    </div>
  );
}
