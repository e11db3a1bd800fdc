// Our real Convex functions (convex/) in an in-memory convex-test deployment, called by path
// ("lessons:create") with Convex-encoded JSON arguments, as a Convex backend calls them.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex } from "convex/values";

const ROOT = fileURLToPath(new URL("../../convex/", import.meta.url));

function moduleMap() {
  const found = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        found["./convex/" + relative(ROOT, path)] = () => import(pathToFileURL(path).href);
      }
    }
  };
  walk(ROOT);
  return found;
}

const schema = (await import(pathToFileURL(join(ROOT, "schema.ts")).href)).default;
const modules = moduleMap();

export class Deployment {
  constructor() {
    this.reset();
  }

  /** Forget every document: a fresh, empty deployment. */
  reset() {
    this.t = convexTest(schema, modules);
  }

  /** Run one function; the outcome as Convex's HTTP API reports it. */
  async call(kind, path, encodedArgs) {
    const ref = makeFunctionReference(path);
    try {
      const value = await this.t[kind](ref, jsonToConvex(encodedArgs ?? {}));
      return { status: "success", value: convexToJson(value === undefined ? null : value), logLines: [] };
    } catch (error) {
      const failed = { status: "error", errorMessage: String(error?.message ?? error), logLines: [] };
      if (error instanceof ConvexError || error?.data !== undefined) failed.errorData = convexToJson(error.data);
      return failed;
    }
  }

  /** How many documents each table holds (what the tests check the data landed in). */
  async counts() {
    return await this.t.run(async (ctx) => {
      const tables = [
        "users", "credentials", "loginSessions", "projects", "lessons", "scenes", "sceneVersions", "exports", "shares",
        "apiKeys", "apiSignatures", "apiJobs", "webhookAttempts",
      ];
      const counts = {};
      for (const table of tables) counts[table] = (await ctx.db.query(table).collect()).length;
      return counts;
    });
  }
}
