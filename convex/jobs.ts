// Lessons from the Manim Tutor REST API, asked for by this Convex deployment with a signed
// request (the key's id and secret live in the deployment's environment, never in a client).
//
// Internal: they spend the API key, so no browser may call them. The app's own functions do,
// after their own checks: `ctx.scheduler.runAfter(0, internal.jobs.requestLesson, {...})`
// from a mutation, `await ctx.runAction(internal.jobs.requestLesson, {...})` from an action,
// or `npx convex run jobs:requestLesson '{"prompt": "..."}'` from a terminal.
import { v } from "convex/values";
import { internalAction } from "./_generated/server";
import { callTutorApi, configFromEnv } from "./lib/tutorApi";

const quality = v.union(v.literal("low"), v.literal("medium"), v.literal("high"));

// A job as GET /api/v1/jobs/{id} shows it (state, per-scene progress, lesson id once named…).
type Job = { id: string; state: string; lesson_id: string | null } & Record<string, unknown>;

/** POST /api/v1/lessons: { lesson (its id, or null until the plan names it), job }. */
export const requestLesson = internalAction({
  args: { prompt: v.string(), quality: v.optional(quality), webhookUrl: v.optional(v.string()) },
  handler: async (_ctx, { prompt, quality, webhookUrl }): Promise<{ lesson: string | null; job: Job }> => {
    const body: Record<string, string> = { prompt };
    if (quality !== undefined) body.quality = quality;
    if (webhookUrl !== undefined) body.webhook_url = webhookUrl;
    return (await callTutorApi(configFromEnv(), "POST", "/lessons", body)) as { lesson: string | null; job: Job };
  },
});

/** GET /api/v1/jobs/{id}: the job's state and progress. */
export const jobStatus = internalAction({
  args: { job: v.string() },
  handler: async (_ctx, { job }): Promise<Job> => {
    return (await callTutorApi(configFromEnv(), "GET", `/jobs/${encodeURIComponent(job)}`)) as Job;
  },
});
