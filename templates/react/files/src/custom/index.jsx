/**
 * Custom pages: the one place for pages beyond the generated entity pages.
 * App.jsx renders every entry of `customRoutes` inside the layout, after the
 * generated routes, and puts a navigation link for each entry with a `label`:
 *
 *   { path: "tips", label: "Tips", element: <TipsPage /> }
 *
 * `path` is relative to the site root, without the leading slash. Pages call
 * the backend with `request` from ../api/client.js.
 *
 * Stackwright's model generator replaces this file (and adds pages beside it)
 * for the spec's custom pages and features; otherwise it is yours.
 */
export const customRoutes = [];
