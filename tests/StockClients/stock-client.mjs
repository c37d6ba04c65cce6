// Starts clients of the hub exactly as a React team writes them with the official
// @microsoft/signalr package: SSE, a token factory, withAutomaticReconnect() with its default
// delays and nothing more. The tests read what happens from one JSON line per event on stdout
// and steer the clients with lines on stdin: `start <i>`, `stop <i>`, `stop`.
//
//   SECRET_KEY=... node stock-client.mjs --url http://127.0.0.1:5080 --users alice,alice,bob
//     [--token-lifetime 3600] [--keep-alive-ms 15000] [--server-timeout-ms 30000] [--no-start]
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { emit, requireSecret, tokenMinter } from "./harness.mjs";
import * as signalR from "@microsoft/signalr";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    users: { type: "string" },
    "token-lifetime": { type: "string", default: "3600" },
    "keep-alive-ms": { type: "string", default: "15000" },
    "server-timeout-ms": { type: "string", default: "30000" },
    "no-start": { type: "boolean", default: false },
  },
});
const secret = requireSecret(args, "usage: SECRET_KEY=... node stock-client.mjs --url <hub base url> --users <id,id,...>");
const mintToken = tokenMinter(secret, Number(args["token-lifetime"]));

const errorText = (error) => (error ? String(error.message ?? error) : null);

function createClient(index, user) {
  const client = { index, user };
  // The app's own state: seqs shown, and the highest seq below which nothing is missing.
  const shown = new Set();
  let caughtUp = 0;

  const show = (notification) => {
    if (notification.seq <= caughtUp || shown.has(notification.seq)) {
      emit(client, "duplicate", { seq: notification.seq });
      return;
    }
    shown.add(notification.seq);
    while (shown.has(caughtUp + 1)) caughtUp++;
    emit(client, "notification", { seq: notification.seq });
  };

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${args.url}/api/v1/notifications/hub`, {
      transport: signalR.HttpTransportType.ServerSentEvents,
      accessTokenFactory: () => {
        emit(client, "token_requested");
        return mintToken(user);
      },
    })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.keepAliveIntervalInMilliseconds = Number(args["keep-alive-ms"]);
  connection.serverTimeoutInMilliseconds = Number(args["server-timeout-ms"]);

  // What the contract asks of every client: resume from what it has, page by page.
  const resume = async () => {
    try {
      let after = caughtUp;
      for (;;) {
        const page = await connection.invoke("ResumeFrom", after);
        for (const notification of page.notifications) show(notification);
        if (page.removed_through_seq > caughtUp) caughtUp = page.removed_through_seq;
        after = page.notifications.reduce((last, n) => Math.max(last, n.seq), after);
        if (!page.has_more) return;
      }
    } catch (error) {
      emit(client, "resume_failed", { error: errorText(error) });
    }
  };

  connection.on("ConnectionEstablished", (info) => {
    emit(client, "connected", { connection_id: info.connection_id, instance_id: info.instance_id, last_seq: info.last_seq });
    resume();
  });
  connection.on("ResumeRequested", () => resume());
  connection.on("Notification", show);
  connection.on("InboxChanged", () => {});
  connection.onreconnecting((error) => emit(client, "reconnecting", { error: errorText(error) }));
  connection.onreconnected(() => emit(client, "reconnected"));
  connection.onclose((error) => emit(client, "closed", { error: errorText(error) }));

  client.start = async () => {
    try {
      await connection.start();
      emit(client, "started");
    } catch (error) {
      const status = /Status code '(\d+)'/.exec(errorText(error))?.[1];
      emit(client, "start_failed", { error: errorText(error), status: status ? Number(status) : null });
    }
  };
  client.stop = () => connection.stop();
  return client;
}

const clients = args.users.split(",").map((user, index) => createClient(index, user));
if (!args["no-start"]) {
  // One after another, as separate browsers would open the app.
  for (const client of clients) await client.start();
}

for await (const line of createInterface({ input: process.stdin })) {
  const [command, index] = line.trim().split(/\s+/);
  const targets = index === undefined ? clients : [clients[Number(index)]];
  if (command === "start") targets.forEach((client) => client.start());
  else if (command === "stop") {
    await Promise.all(targets.map((client) => client.stop()));
    if (index === undefined) break;
  }
}
process.exit(0);
