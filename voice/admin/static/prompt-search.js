// „Ansage suchen“ as staff type: the prompts whose sentence, id or number hold every word
// typed stay, the others are hidden, and the places (groups) that hold a match open.
// Without JavaScript the same box searches on the server (the form's GET).
"use strict";
(() => {
  const box = document.querySelector("input[data-search]");
  if (!box) return;
  const root = document.querySelector(box.dataset.search);
  const count = document.getElementById("search-count");
  const filter = () => {
    const words = box.value.toLocaleLowerCase("de").split(/\s+/).filter(Boolean);
    let found = 0;
    root.querySelectorAll("details.group").forEach((group) => {
      let here = 0;
      group.querySelectorAll("li[data-search-text]").forEach((item) => {
        const text = item.dataset.searchText.toLocaleLowerCase("de");
        const hit = words.every((word) => text.includes(word));
        item.hidden = !hit;
        if (hit) here += 1;
      });
      group.hidden = here === 0;
      group.open = words.length > 0 && here > 0;
      found += here;
    });
    count.textContent = words.length ? `${found} von ${box.dataset.total} Ansagen gefunden.` : "";
  };
  box.addEventListener("input", filter);
})();
