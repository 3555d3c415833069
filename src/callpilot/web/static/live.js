// Talking to the server: JSON over fetch, and the live event stream with reconnects.
export async function api(path, { method = "GET", body } = {}) {
  const res = await fetch(path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export function openEventStream(onEvent, onStatus, { retryMs = 1000 } = {}) {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/events`;
  const ws = new WebSocket(url);
  ws.onopen = () => onStatus("live");
  ws.onmessage = (msg) => onEvent(JSON.parse(msg.data));
  ws.onclose = () => {
    onStatus("down");
    setTimeout(() => openEventStream(onEvent, onStatus, { retryMs: Math.min(retryMs * 2, 15000) }), retryMs);
  };
  return ws;
}
