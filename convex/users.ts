// Users, passwords (hashes made by the app) and login sessions (kept by a hash of their id).
import { v } from "convex/values";
import { MutationCtx } from "./_generated/server";
import { serverMutation, serverQuery } from "./lib/guard";
import { requireUser } from "./lib/owned";
import { projectRecord, userRecord } from "./lib/records";

const DEFAULT_PROJECT_NAME = "Lessons";

async function ensureUser(ctx: MutationCtx, name: string) {
  const found = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", name)).unique();
  if (found !== null) return found;
  const id = await ctx.db.insert("users", { name, createdAt: Date.now() });
  return (await ctx.db.get(id))!;
}

async function forgetExpiredSessions(ctx: MutationCtx) {
  const expired = await ctx.db
    .query("loginSessions")
    .withIndex("by_expiry", (q) => q.lte("expiresAt", Date.now()))
    .take(100);
  await Promise.all(expired.map((s) => ctx.db.delete(s._id)));
}

export const ensure = serverMutation({
  args: { name: v.string() },
  handler: async (ctx, { name }) => userRecord(await ensureUser(ctx, name)),
});

export const get = serverQuery({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    const found = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", name)).unique();
    return found === null ? null : userRecord(found);
  },
});

export const list = serverQuery({
  args: {},
  handler: async (ctx) => (await ctx.db.query("users").withIndex("by_name").collect()).map(userRecord),
});

export const defaultProject = serverMutation({
  args: { userId: v.string() },
  handler: async (ctx, { userId }) => {
    const user = await requireUser(ctx, userId);
    const found = await ctx.db
      .query("projects")
      .withIndex("by_owner_default", (q) => q.eq("ownerId", user._id).eq("isDefault", true))
      .unique();
    if (found !== null) return projectRecord(found);
    const id = await ctx.db.insert("projects", {
      ownerId: user._id,
      name: DEFAULT_PROJECT_NAME,
      isDefault: true,
      createdAt: Date.now(),
    });
    return projectRecord((await ctx.db.get(id))!);
  },
});

export const setPasswordHash = serverMutation({
  args: { name: v.string(), passwordHash: v.string() },
  handler: async (ctx, { name, passwordHash }) => {
    const user = await ensureUser(ctx, name);
    const found = await ctx.db.query("credentials").withIndex("by_user", (q) => q.eq("userId", user._id)).unique();
    if (found === null) {
      await ctx.db.insert("credentials", { userId: user._id, passwordHash, updatedAt: Date.now() });
    } else {
      await ctx.db.patch(found._id, { passwordHash, updatedAt: Date.now() });
    }
    return userRecord(user);
  },
});

export const hasPasswordLogins = serverQuery({
  args: {},
  handler: async (ctx) => (await ctx.db.query("credentials").first()) !== null,
});

/** The user and their password hash (null without a password); null for an unknown name. */
export const withHash = serverQuery({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    const user = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", name)).unique();
    if (user === null) return null;
    const found = await ctx.db.query("credentials").withIndex("by_user", (q) => q.eq("userId", user._id)).unique();
    return { user: userRecord(user), password_hash: found === null ? null : found.passwordHash };
  },
});

export const openSession = serverMutation({
  args: { userId: v.string(), idHash: v.string(), lifetimeS: v.number() },
  handler: async (ctx, { userId, idHash, lifetimeS }) => {
    const user = await requireUser(ctx, userId);
    await forgetExpiredSessions(ctx);
    const now = Date.now();
    await ctx.db.insert("loginSessions", {
      idHash,
      userId: user._id,
      createdAt: now,
      expiresAt: now + lifetimeS * 1000,
    });
    return null;
  },
});

export const sessionUser = serverQuery({
  args: { idHash: v.string() },
  handler: async (ctx, { idHash }) => {
    const session = await ctx.db.query("loginSessions").withIndex("by_id_hash", (q) => q.eq("idHash", idHash)).unique();
    if (session === null || session.expiresAt <= Date.now()) return null;
    const user = await ctx.db.get(session.userId);
    return user === null ? null : userRecord(user);
  },
});

export const endSession = serverMutation({
  args: { idHash: v.string() },
  handler: async (ctx, { idHash }) => {
    const session = await ctx.db.query("loginSessions").withIndex("by_id_hash", (q) => q.eq("idHash", idHash)).unique();
    if (session === null) return false;
    await ctx.db.delete(session._id);
    return true;
  },
});

export const endUserSessions = serverMutation({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    await forgetExpiredSessions(ctx);
    const user = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", name)).unique();
    if (user === null) return 0;
    const live = await ctx.db.query("loginSessions").withIndex("by_user", (q) => q.eq("userId", user._id)).collect();
    await Promise.all(live.map((s) => ctx.db.delete(s._id)));
    return live.length;
  },
});
