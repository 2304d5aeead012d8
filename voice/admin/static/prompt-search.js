// „Ansage suchen“ as staff type: the prompts whose sentence (in any language), id or number
// hold every word typed stay, the others are hidden, and the places (groups) that hold a
// match open.
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
        // Found in another language only: show that language's text, folded beside it.
        const others = item.querySelector("details.others");
        const sentence = item.querySelector("h3").textContent.toLocaleLowerCase("de");
        if (others) others.open = hit && words.length > 0 && !words.every((word) => sentence.includes(word));
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
