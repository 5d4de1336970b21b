/* Manager overview charts. The numbers come from a json_script block; every chart has a
 * table with the same numbers next to it, so nothing depends on this script. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f4e79", "#2e8540", "#b35c00", "#6f42c1", "#0b7285", "#a61e4d", "#5c677d", "#8f6b00"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  // Numbers as the page's language writes them (a decimal comma in Dutch); the dates
  // arrive already worded by Django in that language.
  Chart.defaults.locale = document.documentElement.lang || "nl";

  // A long tip name in a few lines instead of cut off at the chart's edge on a phone.
  function wrap(label, width) {
    var lines = [];
    var line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { return new Chart(canvas, config); }
    return null;
  }
  make("chart-weekly", {
    type: "bar",
    data: {
      labels: data.weekly.labels,
      datasets: data.weekly.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
      })
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  });
  make("chart-tips", {
    type: "bar",
    data: {
      labels: data.tips.labels.map(function (label) { return wrap(label, narrow ? 18 : 36); }),
      datasets: [{ label: "0–3", data: data.tips.data, backgroundColor: palette[0] }]
    },
    options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 3 } } }
  });
  make("chart-trend", {
    type: "line",
    data: { labels: data.trend.labels, datasets: [{ label: "%", data: data.trend.data, borderColor: palette[1], backgroundColor: palette[1] }] },
    options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100 } } }
  });
})();
