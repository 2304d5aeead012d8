// Beside each date box (data-picker) the browser's own calendar, where it has one: what is
// chosen there is written into the box as „24.12.2026 18:00“. It is only a help: the box
// takes what staff type (24.12.26 18 Uhr, 18:00, morgen 18 Uhr …), and the server reads it
// (voice/admin/dates.py), with or without this script.
"use strict";
(() => {
  const probe = document.createElement("input");
  probe.type = "datetime-local";
  if (probe.type !== "datetime-local") return; // this browser has no picker
  const two = (n) => String(n).padStart(2, "0");
  const typed = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})$/;
  const chosen = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
  document.querySelectorAll("input[data-picker]").forEach((box) => {
    const label = document.createElement("label");
    label.className = "picker";
    const picker = document.createElement("input");
    picker.type = "datetime-local";
    const name = box.labels.length ? box.labels[0].textContent.trim() : "Datum";
    picker.setAttribute("aria-label", `${name}: im Kalender wählen`);
    label.append("oder im Kalender wählen: ", picker);
    box.after(label);
    const fromBox = () => {
      const m = typed.exec(box.value.trim());
      picker.value = m ? `${m[3]}-${two(m[2])}-${two(m[1])}T${two(m[4])}:${m[5]}` : "";
    };
    fromBox();
    box.addEventListener("change", fromBox);
    picker.addEventListener("change", () => {
      const m = chosen.exec(picker.value);
      if (m) box.value = `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}`;
    });
  });
})();
