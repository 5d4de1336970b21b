/* The import's progress bar: asks the status URL every second and moves the bar; when the
 * job is no longer busy the page reloads to show the result. Without this script the page
 * refreshes itself (a meta refresh in <noscript>) and has a reload link. */
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-status-url");
  var bar = section.querySelector("progress");
  var text = section.querySelector("[data-progress-text]");
  var template = text ? text.textContent : "";

  function show(data) {
    if (data.rows_total) { bar.max = data.rows_total; }
    bar.value = data.rows_done;
    bar.textContent = data.percent + "%";
    if (text && data.rows_total) {
      // The server's own wording with the two numbers replaced: "123 van 20000 rijen".
      var numbers = 0;
      text.textContent = template.replace(/\d+/g, function () {
        numbers += 1;
        return numbers === 1 ? data.rows_done : numbers === 2 ? data.rows_total : "";
      });
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        show(data);
        if (data.busy) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
