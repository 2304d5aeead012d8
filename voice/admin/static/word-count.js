// The word counter under an event's descriptions (German and each other language): a help,
// the form works without it.
"use strict";
(() => {
  for (const box of document.querySelectorAll("textarea[data-words]")) {
    const out = document.getElementById(box.dataset.count || "word-count");
    if (!out) continue;
    const limit = Number(box.dataset.words || "25");
    const count = () => {
      const words = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
      out.textContent = `${words} Wörter` + (words > limit ? " – das ist am Telefon recht lang." : "");
    };
    box.addEventListener("input", count);
    count();
  }
})();
