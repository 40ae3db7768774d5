import { NavLink, useNavigate } from "react-router-dom";
import { useAuth } from "./AuthContext.jsx";

/** The header's corner: who is signed in and a sign-out button, or sign-in and register links. */
export default function AuthStatus() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();

  if (!user) {
    return (
      <>
        <NavLink to="/login">Sign in</NavLink>
        <NavLink to="/register">Register</NavLink>
      </>
    );
  }

  async function handleSignOut() {
    await signOut();
    navigate("/");
  }

  return (
    <>
      <span className="muted">{user.email}</span>
      <button type="button" className="link-button" onClick={handleSignOut}>
        Sign out
      </button>
    </>
  );
}
