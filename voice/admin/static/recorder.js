// Recording in the browser: a button with data-recorder="ID" records from the microphone into
// the file field with that id, so the form is sent as if a file had been chosen. Without a
// microphone (or JavaScript) the file field works as before.
"use strict";
(() => {
  if (!navigator.mediaDevices || !window.MediaRecorder || !window.DataTransfer) return;
  document.querySelectorAll("[data-recorder]").forEach((button) => {
    const input = document.getElementById(button.dataset.recorder);
    const state = document.createElement("span");
    state.setAttribute("aria-live", "polite");
    button.after(state);
    button.hidden = false;
    let recorder = null;
    button.addEventListener("click", async () => {
      if (recorder) { recorder.stop(); return; }
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        const chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = (e) => chunks.push(e.data);
        recorder.onstop = () => {
          stream.getTracks().forEach((t) => t.stop());
          const files = new DataTransfer();
          files.items.add(new File(chunks, "aufnahme.webm", { type: recorder.mimeType }));
          input.files = files.files;
          recorder = null;
          button.textContent = "Noch einmal aufnehmen";
          state.textContent = " Aufnahme fertig – jetzt speichern.";
        };
        recorder.start();
        button.textContent = "Aufnahme beenden";
        state.textContent = " Aufnahme läuft …";
      } catch (error) { state.textContent = " Das Mikrofon ist nicht freigegeben."; }
    });
  });
})();
