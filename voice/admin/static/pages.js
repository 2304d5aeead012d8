// Small helps every admin page shares, loaded as a file because the pages allow no inline
// script (Content-Security-Policy): a form with data-confirm asks before it is sent (and,
// once agreed, sends its disabled data-confirmed fields too, so that the server knows it
// was asked; without JavaScript the server asks on a page of its own), a
// button with data-print opens the print dialog, and a file larger than its field's
// data-max-mb is not sent at all but named at once (the server refuses it too, with a page
// that says so), and a table wider than a small screen, which scrolls sideways, can be
// reached with the keyboard to scroll it. Without JavaScript the forms still work.
"use strict";
(() => {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      else form.querySelectorAll("[data-confirmed]").forEach((field) => { field.disabled = false; });
    });
  });
  document.querySelectorAll("input[type=file][data-max-mb]").forEach((input) => {
    const note = document.createElement("p");
    note.className = "error";
    note.setAttribute("role", "alert");
    note.hidden = true;
    input.after(note);
    input.form.addEventListener("submit", (event) => {
      const limit = Number(input.dataset.maxMb);
      const file = input.files[0];
      note.hidden = !(file && file.size > limit * 1024 * 1024);
      if (note.hidden) return;
      event.preventDefault();
      note.textContent = `Die Datei ist größer als ${limit} MB und wurde nicht gesendet. ` +
        "Kürzen Sie die Aufnahme, oder speichern Sie sie als MP3: Das ist viel kleiner.";
    });
  });
  const scrollable = () => document.querySelectorAll("main table").forEach((table) => {
    if (table.scrollWidth > table.clientWidth) table.tabIndex = 0;
    else table.removeAttribute("tabindex");
  });
  scrollable();
  window.addEventListener("resize", scrollable);
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
})();
