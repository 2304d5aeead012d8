// The live panel of a meeting: who is on the phone, muted, with a raised hand; refreshed
// every two seconds. The addresses come from the page (data-state, data-base on #token).
"use strict";
(() => {
  const page = document.getElementById("token");
  const state = page.dataset.state;
  const base = page.dataset.base;
  const token = page.querySelector("input[name=csrf_token]").value;
  let hands = 0;
  const beep = () => {
    try {
      const ctx = new AudioContext(), osc = ctx.createOscillator();
      osc.frequency.value = 660; osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (error) { /* no sound: the page still shows the hand */ }
  };
  async function act(sid, action) {
    const body = new FormData(); body.append("csrf_token", token);
    await fetch(`${base}/${sid}/${action}`, { method: "POST", body, headers: { Accept: "application/json" } });
    refresh();
  }
  function button(label, sid, action) {
    const b = document.createElement("button"); b.textContent = label; b.type = "button";
    b.dataset.action = action; b.addEventListener("click", () => act(sid, action)); return b;
  }
  async function refresh() {
    const data = await (await fetch(state)).json();
    if (data.hands > hands) beep();
    hands = data.hands;
    document.getElementById("totals").textContent = `${data.total} am Telefon, ${data.hands} Hände gehoben.`;
    const body = document.getElementById("people");
    body.innerHTML = "";
    for (const p of data.participants) {
      const row = body.insertRow();
      row.dataset.callSid = p.call_sid;
      row.insertCell().textContent = p.label + (p.speaking ? " (spricht)" : "");
      row.insertCell().textContent = p.since;
      row.insertCell().textContent = p.muted ? "stumm" : "an";
      row.insertCell().textContent = p.hand ? "✋ gehoben" : "";
      const actions = row.insertCell();
      actions.append(button(p.muted ? "Ton an" : "Stumm", p.call_sid, p.muted ? "unmute" : "mute"));
      if (p.hand) actions.append(button("Hand senken", p.call_sid, "lower"));
      actions.append(button("Entfernen", p.call_sid, "remove"));
    }
  }
  refresh();
  setInterval(refresh, 2000);
})();
