// The word counter under an event's description: a help, the form works without it.
"use strict";
(() => {
  const box = document.getElementById("description");
  const out = document.getElementById("word-count");
  if (!box || !out) return;
  const limit = Number(box.dataset.words || "25");
  const count = () => {
    const words = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
    out.textContent = `${words} Wörter` + (words > limit ? " – das ist am Telefon recht lang." : "");
  };
  box.addEventListener("input", count);
  count();
})();
