/* Sit-down conversation form: speaking-time meter, interpreter warning, end-of-talk aid,
 * and adding agreement rows. Everything works without JavaScript too: the minutes can be
 * typed, and one empty agreement row is always there.
 * The rules' numbers and values come from the server (the form's data-rules attribute,
 * ConversationForm.script_rules): this file keeps no copy of them. */
(function () {
  "use strict";
  var form = document.getElementById("conversation-form");
  if (!form) { return; }
  var rules = JSON.parse(form.getAttribute("data-rules"));

  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.classList.remove("d-none"); });

  /* Speaking-time meter: only the two totals are kept, never any audio. */
  var totals = { staff: 0, parent: 0 };
  var current = null;
  var since = 0;
  var staffInput = document.getElementById("id_staff_minutes");
  var parentInput = document.getElementById("id_parent_minutes");
  var durationInput = document.getElementById("id_duration_minutes");
  if (staffInput && staffInput.value) { totals.staff = parseFloat(staffInput.value) * 60000 || 0; }
  if (parentInput && parentInput.value) { totals.parent = parseFloat(parentInput.value) * 60000 || 0; }

  function elapsed(who) {
    return totals[who] + (current === who ? Date.now() - since : 0);
  }
  function clock(ms) {
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  /* Tip 3, as gesprekken/scoring.py's propose_speaking_level. */
  function proposeLevel(share) {
    var d = Math.abs(share - rules.speakingShareTarget);
    for (var i = 0; i < rules.speakingBands.length; i++) {
      if (d <= rules.speakingBands[i][0]) { return rules.speakingBands[i][1]; }
    }
    return rules.speakingBeyondBands;
  }
  function render(write) {
    var staff = elapsed("staff"), parent = elapsed("parent");
    document.querySelectorAll("[data-meter-total='staff']").forEach(function (el) { el.textContent = clock(staff); });
    document.querySelectorAll("[data-meter-total='parent']").forEach(function (el) { el.textContent = clock(parent); });
    var shareEl = document.querySelector("[data-meter-share]");
    var total = staff + parent;
    if (shareEl) { shareEl.textContent = total > 0 ? Math.round(100 * parent / total) + " %" : "–"; }
    if (!write || total <= 0) { return; }
    staffInput.value = (staff / 60000).toFixed(1);
    parentInput.value = (parent / 60000).toFixed(1);
    if (durationInput && !durationInput.value) {
      durationInput.value = Math.max(rules.minMinutes, Math.ceil(total / 60000));
    }
    var tip = form.querySelector("[data-speaking-tip]");
    if (tip) {
      var radio = tip.querySelector("input[type=radio][value='" + proposeLevel(parent / total) + "']");
      if (radio) { radio.checked = true; }
    }
  }
  document.querySelectorAll("[data-meter]").forEach(function (button) {
    button.addEventListener("click", function () {
      var who = button.getAttribute("data-meter");
      if (current) { totals[current] += Date.now() - since; }
      current = who === "pause" ? null : who;
      since = Date.now();
      document.querySelectorAll("[data-meter]").forEach(function (b) {
        var active = b === button;
        b.setAttribute("aria-pressed", active ? "true" : "false");
        b.classList.toggle("active", active);
      });
      render(true);
    });
  });
  window.setInterval(function () { if (current) { render(false); } }, 500);
  form.addEventListener("submit", function () {
    if (current) { totals[current] += Date.now() - since; current = null; }
    if (totals.staff + totals.parent > 0) { render(true); }
  });

  /* A child should never interpret: show the warning as soon as it is chosen. */
  var interpreter = document.getElementById("id_interpreter");
  var warning = document.getElementById("child-interpreter-warning");
  if (interpreter && warning) {
    interpreter.addEventListener("change", function () {
      warning.classList.toggle("d-none", interpreter.value !== rules.childInterpreter);
    });
  }

  /* End-of-talk aid: one tap marks the conversation as ended early. */
  document.querySelectorAll("[data-mark-ended-early]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById("id_ended_early");
      if (box) { box.checked = true; box.focus(); }
    });
  });

  /* Agreements: add a row from the empty form template. */
  var add = document.getElementById("add-agreement");
  var template = document.getElementById("agreement-template");
  var rows = document.getElementById("agreement-rows");
  var totalForms = form.querySelector("input[name$='-TOTAL_FORMS']");
  if (add && template && rows && totalForms) {
    add.addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      totalForms.value = String(index + 1);
      var input = rows.lastElementChild.querySelector("input[type=text]");
      if (input) { input.focus(); }
    });
  }
})();
