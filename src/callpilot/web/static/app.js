// The dashboard shell: the calls list and one call's live transcript, cards and event log.
import { api, openEventStream } from "./live.js";

const state = { calls: new Map(), selected: null, seen: new Set() };
const $ = (id) => document.getElementById(id);

function renderCalls() {
  const list = $("call-list");
  list.replaceChildren();
  const calls = [...state.calls.values()].sort((a, b) => (b.started_at ?? 0) - (a.started_at ?? 0));
  $("no-calls").hidden = calls.length > 0;
  for (const call of calls) {
    const li = document.createElement("li");
    li.dataset.callId = call.id;
    li.className = call.id === state.selected ? "selected" : "";
    const when = call.started_at ? new Date(call.started_at * 1000).toLocaleTimeString() : "";
    li.append(text("span", `${when} · ${call.transport}`));
    if (call.live) li.insertAdjacentHTML("beforeend", `<span class="live">LIVE</span>`);
    li.addEventListener("click", () => selectCall(call.id));
    list.append(li);
  }
}

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function showEvent(event) {
  if (event.call_id !== state.selected) return;
  const key = `${event.call_id}:${event.seq}`;
  if (state.seen.has(key)) return;
  state.seen.add(key);
  const line = text("li", `${event.seq} ${event.at.toFixed(1)}s ${event.type} ${JSON.stringify(event.payload)}`);
  line.dataset.type = event.type;
  $("events").append(line);
  if (event.type === "utterance.final") {
    const li = document.createElement("li");
    li.dataset.role = event.payload.role;
    li.append(text("span", event.payload.role, "who"), document.createTextNode(event.payload.text));
    $("transcript").append(li);
  } else if (event.type === "intervention.fired") {
    $("cards").prepend(card(event));
  } else if (event.type === "intervention.feedback") {
    const el = document.querySelector(`.card[data-id="${event.payload.intervention_id}"]`);
    if (el) el.dataset.feedback = event.payload.feedback;
  }
}

function card(event) {
  const p = event.payload;
  const el = document.createElement("div");
  el.className = "card";
  el.dataset.id = p.id;
  el.append(text("div", `${p.trigger.replace("_", " ")} · ${p.delivery}`, "trigger"), text("div", p.text, "text"));
  const actions = document.createElement("div");
  actions.className = "actions";
  for (const [label, value, cls] of [["Used it", "used", ""], ["Dismiss", "dismissed", "secondary"]]) {
    const b = text("button", label, cls);
    b.type = "button";
    b.addEventListener("click", async () => {
      await api(`/api/calls/${event.call_id}/interventions/${p.id}/feedback`, { method: "POST", body: { feedback: value } });
      el.dataset.feedback = value;
    });
    actions.append(b);
  }
  el.append(actions);
  return el;
}

async function selectCall(id) {
  state.selected = id;
  state.seen.clear();
  $("transcript").replaceChildren();
  $("events").replaceChildren();
  $("cards").replaceChildren();
  $("call-title").textContent = `Call ${id}`;
  renderCalls();
  const detail = await api(`/api/calls/${id}`);
  for (const event of detail.events) showEvent(event);
}

function onEvent(event) {
  const known = state.calls.get(event.call_id);
  if (event.type === "call.created" && !known) {
    state.calls.set(event.call_id, { id: event.call_id, started_at: event.ts, transport: event.payload.transport ?? "sim", live: true });
    renderCalls();
    if (!state.selected) selectCall(event.call_id);
  } else if (event.type === "call.ended" && known) {
    known.live = false;
    renderCalls();
  }
  showEvent(event);
}

async function main() {
  for (const call of await api("/api/calls?limit=50")) state.calls.set(call.id, call);
  renderCalls();
  openEventStream(onEvent, (s) => { $("status").dataset.state = s; $("status").textContent = s; });
  for (const [id, audio] of [["start-demo", false], ["start-voice-demo", true]]) {
    $(id).addEventListener("click", async () => {
      const call = await api("/api/sim/calls", { method: "POST", body: { script: "demo", speed: 1, audio } });
      state.calls.set(call.id, call);
      selectCall(call.id);
    });
  }
}

main();
