import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth/AuthContext.jsx";
import ErrorMessage from "../components/ErrorMessage.jsx";
import FieldInput from "../components/FieldInput.jsx";
import { userEntity } from "../entities.js";
import { initialValues, toPayload } from "../fields.js";

/** The user entity's own fields besides email (e.g. a display name), asked for at sign-up. */
const profileFields = (userEntity?.fields ?? []).filter((field) => field.key !== "email" && field.type !== "reference" && field.type !== "references");

export default function RegisterPage() {
  const { register } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [profile, setProfile] = useState(() => initialValues(profileFields));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    if (form.get("password") !== form.get("confirm")) {
      setError("The passwords do not match.");
      return;
    }
    setBusy(true);
    try {
      const details = { ...toPayload(profileFields, profile), email: String(form.get("email")).trim(), password: String(form.get("password")) };
      await register(details);
      navigate(location.state?.from ?? "/", { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form className="form" onSubmit={handleSubmit}>
        <ErrorMessage error={error} />
        <div className="field">
          <label htmlFor="register-email">Email</label>
          <input id="register-email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="register-password">Password</label>
          <input id="register-password" name="password" type="password" autoComplete="new-password" minLength={8} maxLength={128} required aria-describedby="password-hint" />
          <p id="password-hint" className="hint">
            8 to 128 characters.
          </p>
        </div>
        <div className="field">
          <label htmlFor="register-confirm">Repeat the password</label>
          <input id="register-confirm" name="confirm" type="password" autoComplete="new-password" required />
        </div>
        {profileFields.map((field) => (
          <FieldInput key={field.key} field={field} value={profile[field.key]} onChange={(value) => setProfile((current) => ({ ...current, [field.key]: value }))} />
        ))}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating your account…" : "Create account"}
          </button>
        </div>
      </form>
      <p>
        Already registered? <Link to="/login" state={location.state}>Sign in</Link>
      </p>
    </section>
  );
}
