// The info screen keeps itself current: every data-refresh-seconds (on <body>) it asks the
// server for the page again and swaps in the new <main>, so that the display never reloads
// as a whole (no flash, no meta refresh that moves screen readers to the top). When the
// server does not answer, the screen keeps what it shows and asks again next time.
"use strict";
(() => {
  const seconds = Number(document.body.dataset.refreshSeconds) || 60;
  const refresh = async () => {
    try {
      const answer = await fetch(window.location.href, { credentials: "same-origin" });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
      const main = fresh.querySelector("main");
      if (main) document.querySelector("main").replaceWith(document.adoptNode(main));
    } catch (error) {
      // offline for a moment: try again at the next interval
    }
  };
  window.setInterval(refresh, seconds * 1000);
})();
