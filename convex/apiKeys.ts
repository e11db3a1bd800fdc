// The REST API's keys and its replay memory (the signatures seen inside the replay window).
// Keys are found by the id the app gave them; each answer names the key's user.
import { v } from "convex/values";
import { Doc } from "./_generated/dataModel";
import { MutationCtx, QueryCtx } from "./_generated/server";
import { fail, serverMutation, serverQuery } from "./lib/guard";
import { requireUser } from "./lib/owned";
import { apiKeyRecord } from "./lib/records";

// Expired signatures dropped per write: enough to keep up with the writes, small enough that
// one mutation never reads much.
const PRUNE_BATCH = 100;

const byKeyId = (ctx: QueryCtx, keyId: string) =>
  ctx.db.query("apiKeys").withIndex("by_key_id", (q) => q.eq("keyId", keyId)).unique();

/** The key's record; null when its user is gone (as the SQL stores' join drops it). */
async function withUser(ctx: QueryCtx, key: Doc<"apiKeys">) {
  const user = await ctx.db.get(key.userId);
  return user === null ? null : apiKeyRecord(key, user);
}

export const create = serverMutation({
  args: { userId: v.string(), keyId: v.string(), salt: v.string(), secretCheck: v.string() },
  handler: async (ctx, { userId, keyId, salt, secretCheck }) => {
    const user = await requireUser(ctx, userId);
    if ((await byKeyId(ctx, keyId)) !== null) throw fail("conflict", `a key ${keyId} exists already`);
    const id = await ctx.db.insert("apiKeys", {
      keyId,
      userId: user._id,
      salt,
      secretCheck,
      createdAt: Date.now(),
      revokedAt: null,
    });
    return apiKeyRecord((await ctx.db.get(id))!, user);
  },
});

/** The key with this id, revoked or not; null if unknown. */
export const get = serverQuery({
  args: { keyId: v.string() },
  handler: async (ctx, { keyId }) => {
    const key = await byKeyId(ctx, keyId);
    return key === null ? null : await withUser(ctx, key);
  },
});

/** Every key, or one user's (none for an unknown name), oldest first. */
export const list = serverQuery({
  args: { userName: v.union(v.string(), v.null()) },
  handler: async (ctx, { userName }) => {
    let keys: Doc<"apiKeys">[];
    if (userName === null) {
      keys = await ctx.db.query("apiKeys").withIndex("by_created").collect();
    } else {
      const user = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", userName)).unique();
      if (user === null) return [];
      keys = await ctx.db
        .query("apiKeys")
        .withIndex("by_user_created", (q) => q.eq("userId", user._id))
        .collect();
    }
    const found = await Promise.all(keys.map((k) => withUser(ctx, k)));
    return found.filter((k) => k !== null);
  },
});

/** Revoke a live key; false when there is no live key with this id. */
export const revoke = serverMutation({
  args: { keyId: v.string() },
  handler: async (ctx, { keyId }) => {
    const key = await byKeyId(ctx, keyId);
    if (key === null || key.revokedAt !== null) return false;
    await ctx.db.patch(key._id, { revokedAt: Date.now() });
    return true;
  },
});

async function forgetExpiredSignatures(ctx: MutationCtx, now: number) {
  const expired = await ctx.db
    .query("apiSignatures")
    .withIndex("by_expiry", (q) => q.lt("expiresAt", now))
    .take(PRUNE_BATCH);
  await Promise.all(expired.map((s) => ctx.db.delete(s._id)));
}

/** Record a request's signature until `expiresAt` (ms); false if it was seen and has not
 * expired. Check and insert are one mutation, so of two instances given the same signature at
 * once, Convex's serializable transactions let only one accept it. */
export const rememberSignature = serverMutation({
  args: { keyId: v.string(), signature: v.string(), expiresAt: v.number() },
  handler: async (ctx, { keyId, signature, expiresAt }) => {
    const now = Date.now();
    await forgetExpiredSignatures(ctx, now);
    const seen = await ctx.db
      .query("apiSignatures")
      .withIndex("by_signature", (q) => q.eq("signature", signature))
      .unique();
    if (seen !== null && seen.expiresAt >= now) return false;
    if (seen !== null) await ctx.db.delete(seen._id);
    await ctx.db.insert("apiSignatures", { signature, keyId, expiresAt });
    return true;
  },
});
