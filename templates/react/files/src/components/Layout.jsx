import { Link, NavLink, Outlet } from "react-router-dom";

/** The page frame: a header with the app's name, navigation links and `actions`, then the current page. */
export default function Layout({ title, links, actions }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link to="/" className="brand">
            {title}
          </Link>
          <nav aria-label="Main">
            <ul className="nav-links">
              {links.map((link) => (
                <li key={link.to}>
                  <NavLink to={link.to}>{link.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          {actions && <div className="header-actions">{actions}</div>}
        </div>
      </header>
      <main id="main" className="container">
        <Outlet />
      </main>
    </>
  );
}
