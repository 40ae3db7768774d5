import { Link, NavLink, useNavigate } from "react-router-dom";
import { userEntity } from "../entities.js";
import { useAuth } from "./AuthContext.jsx";

/** The header's corner: who is signed in (linking to their own record) and a sign-out button, or sign-in and register links. */
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
      {userEntity ? <Link to={`${userEntity.path}/${user.id}`}>{user.email}</Link> : <span className="muted">{user.email}</span>}
      <button type="button" className="link-button" onClick={handleSignOut}>
        Sign out
      </button>
    </>
  );
}
