// „So klingt es“ on the announcement form: the button sends the form (without the audio
// file, which may be large) as a preview, takes the player out of the page the server
// answers with, and puts it in place of the old one. Nothing is saved and nothing typed
// leaves the page. Without JavaScript the same button sends the form and the server shows
// it again, as typed, with the player.
"use strict";
(() => {
  document.querySelectorAll("button[data-typed-preview]").forEach((button) => {
    // Not a submit button here: the Enter key in a field then saves (the form's first submit
    // button, „Speichern“), as staff expect, instead of playing the preview.
    button.type = "button";
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const form = button.form;
      const holder = document.getElementById(button.dataset.typedPreview);
      const data = new FormData(form);
      data.delete("audio");
      data.set(button.name, button.value);
      holder.textContent = "Wird erstellt …";
      let page;
      try {
        const answer = await fetch(form.getAttribute("action") || window.location.href,
          { method: "POST", body: data, credentials: "same-origin" });
        page = new DOMParser().parseFromString(await answer.text(), "text/html");
      } catch (error) {
        holder.textContent = "Keine Verbindung zum Server. Bitte noch einmal versuchen.";
        return;
      }
      const fresh = page.getElementById(holder.id);
      const problem = page.querySelector(".field.invalid .error");
      if (problem) {
        holder.textContent = problem.textContent;
        return;
      }
      if (!fresh) return;
      const player = document.adoptNode(fresh);
      holder.replaceWith(player);
      window.showPendingAudio(player);
    });
  });
})();
