/* The result form offers the goals of the chosen region: when the region changes, its goals are
   fetched from the admin (cases/admin.py, goals_view) and the checkboxes rebuilt. Without this
   script the form shows the right goals once saved, and refuses goals of another region. */
"use strict";
(function () {
  function option(container, goal, index) {
    const id = container.id + "_" + index;
    const row = document.createElement("div");
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = container.dataset.name;
    input.value = goal.value;
    input.id = id;
    input.title = goal.title;
    label.htmlFor = id;
    label.title = goal.title;
    label.append(input, " " + goal.label);
    row.append(label);
    return row;
  }

  function hint(container) {
    const paragraph = document.createElement("p");
    paragraph.className = "byregion-goals-hint";
    paragraph.textContent = container.dataset.hint;
    return paragraph;
  }

  function show(container, goals) {
    if (goals.length) {
      container.replaceChildren(...goals.map((goal, index) => option(container, goal, index)));
    } else {
      container.replaceChildren(hint(container));
    }
  }

  function update(container, regionId) {
    if (!regionId) {
      show(container, []);
      return;
    }
    const url = container.dataset.goalsUrl + "?byregion=" + encodeURIComponent(regionId);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { goals: [] }))
      .then((data) => show(container, data.goals));
  }

  function start() {
    document.querySelectorAll(".byregion-goals[data-goals-url]").forEach((container) => {
      const form = container.closest("form");
      const region = form && form.querySelector("[name=region]");
      if (!region) {
        return;
      }
      const changed = () => update(container, region.value);
      // The region is a select2 autocomplete, which announces a choice through jQuery only.
      if (window.django && window.django.jQuery) {
        window.django.jQuery(region).on("change", changed);
      } else {
        region.addEventListener("change", changed);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
