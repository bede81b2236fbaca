/* Names for what Django's admin widgets draw without one (issue 12; axe-core rules
   aria-input-field-name and aria-prohibited-attr):
   - select2's autocomplete box is a combobox named by the field's label and its choice;
   - the two-list selector's search icon carries its aria-label as an image. */
"use strict";
(function () {
  // The element that names the select: its label, or (in a table row, where the column heading is
  // the only label) a hidden element holding its aria-label.
  function labelFor(select) {
    let label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label && select.id && select.getAttribute("aria-label")) {
      label = document.getElementById(select.id + "_name");
      if (!label) {
        label = document.createElement("span");
        label.hidden = true;
        label.textContent = select.getAttribute("aria-label");
        select.after(label);
      }
    }
    if (label && !label.id) {
      label.id = select.id + "_name";
    }
    return label;
  }

  function nameSelect2(select) {
    const container = select.parentNode.querySelector(".select2");
    const label = labelFor(select);
    if (!label || !container || !container.classList.contains("select2")) {
      return;
    }
    const rendered = container.querySelector(".select2-selection__rendered");
    const box = container.querySelector(".select2-selection[role=combobox]");
    if (rendered && rendered.id && box) {
      box.setAttribute("aria-labelledby", label.id + " " + rendered.id);
    }
    if (rendered && rendered.getAttribute("role") === "textbox") {
      rendered.setAttribute("aria-labelledby", label.id);
    }
  }

  function mend() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll("select.select2-hidden-accessible").forEach(nameSelect2);
  }

  let queued = false;
  function queue() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(() => {
        queued = false;
        mend();
      });
    }
  }

  // The widgets are drawn by other scripts, on load and when a form row is added.
  document.addEventListener("DOMContentLoaded", () => {
    queue();
    new MutationObserver(queue).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", queue);
})();
