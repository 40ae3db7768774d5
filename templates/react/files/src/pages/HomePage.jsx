import { Link } from "react-router-dom";
import { browsableEntities, can, needsSignIn } from "../access.js";
import { appDescription, appTitle } from "../config.js";
import { entities } from "../entities.js";

export default function HomePage({ user }) {
  return (
    <section>
      <h1>{appTitle}</h1>
      {appDescription && <p className="lead">{appDescription}</p>}
      <ul className="cards">
        {browsableEntities(entities, user).map((entity) => (
          <li key={entity.path} className="card">
            <h2>
              <Link to={entity.path}>{entity.labelPlural}</Link>
            </h2>
            {entity.description && <p>{entity.description}</p>}
            {needsSignIn(entity, "list", user) && <p className="muted">Sign in to see them.</p>}
            {!entity.isUser && can(entity, "create", user) && (
              <Link to={`${entity.path}/new`} className="button">
                New {entity.label.toLowerCase()}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
