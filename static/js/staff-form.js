// The staff form: offer only the groups of the chosen locations. The server checks this
// again; without JavaScript every group stays visible.
(function () {
  "use strict";
  var locations = document.querySelector("[data-staff-locations]");
  var groups = document.querySelector("[data-staff-groups]");
  if (!locations || !groups) return;
  function update() {
    var chosen = {};
    Array.prototype.forEach.call(locations.selectedOptions, function (option) {
      chosen[option.textContent.trim()] = true;
    });
    Array.prototype.forEach.call(groups.querySelectorAll("optgroup"), function (group) {
      var show = chosen[group.label] === true;
      group.hidden = !show;
      group.disabled = !show;
    });
  }
  locations.addEventListener("change", update);
  update();
})();
