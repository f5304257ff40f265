// newsgen preview: a little progressive enhancement. Every control works without it.
"use strict";
(function () {
  // Seat list: filter as soon as a select changes.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") filters.requestSubmit();
    });
    // Narrow the rows already shown as the name is typed; Enter asks the server.
    var search = filters.querySelector('input[name="q"]');
    var rows = document.querySelectorAll("tr[data-name]");
    if (search) {
      search.addEventListener("input", function () {
        var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
        rows.forEach(function (row) {
          var name = row.dataset.name;
          row.hidden = !words.every(function (w) { return name.indexOf(w) !== -1; });
        });
      });
    }
  }

  var form = document.getElementById("choices");
  var panel = document.getElementById("draft");
  if (!form || !panel) return;

  // Remember who the editor is between seats (this browser only).
  var editor = document.getElementById("editor");
  try {
    if (editor && !editor.value) editor.value = localStorage.getItem("newsgen-editor") || "";
    if (editor) editor.addEventListener("change", function () { localStorage.setItem("newsgen-editor", editor.value); });
  } catch (e) { /* storage disabled */ }

  var pending = null;
  var generation = 0;

  function draftParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key === "draft" || key === "lead" || key === "drop" || key === "style") params.append(key, value);
    });
    return params;
  }

  function markRows() {
    var lead = form.querySelector('input[name="lead"]:checked');
    form.querySelectorAll("tr.angle").forEach(function (row) {
      var drop = row.querySelector('input[name="drop"]');
      if (drop) row.classList.toggle("is-dropped", drop.checked);
    });
    return lead ? lead.value : "";
  }

  function refresh() {
    var params = draftParams();
    var mine = ++generation;
    if (pending) pending.abort();
    pending = new AbortController();
    panel.setAttribute("aria-busy", "true");
    fetch(form.dataset.draftUrl + "?" + params.toString(), { signal: pending.signal, headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== generation) return;
        panel.innerHTML = html;  // server-rendered, autoescaped
        panel.removeAttribute("aria-busy");
        panel.dataset.generation = String(mine);
        var story = document.getElementById("story");
        var current = story ? story.dataset.lead : "";
        form.querySelectorAll("tr.angle").forEach(function (row) {
          var isLead = row.dataset.angle === current && !!row.querySelector('input[name="lead"]');
          row.classList.toggle("is-lead", isLead);
          var badge = row.querySelector(".badge");
          if (badge && !isLead) badge.remove();
          if (isLead && !badge) {
            var label = row.querySelector("label");
            var mark = document.createElement("span");
            mark.className = "badge";
            mark.textContent = "lead";
            label.after(" ", mark);
          }
        });
        history.replaceState(null, "", form.action.replace(location.origin, "") + "?" + params.toString());
      })
      .catch(function (error) {
        if (error.name !== "AbortError") panel.insertAdjacentHTML("afterbegin", '<p class="error" role="alert">Could not re-render: the server did not answer.</p>');
      });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "lead" && target.value) {
      // leading on an angle means keeping it
      var drop = document.getElementById("drop-" + target.value);
      if (drop) drop.checked = false;
    }
    if (target.name === "lead" || target.name === "drop" || target.name === "style") {
      markRows();
      refresh();
    }
  });
})();
