// Documents → the records the Python store returns (lessons/store/records.py), field for field.
import { Doc } from "../_generated/dataModel";

export const userRecord = (u: Doc<"users">) => ({ id: u._id, name: u.name, created_at: u.createdAt });

export const projectRecord = (p: Doc<"projects">) => ({
  id: p._id,
  owner_id: p.ownerId,
  name: p.name,
  created_at: p.createdAt,
});

export const lessonRecord = (l: Doc<"lessons">) => ({
  id: l._id,
  owner_id: l.ownerId,
  project_id: l.projectId,
  title: l.title,
  prompt: l.prompt,
  session_id: l.sessionId,
  quality: l.quality,
  created_at: l.createdAt,
  updated_at: l.updatedAt,
});

export const sceneRecord = (s: Doc<"scenes">) => ({
  id: s._id,
  lesson_id: s.lessonId,
  n: s.n,
  title: s.title,
  goal: s.goal,
  narration: s.narration,
  visual: s.visual,
  pinned_version: s.pinnedVersion,
});

export const versionRecord = (v: Doc<"sceneVersions">) => ({
  id: v._id,
  scene_id: v.sceneId,
  number: v.number,
  code: v.code,
  note: v.note,
  parent_number: v.parentNumber,
  status: v.status,
  clip_key: v.clipKey,
  poster_key: v.posterKey,
  duration_s: v.durationS,
  error: v.error,
  created_at: v.createdAt,
  rendered_by: v.renderedBy ?? null,
  layout: v.layout ?? [],
  narration: v.narration ?? null,
});

export const exportRecord = (e: Doc<"exports">) => ({
  id: e._id,
  lesson_id: e.lessonId,
  number: e.number,
  video_key: e.videoKey,
  chapters_key: e.chaptersKey,
  subtitles_key: e.subtitlesKey,
  duration_s: e.durationS,
  scene_versions: e.sceneVersions,
  created_at: e.createdAt,
});

export const shareRecord = (s: Doc<"shares">) => ({
  token: s.token,
  lesson_id: s.lessonId,
  created_at: s.createdAt,
  expires_at: s.expiresAt,
  revoked_at: s.revokedAt,
});

export const apiKeyRecord = (k: Doc<"apiKeys">, user: Doc<"users">) => ({
  id: k.keyId,
  user_id: k.userId,
  user_name: user.name,
  salt: k.salt,
  secret_check: k.secretCheck,
  created_at: k.createdAt,
  revoked_at: k.revokedAt,
});

export const apiJobRecord = (j: Doc<"apiJobs">) => ({
  id: j.jobId,
  user_id: j.userId,
  key_id: j.keyId,
  kind: j.kind,
  lesson_id: j.lessonId,
  scene: j.scene,
  state: j.state,
  progress: j.progress,
  error: j.error,
  webhook_url: j.webhookUrl,
  created_at: j.createdAt,
  updated_at: j.updatedAt,
});

export const webhookAttemptRecord = (w: Doc<"webhookAttempts">) => ({
  id: w.attemptId,
  job_id: w.jobId,
  url: w.url,
  attempt: w.attempt,
  status: w.status,
  error: w.error,
  at: w.at,
  duration_ms: w.durationMs,
});
