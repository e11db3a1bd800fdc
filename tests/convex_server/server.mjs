// A stand-in Convex backend for the tests: our functions in convex-test behind the APIs the
// official clients speak — POST /api/query|mutation|action (HTTP) and GET /api/sync (the
// WebSocket sync protocol) — on 127.0.0.1 only.
// Test-only routes: POST /__test/reset (empty every table), GET /__test/counts, and
// POST /__test/env {NAME: value | null} (the deployment's environment variables, as
// `npx convex env set|remove` sets them: the functions read process.env).
// /api/action also runs internal functions, as `npx convex run` does with the admin key.
// Prints "listening PORT" once ready; exits on SIGTERM.
import http from "node:http";
import { Deployment } from "./deployment.mjs";
import { floatJson } from "./json.mjs";
import { serveSync } from "./sync.mjs";

const deployment = new Deployment();
const KINDS = { "/api/query": "query", "/api/mutation": "mutation", "/api/action": "action" };

async function body(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(response, status, payload) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(floatJson(payload));
}

async function handle(request, response) {
  const path = new URL(request.url, "http://localhost").pathname;
  if (request.method === "POST" && path in KINDS) {
    let parsed;
    try {
      parsed = JSON.parse(await body(request));
    } catch {
      return reply(response, 400, { code: "BadJson", message: "the request body is not JSON" });
    }
    return reply(response, 200, await deployment.call(KINDS[path], parsed.path, parsed.args));
  }
  if (request.method === "POST" && path === "/__test/reset") {
    deployment.reset();
    return reply(response, 200, { ok: true });
  }
  if (request.method === "POST" && path === "/__test/env") {
    for (const [name, value] of Object.entries(JSON.parse(await body(request)))) {
      if (value === null) delete process.env[name];
      else process.env[name] = String(value);
    }
    return reply(response, 200, { ok: true });
  }
  if (request.method === "GET" && path === "/__test/counts") {
    return reply(response, 200, await deployment.counts());
  }
  return reply(response, 404, { code: "NotFound", message: `no route ${request.method} ${path}` });
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => reply(response, 500, { code: "Internal", message: String(error) }));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
const stopSync = serveSync(server, deployment);
const stop = () => {
  stopSync();
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
