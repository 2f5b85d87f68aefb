// Phone layout: a "Filters" button that shows the facets above the results.
// Without this script the facets simply stay in the page (after the results on a phone).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".filters-toggle");
  var facets = document.getElementById("facets");
  if (!button || !facets) return;
  button.hidden = false;
  facets.parentElement.classList.add("collapsible");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    facets.classList.toggle("open", open);
  });
});
