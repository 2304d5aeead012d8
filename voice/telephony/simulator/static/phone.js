// The browser phone: sends what the caller does to the simulator and shows and plays what
// the service answers. A timer presses "silence" when the caller waits as long as Twilio would.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let sid = null;
  let timer = null;
  let queue = Promise.resolve();

  async function api(path, body, isForm) {
    const options = { method: "POST", headers: { "X-Softphone": "1" } };
    if (isForm) options.body = body;
    else { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body || {}); }
    const response = await fetch(path, options);
    if (!response.ok) throw new Error("Der Server antwortet mit " + response.status);
    return response.json();
  }

  function line(text, kind) {
    const item = document.createElement("li");
    item.textContent = text;
    item.className = kind;
    $("transcript").appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function play(url) {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      audio.onended = resolve;
      audio.onerror = resolve;
      audio.play().catch(resolve);
    });
  }

  function stopTimer() { if (timer) clearInterval(timer); timer = null; $("timer").textContent = ""; }

  function startTimer(seconds) {
    stopTimer();
    let left = seconds;
    $("timer").textContent = `Sie haben ${left} Sekunden für eine Taste.`;
    timer = setInterval(() => {
      left -= 1;
      $("timer").textContent = `Sie haben ${left} Sekunden für eine Taste.`;
      if (left <= 0) { stopTimer(); send("silence"); }
    }, 1000);
  }

  // In German, not by the conference's technical name („quartier-event-1“) or Twilio's status.
  const BRIDGES = {
    conference: "der Telefonkonferenz der Veranstaltung",
    sip: "der Videokonferenz (SIP)",
    client: "einem Telefon im Browser",
  };
  const ENDED = {
    completed: "aufgelegt",
    busy: "besetzt",
    "no-answer": "niemand nimmt ab",
    failed: "fehlgeschlagen",
    canceled: "abgebrochen",
  };
  const dialled = (event) =>
    BRIDGES[event.detail.kind] || (event.text ? `der Nummer ${event.text}` : "dem Ziel");

  function show(state) {
    for (const event of state.events) {
      if (event.kind === "say") line(event.text, "say");
      else if (event.kind === "play") {
        line(event.text || "(Aufnahme)", "play");
        queue = queue.then(() => play(event.url));
      } else if (event.kind === "dial") line(`Verbinde mit ${dialled(event)} …`, "action");
      else if (event.kind === "record") line("(Aufnahme läuft)", "action");
      else if (event.kind === "bridge") line(`(Verbindung beendet: ${ENDED[event.text] || event.text})`, "action");
      else if (event.kind === "hangup") line("(Das Quartierstelefon legt auf)", "action");
      else if (event.kind === "error") line("Fehler: " + event.text, "error");
      else if (event.kind === "language") line("(Sprache des Anrufs: " + event.text + ")", "action");
    }
    const live = state.state !== "ended";
    document.querySelectorAll(".key").forEach((b) => { b.disabled = !live; });
    ["words", "confidence", "say"].forEach((id) => { $(id).disabled = state.state !== "gather"; });
    $("dial").disabled = live;
    $("hangup").disabled = !live;
    $("record").hidden = state.state !== "record";
    $("bridge").hidden = state.state !== "bridge";
    $("status").textContent = live
      ? "Verbunden." + (state.language ? " Sprache: " + state.language + "." : "")
      : "Aufgelegt.";
    stopTimer();
    if (state.state === "gather") queue.then(() => { if (sid === state.sid) startTimer(state.timeout || 5); });
    if (!live) sid = null;
  }

  async function send(action, body, isForm) {
    if (!sid) return;
    try { show(await api(`/simulator/api/calls/${sid}/${action}`, body, isForm)); }
    catch (error) { $("status").textContent = error.message; }
  }

  $("dial").addEventListener("click", async () => {
    $("transcript").innerHTML = "";
    $("status").textContent = "Es klingelt …";
    try {
      const as = $("as") ? $("as").value : "";
      const to = $("to") ? $("to").value : "";
      const state = await api("/simulator/api/calls", { from: $("from").value.replace(/\s/g, ""), resident: as, to });
      sid = state.sid;
      show(state);
    } catch (error) { $("status").textContent = error.message; }
  });
  $("hangup").addEventListener("click", () => send("hangup"));
  // "Anrufen als" a resident: their own number is used, the field below is not.
  if ($("as")) {
    $("as").addEventListener("change", () => { $("from").disabled = Boolean($("as").value); });
  }

  // Calls the service places (reminders, call-backs) ring here while no call is active.
  let ringingSid = null;
  setInterval(async () => {
    if (sid) { $("ring").hidden = true; return; }
    try {
      const response = await fetch("/simulator/api/ringing", { headers: { "X-Softphone": "1" } });
      const rings = response.ok ? await response.json() : [];
      ringingSid = rings.length ? rings[0].sid : null;
      $("ring").hidden = !ringingSid;
      if (ringingSid) $("ring-text").textContent = `Es klingelt: Das Quartierstelefon ruft ${rings[0].to} an.`;
    } catch (error) { /* the server is restarting: try again next time */ }
  }, 2000);
  $("reminders").addEventListener("click", async () => {
    try {
      const result = await api("/simulator/api/reminders/");
      $("status").textContent = result.placed
        ? `${result.placed} Erinnerungsanrufe gestartet. Das Telefon klingelt gleich.`
        : "Gerade ist kein Erinnerungsanruf fällig.";
    } catch (error) { $("status").textContent = error.message; }
  });
  $("answer").addEventListener("click", async () => {
    if (!ringingSid) return;
    $("transcript").innerHTML = "";
    const state = await api(`/simulator/api/ringing/${ringingSid}/answer`);
    sid = state.sid;
    $("ring").hidden = true;
    show(state);
  });
  document.querySelectorAll(".key").forEach((button) =>
    button.addEventListener("click", () => { line(`Taste ${button.dataset.key}`, "action"); send("press", { digits: button.dataset.key }); }));
  // Words said into a menu: sent as Twilio's SpeechResult and Confidence.
  $("speak").addEventListener("submit", (event) => {
    event.preventDefault();
    const words = $("words").value.trim();
    if (!words) return;
    line(`Gesagt: ${words}`, "action");
    $("words").value = "";
    send("say", { words, confidence: $("confidence").value });
  });
  $("tone").addEventListener("click", () => send("record", new FormData(), true));
  $("nothing").addEventListener("click", () => send("silence"));
  $("bridge-end").addEventListener("click", () => send("end-bridge", { status: "completed" }));
  $("bridge-busy").addEventListener("click", () => send("end-bridge", { status: "busy" }));
  $("mic").addEventListener("click", async () => {
    if (!navigator.mediaDevices || !window.MediaRecorder) { send("record", new FormData(), true); return; }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(stream);
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        const form = new FormData();
        form.append("audio", new Blob(chunks, { type: recorder.mimeType }), "aufnahme.webm");
        send("record", form, true);
      };
      $("mic").textContent = "Fertig (Raute)";
      $("mic").onclick = () => { recorder.stop(); $("mic").textContent = "Mit dem Mikrofon sprechen"; $("mic").onclick = null; };
      recorder.start();
    } catch (error) { send("record", new FormData(), true); }
  });
})();
