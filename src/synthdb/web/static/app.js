// synthdb web app: keyboard focus after htmx swaps (the only script besides htmx; the pages work without it).
// A refused change: focus the first control the validator named, so keyboard and screen-reader users land on it.
document.addEventListener("htmx:afterSettle", function (event) {
  var invalid = event.detail.target && event.detail.target.querySelector
    ? event.detail.target.querySelector("[aria-invalid=true]") : null;
  if (!invalid) { invalid = document.querySelector("#designer [aria-invalid=true]"); }
  if (invalid && typeof invalid.focus === "function") { invalid.focus(); }
});
