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

  /* Speaking-time meter: only the two totals are kept, never any audio. The meter
   * proposes; the user decides: it fills the minutes only while nobody typed in them,
   * and it never touches tip 3. The server proposes tip 3's level from the minutes
   * when tip 3 is left open (scoring.propose_speaking_level); this page only shows it. */
  var totals = { staff: 0, parent: 0 };
  var current = null;
  var since = 0;
  var typed = false;
  var used = false;
  var staffInput = document.getElementById("id_staff_minutes");
  var parentInput = document.getElementById("id_parent_minutes");
  var durationInput = document.getElementById("id_duration_minutes");
  function fromInputs() {
    totals.staff = staffInput && staffInput.value ? (parseFloat(staffInput.value) * 60000 || 0) : 0;
    totals.parent = parentInput && parentInput.value ? (parseFloat(parentInput.value) * 60000 || 0) : 0;
  }
  fromInputs();
  [staffInput, parentInput].forEach(function (input) {
    if (!input) { return; }
    input.addEventListener("input", function () {
      /* Typed minutes win: the meter stops writing and counts on from them. */
      typed = true;
      if (current) { current = null; }
      fromInputs();
      render(false);
    });
  });

  function elapsed(who) {
    return totals[who] + (current === who ? Date.now() - since : 0);
  }
  function clock(ms) {
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  /* Tip 3, as gesprekken/scoring.py's propose_speaking_level: whole seconds, integers. */
  function proposeLevel(staffSeconds, parentSeconds) {
    var total = staffSeconds + parentSeconds;
    if (total <= 0) { return null; }
    for (var i = 0; i < rules.speakingSteps.length; i++) {
      if (100 * parentSeconds >= rules.speakingSteps[i][0] * total) { return rules.speakingSteps[i][1]; }
    }
    return rules.speakingBelowSteps;
  }
  function render(write) {
    var staff = elapsed("staff"), parent = elapsed("parent");
    document.querySelectorAll("[data-meter-total='staff']").forEach(function (el) { el.textContent = clock(staff); });
    document.querySelectorAll("[data-meter-total='parent']").forEach(function (el) { el.textContent = clock(parent); });
    var shareEl = document.querySelector("[data-meter-share]");
    var total = staff + parent;
    if (shareEl) { shareEl.textContent = total > 0 ? Math.floor(100 * parent / total) + " %" : "–"; }
    var level = proposeLevel(Math.floor(staff / 1000), Math.floor(parent / 1000));
    document.querySelectorAll("[data-meter-proposal]").forEach(function (el) {
      el.classList.toggle("d-none", level === null);
      var out = el.querySelector("[data-meter-proposal-level]");
      if (out && level !== null) { out.textContent = rules.levelLabels[String(level)]; }
    });
    if (!write || typed || !used || total <= 0) { return; }
    staffInput.value = (staff / 60000).toFixed(1);
    parentInput.value = (parent / 60000).toFixed(1);
    if (durationInput && !durationInput.value) {
      durationInput.value = Math.max(rules.minMinutes, Math.ceil(total / 60000));
    }
  }
  document.querySelectorAll("[data-meter]").forEach(function (button) {
    button.addEventListener("click", function () {
      var who = button.getAttribute("data-meter");
      if (current) { totals[current] += Date.now() - since; }
      current = who === "pause" ? null : who;
      since = Date.now();
      if (current) { used = true; typed = false; }
      document.querySelectorAll("[data-meter]").forEach(function (b) {
        var active = b === button;
        b.setAttribute("aria-pressed", active ? "true" : "false");
        b.classList.toggle("active", active);
      });
      render(true);
    });
  });
  render(false);
  window.setInterval(function () { if (current) { render(false); } }, 500);
  form.addEventListener("submit", function () {
    if (current) { totals[current] += Date.now() - since; current = null; }
    render(true);
  });

  /* Only the tips that apply to the talk as entered (scoring.is_applicable), live. A tip
   * that stops applying while it has a level stays in view with a note: the server would
   * refuse the level, and nothing is dropped without a word. */
  function checkedValue(name) {
    var field = form.querySelector("[name='" + name + "']:checked") || form.querySelector("select[name='" + name + "']");
    return field ? field.value : "";
  }
  function applies(rule, kind, stance, participation) {
    var handover = rules.handoverKinds.indexOf(kind) >= 0;
    switch (rule) {
      case rules.applies.always: return true;
      case rules.applies.handover: return handover;
      case rules.applies.sitDown: return !handover;
      case rules.applies.participation: return participation;
      case rules.applies.timidParent: return stance === rules.timidStance;
      case rules.applies.dominantParent: return stance === rules.dominantStance;
    }
    return true;
  }
  function showApplicable() {
    var kind = checkedValue(rules.kindField);
    var stance = checkedValue("parent_stance");
    var participation = !!form.querySelector("[name='topics'][value='" + rules.participationTopic + "']:checked");
    form.querySelectorAll(".checklist-row[data-applies]").forEach(function (row) {
      var fits = applies(row.getAttribute("data-applies"), kind, stance, participation);
      var chosen = row.querySelector("input[type=radio]:checked");
      var level = chosen && chosen.value !== rules.notApplicable;
      row.classList.toggle("d-none", !fits && !level);
      var note = row.querySelector("[data-not-applicable-note]");
      if (note) { note.classList.toggle("d-none", fits || !level); }
    });
  }
  form.addEventListener("change", showApplicable);
  showApplicable();

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
