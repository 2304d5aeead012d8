// A player for audio the speech worker may still be building. An element with
// data-audio="URL" asks the URL: 200 becomes a player; 202 (its text, "Wird erstellt …" or
// "Die Aufnahme wird gerade abgeholt …") is shown and
// asked again a few seconds later, until the audio is there. Without JavaScript the element's
// own link plays the audio once it is built. window.showPendingAudio(element) does the same
// for such elements put into the page later (typed-preview.js).
"use strict";
(() => {
  const AGAIN_MS = 4000;
  const show = async (holder) => {
    let answer;
    try {
      // GET, not HEAD: a 404 carries the reason. The audio itself is fetched twice then, once
      // here and once by the player: previews are short.
      answer = await fetch(holder.dataset.audio, { credentials: "same-origin" });
    } catch (error) {
      setTimeout(() => show(holder), AGAIN_MS);
      return;
    }
    if (answer.status === 200) {
      const player = document.createElement("audio");
      player.controls = true;
      player.preload = "none";
      player.src = holder.dataset.audio;
      player.setAttribute("aria-label", holder.dataset.label || "Anhören");
      holder.replaceWith(player);
    } else if (answer.status === 202) {
      const waiting = (await answer.text()).trim() || "Wird erstellt …";
      holder.textContent = `${waiting} (der Player erscheint hier von selbst)`;
      setTimeout(() => show(holder), AGAIN_MS);
    } else {
      const reason = answer.status === 404 ? (await answer.text()).trim() : "";
      holder.textContent = reason || "Keine Vorschau möglich.";
    }
  };
  document.querySelectorAll("[data-audio]").forEach(show);
  window.showPendingAudio = (root) => root.querySelectorAll("[data-audio]").forEach(show);
})();
