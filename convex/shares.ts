// Share links. Made, listed and revoked by the lesson's owner; found by token alone (the
// token is the permission), while neither revoked nor expired.
import { v } from "convex/values";
import { Doc } from "./_generated/dataModel";
import { fail, serverMutation, serverQuery } from "./lib/guard";
import { ownedLesson } from "./lib/owned";
import { lessonRecord, shareRecord, userRecord } from "./lib/records";

// Tokens are 32 URL-safe characters; anything much longer is not one of ours.
const MAX_TOKEN_CHARS = 128;

const isLive = (s: Doc<"shares">, now: number) => s.revokedAt === null && (s.expiresAt === null || s.expiresAt > now);

export const create = serverMutation({
  args: { userId: v.string(), lessonId: v.string(), token: v.string(), expiresAt: v.union(v.number(), v.null()) },
  handler: async (ctx, { userId, lessonId, token, expiresAt }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const taken = await ctx.db.query("shares").withIndex("by_token", (q) => q.eq("token", token)).first();
    if (taken !== null) throw fail("conflict", "this share token is already used; make a new one");
    const id = await ctx.db.insert("shares", {
      token,
      lessonId: lesson._id,
      createdAt: Date.now(),
      expiresAt,
      revokedAt: null,
    });
    return shareRecord((await ctx.db.get(id))!);
  },
});

export const find = serverQuery({
  args: { token: v.string() },
  handler: async (ctx, { token }) => {
    if (!token || token.length > MAX_TOKEN_CHARS) return null;
    const share = await ctx.db.query("shares").withIndex("by_token", (q) => q.eq("token", token)).first();
    if (share === null || !isLive(share, Date.now())) return null;
    const lesson = (await ctx.db.get(share.lessonId))!;
    const owner = (await ctx.db.get(lesson.ownerId))!;
    return { owner: userRecord(owner), lesson: lessonRecord(lesson), share: shareRecord(share) };
  },
});

export const active = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const now = Date.now();
    const all = await ctx.db.query("shares").withIndex("by_lesson", (q) => q.eq("lessonId", lesson._id)).order("desc").collect();
    const live = all.find((s) => isLive(s, now));
    return live === undefined ? null : shareRecord(live);
  },
});

export const revoke = serverMutation({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const now = Date.now();
    const all = await ctx.db.query("shares").withIndex("by_lesson", (q) => q.eq("lessonId", lesson._id)).collect();
    const live = all.filter((s) => isLive(s, now));
    await Promise.all(live.map((s) => ctx.db.patch(s._id, { revokedAt: now })));
    return live.length;
  },
});
