// Reads the hub's plain stream (/api/v1/notifications/stream) with the eventsource package, a
// WHATWG EventSource, as a browser app would: the EventSource reconnects by itself, sending
// Last-Event-ID, after every drop; the app only opens a new one, with ?last_event_id=, once an
// EventSource has given up (a refused reconnect closes it for good, as the standard says).
// Its one change from a browser's: the token goes in a header (fresh on each connect) rather
// than in the URL. Every event is reported as it arrives, duplicates included, one JSON line
// each, for the tests to count; `stop` on stdin ends it.
//
//   SECRET_KEY=... node event-source.mjs --url http://127.0.0.1:5080 --users alice,bob
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { emit, requireSecret, tokenMinter } from "./harness.mjs";
import { EventSource } from "eventsource";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    users: { type: "string" },
    "token-lifetime": { type: "string", default: "3600" },
  },
});
const secret = requireSecret(args, "usage: SECRET_KEY=... node event-source.mjs --url <hub base url> --users <id,id,...>");
const mintToken = tokenMinter(secret, Number(args["token-lifetime"]));

function createClient(index, user) {
  const client = { index, user, lastEventId: "" };

  const open = () => {
    const url = new URL("/api/v1/notifications/stream", args.url);
    if (client.lastEventId) url.searchParams.set("last_event_id", client.lastEventId);
    const source = new EventSource(url, {
      fetch: (input, init) => {
        emit(client, "token_requested");
        return fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${mintToken(user)}` } });
      },
    });
    client.source = source;
    const track = (event) => {
      if (event.lastEventId) client.lastEventId = event.lastEventId;
    };
    source.addEventListener("connection.established", (event) => {
      track(event);
      const info = JSON.parse(event.data);
      emit(client, "connected", { connection_id: info.connection_id, instance_id: info.instance_id, last_seq: info.last_seq });
    });
    source.addEventListener("notification", (event) => {
      track(event);
      emit(client, "notification", { seq: JSON.parse(event.data).seq });
    });
    source.addEventListener("history.removed", track);
    source.addEventListener("reconnect", (event) => emit(client, "server_closing", { error: JSON.parse(event.data).reason }));
    source.onerror = (event) => {
      if (source.readyState === EventSource.CLOSED) {
        // Given up (a refused connect): the app opens a new one where this one stood.
        emit(client, "closed", { error: event.message ?? null, status: event.code ?? null });
        if (!client.stopped) setTimeout(open, 1000);
      } else {
        emit(client, "reconnecting", { error: event.message ?? null });
      }
    };
  };
  client.start = () => {
    client.stopped = false;
    open();
    emit(client, "started");
  };
  client.stop = () => {
    client.stopped = true;
    client.source?.close();
  };
  return client;
}

const clients = args.users.split(",").map((user, index) => createClient(index, user));
for (const client of clients) client.start();

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "stop") break;
}
clients.forEach((client) => client.stop());
process.exit(0);
