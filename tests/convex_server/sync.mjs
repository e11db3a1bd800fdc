// Convex's sync protocol (GET /api/sync, a WebSocket), as the official Rust client (under the
// Python ConvexClient) speaks it: Connect, ModifyQuerySet → Transition, Mutation →
// MutationResponse then a Transition up to its ts, Action → ActionResponse.
// Message shapes: crates/convex/sync_types/src/types/json.rs in get-convex/convex-backend.
import { WebSocketServer } from "ws";
import { floatJson } from "./json.mjs";

// Convex values are spelled with floatJson; protocol counters (requestId, queryId, versions)
// must stay JSON integers, or the client drops the connection and resends.
const VALUE_KEYS = new Set(["value", "result", "errorData"]);

function frame(message) {
  const fields = Object.entries(message).map(([key, v]) => {
    let text;
    if (VALUE_KEYS.has(key)) text = floatJson(v);
    else if (key === "modifications") text = `[${v.map(frame).join(",")}]`;
    else text = JSON.stringify(v);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${fields.join(",")}}`;
}

/** A u64 timestamp as the protocol spells it: base64 of its 8 little-endian bytes. */
function tsText(ts) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(ts));
  return bytes.toString("base64");
}

let clock = 0; // one ts sequence for every connection: a mutation's ts orders all later reads

class Connection {
  constructor(socket, deployment) {
    this.socket = socket;
    this.deployment = deployment;
    this.queries = new Map(); // queryId → {udfPath, args}
    this.version = { querySet: 0, identity: 0, ts: 0 };
    this.queue = Promise.resolve(); // messages are handled in arrival order
    socket.on("message", (data) => {
      this.queue = this.queue.then(() => this.handle(JSON.parse(String(data)))).catch((error) => {
        this.send({ type: "FatalError", error: String(error?.stack ?? error) });
        socket.close();
      });
    });
  }

  send(message) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame(message));
  }

  async result(queryId, { udfPath, args }) {
    const outcome = await this.deployment.call("query", udfPath, args);
    if (outcome.status === "success") {
      return { type: "QueryUpdated", queryId, value: outcome.value, logLines: [], journal: null };
    }
    const failed = { type: "QueryFailed", queryId, errorMessage: outcome.errorMessage, logLines: [], journal: null };
    if ("errorData" in outcome) failed.errorData = outcome.errorData;
    return failed;
  }

  /** Move the client to `end`, with fresh results of the given queries. */
  transition(end, modifications) {
    const start = this.version;
    this.version = end;
    this.send({
      type: "Transition",
      startVersion: { ...start, ts: tsText(start.ts) },
      endVersion: { ...end, ts: tsText(end.ts) },
      modifications,
    });
  }

  async everyQuery() {
    return await Promise.all([...this.queries].map(([id, q]) => this.result(id, q)));
  }

  async handle(message) {
    switch (message.type) {
      case "Connect":
      case "Event":
        return;
      case "Authenticate":
        // No user auth here: the functions check the server secret instead.
        return this.transition({ ...this.version, identity: message.baseVersion + 1 }, []);
      case "ModifyQuerySet": {
        const modifications = [];
        for (const change of message.modifications) {
          if (change.type === "Add") {
            const args = Array.isArray(change.args) ? change.args[0] : change.args;
            const query = { udfPath: change.udfPath, args: args ?? {} };
            this.queries.set(change.queryId, query);
            modifications.push(await this.result(change.queryId, query));
          } else {
            this.queries.delete(change.queryId);
            modifications.push({ type: "QueryRemoved", queryId: change.queryId });
          }
        }
        return this.transition({ ...this.version, querySet: message.newVersion, ts: ++clock }, modifications);
      }
      case "Mutation":
      case "Action": {
        const kind = message.type === "Mutation" ? "mutation" : "action";
        const args = Array.isArray(message.args) ? message.args[0] : message.args;
        const outcome = await this.deployment.call(kind, message.udfPath, args ?? {});
        const ok = outcome.status === "success";
        const response = {
          type: `${message.type}Response`,
          requestId: message.requestId,
          success: ok,
          result: ok ? outcome.value : outcome.errorMessage,
          logLines: [],
        };
        if (!ok && "errorData" in outcome) response.errorData = outcome.errorData;
        if (kind === "action") return this.send(response);
        // A mutation resolves once the client has seen a Transition at or past its ts; one
        // that threw a ConvexError waits for the next Transition too.
        const ts = ++clock;
        this.send({ ...response, ts: ok ? tsText(ts) : null });
        return this.transition({ ...this.version, ts }, await this.everyQuery());
      }
      default:
        throw new Error(`unknown message type ${message.type}`);
    }
  }
}

/** Serve the sync protocol on `server` (an http.Server) at /api/sync. */
export function serveSync(server, deployment) {
  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url, "http://localhost").pathname !== "/api/sync") return socket.destroy();
    sockets.handleUpgrade(request, socket, head, (ws) => new Connection(ws, deployment));
  });
  return () => {
    for (const client of sockets.clients) client.terminate();
    sockets.close();
  };
}
