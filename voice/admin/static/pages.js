// Small helps every admin page shares, loaded as a file because the pages allow no inline
// script (Content-Security-Policy): a form with data-confirm asks before it is sent, and a
// button with data-print opens the print dialog. Without JavaScript the forms still work.
"use strict";
(() => {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
})();
