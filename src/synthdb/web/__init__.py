"""The web app served by `synthdb serve` at `/`: server-rendered pages with htmx partial updates (docs/web.md)."""
