// The docs server driven by the official MCP TypeScript SDK's stdio client, as a Node-based IDE
// would: bad input first (sent raw through the SDK's transport where the client API would refuse
// it), then ordinary calls. Prints one JSON report; tests/mcp_manim_docs/test_ts_client.py checks it.
//
//   node ts_client.mjs PYTHON CACHE_DIR
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [python, cacheDir] = process.argv.slice(2);
const serverParams = { command: python, args: ["-m", "mcp_manim_docs", "--cache-dir", cacheDir] };
const TIMEOUT_MS = 60_000;

/** Every line the server writes, parsed, seen beside the SDK's own reading of stdout. */
function watchLines(transport) {
  const lines = [];
  const waiters = [];
  let buffer = "";
  transport._process.stdout.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, end)));
      buffer = buffer.slice(end + 1);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  const holds = (line, id) => (Array.isArray(line) ? line : [line]).some((m) => m.id === id);
  return async function replyTo(id) {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
      const found = lines.find((line) => holds(line, id));
      if (found) return found;
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    throw new Error(`no reply to ${JSON.stringify(id)}`);
  };
}

const rpc = (id, method, params) => ({ jsonrpc: "2.0", id, method, params });
const call = (id, name, args) => rpc(id, "tools/call", { name, arguments: args });
const halfEmoji = "😀".slice(0, 1); // a lone surrogate, as slicing a string in JS produces

// Raw messages; each reply carries its id (null for an id that is not a string or number).
const raw = [
  rpc("params-list", "tools/call", [1, 2]),
  rpc("params-string", "tools/call", "search_manim_docs"),
  rpc("params-number", "tools/call", 42),
  call("args-list", "search_manim_docs", ["circle"]),
  call("args-string", "search_manim_docs", "circle"),
  call("args-number", "search_manim_docs", 7),
  rpc("name-number", "tools/call", { name: 42, arguments: {} }),
  call("query-number", "search_manim_docs", { query: 42 }),
  call("limit-word", "search_manim_docs", { query: "circle", limit: "many" }),
  call("limit-zero", "search_manim_docs", { query: "circle", limit: 0 }),
  call("limit-huge", "search_manim_docs", { query: "circle", limit: 10000 }),
  call("surrogate-raw", "search_manim_docs", { query: `circle ${halfEmoji}` }),
  rpc("unknown-method", "resources/templates/list", {}),
  rpc(["id-list"], "ping", {}),
  [rpc("batch-1", "ping", {}), call("batch-2", "manim_version", {})],
  call("oversized", "validate_manim_code", { code: "x".repeat(5 * 1024 * 1024) }),
];

const report = { raw: {}, api: {}, before_initialize: {}, client_errors: 0 };

// Before initialize: the SDK's transport alone, no Client.
const bare = new StdioClientTransport({ ...serverParams, stderr: "inherit" });
bare.onmessage = () => {};
await bare.start();
const bareReply = watchLines(bare);
await bare.send(call("early", "search_manim_docs", { query: "circle" }));
report.before_initialize.early = await bareReply("early");
await bare.send(rpc("init", "initialize", {
  protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bare", version: "0" },
}));
report.before_initialize.init = await bareReply("init");
await bare.send(call("late", "search_manim_docs", { query: "circle" }));
report.before_initialize.late = await bareReply("late");
await bare.close();

// A connected Client, then hostile input through its transport.
const transport = new StdioClientTransport({ ...serverParams, stderr: "inherit" });
const client = new Client({ name: "ts-sdk-test", version: "0" });
client.onerror = () => { report.client_errors += 1; }; // replies to raw ids are unknown to it
await client.connect(transport);
report.server = client.getServerVersion();
const replyTo = watchLines(transport);

for (const message of raw) {
  const first = Array.isArray(message) ? message[0] : message;
  const id = typeof first.id === "string" ? first.id : null; // a bad id is answered as null
  await transport.send(message);
  report.raw[JSON.stringify(first.id)] = await replyTo(id);
}
// Bytes that are not UTF-8: alone on a line (no id to answer), and inside a query string.
transport._process.stdin.write(Buffer.from([0x7b, 0xff, 0xfe, 0x0a]));
transport._process.stdin.write(Buffer.concat([
  Buffer.from('{"jsonrpc":"2.0","id":"bad-utf8","method":"tools/call","params":{"name":"search_manim_docs","arguments":{"query":"circle '),
  Buffer.from([0xff, 0xc3]),
  Buffer.from('"}}}\n'),
]));
report.raw['"bad-utf8"'] = await replyTo("bad-utf8");

// The client API, where it lets bad input through.
const attempt = async (fn) => {
  try {
    return { result: await fn() };
  } catch (error) {
    return { thrown: String(error?.message ?? error), code: error?.code ?? null };
  }
};
report.api.unknown_tool = await attempt(() => client.callTool({ name: "no_such_tool", arguments: {} }));
report.api.validate_empty = await attempt(() => client.callTool({ name: "validate_manim_code", arguments: {} }));
report.api.surrogate = await attempt(() => client.callTool({ name: "search_manim_docs", arguments: { query: halfEmoji } }));
report.api.tools = (await client.listTools()).tools.map((t) => t.name);
report.api.search = await attempt(() =>
  client.callTool({ name: "search_manim_docs", arguments: { query: "make a number change smoothly" } }),
);
await client.close();
process.stdout.write(JSON.stringify(report) + "\n");
