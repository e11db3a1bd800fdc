// The REST API's jobs and the log of its webhook deliveries. A job is read only as its user's:
// another user's job is "not found", with the same message as a missing one.
import { v } from "convex/values";
import { QueryCtx } from "./_generated/server";
import { fail, serverMutation, serverQuery } from "./lib/guard";
import { requireUser } from "./lib/owned";
import { apiJobRecord, webhookAttemptRecord } from "./lib/records";
import { jobKind, jobState, sceneStep } from "./schema";

// The same words as the SQL stores: the API shows them in its 404.
const noJob = (jobId: string) => fail("not_found", `No job ${jobId}.`);

const byJobId = (ctx: QueryCtx, jobId: string) =>
  ctx.db.query("apiJobs").withIndex("by_job_id", (q) => q.eq("jobId", jobId)).unique();

export const create = serverMutation({
  args: {
    userId: v.string(),
    jobId: v.string(),
    keyId: v.string(),
    kind: jobKind,
    lessonId: v.union(v.string(), v.null()),
    scene: v.union(v.number(), v.null()),
    webhookUrl: v.union(v.string(), v.null()),
  },
  handler: async (ctx, { userId, jobId, ...job }) => {
    const user = await requireUser(ctx, userId);
    if ((await byJobId(ctx, jobId)) !== null) throw fail("conflict", `a job ${jobId} exists already`);
    const now = Date.now();
    const id = await ctx.db.insert("apiJobs", {
      ...job,
      jobId,
      userId: user._id,
      state: "queued",
      progress: [],
      error: null,
      createdAt: now,
      updatedAt: now,
    });
    return apiJobRecord((await ctx.db.get(id))!);
  },
});

/** Move a job along; the fields given as null keep their values. */
export const update = serverMutation({
  args: {
    jobId: v.string(),
    state: v.union(jobState, v.null()),
    lessonId: v.union(v.string(), v.null()),
    progress: v.union(v.array(sceneStep), v.null()),
    error: v.union(v.string(), v.null()),
  },
  handler: async (ctx, { jobId, state, lessonId, progress, error }) => {
    const job = await byJobId(ctx, jobId);
    if (job === null) throw noJob(jobId);
    await ctx.db.patch(job._id, {
      state: state ?? job.state,
      lessonId: lessonId ?? job.lessonId,
      progress: progress ?? job.progress,
      error: error ?? job.error,
      updatedAt: Date.now(),
    });
    return apiJobRecord((await ctx.db.get(job._id))!);
  },
});

/** The user's job; not found for another user's, as for a missing one. */
export const get = serverQuery({
  args: { userId: v.string(), jobId: v.string() },
  handler: async (ctx, { userId, jobId }) => {
    const job = await byJobId(ctx, jobId);
    if (job === null || job.userId !== userId) throw noJob(jobId);
    return apiJobRecord(job);
  },
});

export const addWebhookAttempt = serverMutation({
  args: {
    attemptId: v.string(),
    jobId: v.string(),
    url: v.string(),
    attempt: v.number(),
    status: v.union(v.number(), v.null()),
    error: v.union(v.string(), v.null()),
    at: v.number(),
    durationMs: v.number(),
  },
  handler: async (ctx, attempt) => {
    await ctx.db.insert("webhookAttempts", attempt);
    return null;
  },
});

/** The newest `limit` attempts (or one job's), oldest first. */
export const webhookAttempts = serverQuery({
  args: { jobId: v.union(v.string(), v.null()), limit: v.number() },
  handler: async (ctx, { jobId, limit }) => {
    const newest =
      jobId === null
        ? ctx.db.query("webhookAttempts").withIndex("by_at").order("desc")
        : ctx.db.query("webhookAttempts").withIndex("by_job_at", (q) => q.eq("jobId", jobId)).order("desc");
    const found = await newest.take(Math.max(0, Math.floor(limit)));
    return found.reverse().map(webhookAttemptRecord);
  },
});
