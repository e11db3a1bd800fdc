// A fresh in-memory deployment of our functions, and a caller that holds the server secret.
import { convexTest } from "convex-test";
import { anyApi } from "convex/server";
import schema from "../../convex/schema";

export const SECRET = "test-secret-0123456789";
export const api = anyApi;
const modules = import.meta.glob("../../convex/**/*.*s");

export function deployment() {
  process.env.TUTOR_CONVEX_SECRET = SECRET;
  return convexTest(schema, modules);
}

export const DRAFTS = [1, 2, 3].map((i) => ({ title: `S${i}`, goal: `g${i}`, narration: `n${i}`, visual: `v${i}` }));
