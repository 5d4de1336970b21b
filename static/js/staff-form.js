// The staff form: offer only the groups of the chosen locations. The server checks this
// again; without JavaScript every group stays visible.
(function () {
  "use strict";
  var locations = document.querySelector("[data-staff-locations]");
  var groups = document.querySelector("[data-staff-groups]");
  var data = document.getElementById("group-locations");
  if (!locations || !groups || !data) return;
  var locationOf = JSON.parse(data.textContent);
  function update() {
    var chosen = {};
    Array.prototype.forEach.call(locations.selectedOptions, function (option) {
      chosen[option.value] = true;
    });
    Array.prototype.forEach.call(groups.options, function (option) {
      var show = chosen[String(locationOf[option.value])] === true;
      option.hidden = !show;
      if (!show) option.selected = false;
    });
  }
  locations.addEventListener("change", update);
  update();
})();
