/* The start page's filter field: narrows the child tiles as one types, in the page only.
 * Nothing is sent anywhere, so a child's name never lands in a URL or a server log.
 * Without this script every tile stays visible and the field stays hidden. */
(function () {
  "use strict";
  var input = document.querySelector("[data-child-filter]");
  if (!input) { return; }
  var box = input.closest(".child-filter");
  var status = document.getElementById("child-filter-status");
  var folded = document.querySelector("[data-other-groups]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
  var foldedByUser = folded ? folded.open : false;

  function normal(text) {
    // "Zoë" is found by typing "zoe": compare without accents and case.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var tiles = Array.prototype.slice.call(document.querySelectorAll(".child-tile")).map(function (tile) {
    var name = tile.querySelector(".child-name");
    return { item: tile.parentNode, text: normal(name ? name.textContent : tile.textContent) };
  });

  function apply() {
    var words = normal(input.value).trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    var shownInFolded = 0;
    tiles.forEach(function (tile) {
      var match = words.every(function (word) { return tile.text.indexOf(word) !== -1; });
      tile.item.hidden = !match;
      if (match) {
        shown += 1;
        if (folded && folded.contains(tile.item)) { shownInFolded += 1; }
      }
    });
    groups.forEach(function (group) {
      // A group without a matching child steps aside while filtering.
      group.hidden = words.length > 0 && !group.querySelector("li:not([hidden]) .child-tile");
    });
    if (folded) {
      folded.open = words.length ? shownInFolded > 0 : foldedByUser;
    }
    if (!words.length) {
      status.textContent = "";
    } else if (!shown) {
      status.textContent = status.dataset.none;
    } else {
      status.textContent = shown === 1 ? status.dataset.countOne : status.dataset.countMany.replace("%(n)s", shown);
    }
  }
  if (folded) {
    folded.addEventListener("toggle", function () {
      if (!input.value.trim()) { foldedByUser = folded.open; }
    });
  }
  input.addEventListener("input", apply);
  box.hidden = false;
  // Back from a child's page: the browser may restore the typed text.
  apply();
})();
