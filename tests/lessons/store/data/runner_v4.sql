-- A lesson store file as the hand-written migration runner (before Alembic) left it at
-- schema version 4, with one of each record: `sqlite3.Connection.iterdump()` of that file.
BEGIN TRANSACTION;
CREATE TABLE credentials (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                password_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
INSERT INTO "credentials" VALUES('u1','scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=','2025-06-01T10:00:00.000000+00:00');
CREATE TABLE exports (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                video_key TEXT NOT NULL,
                chapters_key TEXT NOT NULL,
                subtitles_key TEXT NOT NULL,
                duration_s REAL NOT NULL,
                scene_versions TEXT NOT NULL,  -- JSON list of version numbers
                created_at TEXT NOT NULL,
                UNIQUE (lesson_id, number)
            );
INSERT INTO "exports" VALUES('e1','l1',1,'x/v.mp4','x/c.vtt','x/s.srt',3.14159265358979311599e+00,'[1]','2025-06-01T10:05:00.000000+00:00');
CREATE TABLE lessons (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                prompt TEXT NOT NULL,
                session_id TEXT NOT NULL,
                quality TEXT NOT NULL CHECK (quality IN ('low', 'medium', 'high')),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                -- Orders lessons by update without trusting clock resolution.
                updated_seq INTEGER NOT NULL
            );
INSERT INTO "lessons" VALUES('l1','u1','p1','Circles','explain circles','chat-1','low','2025-06-01T10:00:01.000000+00:00','2025-06-01T10:05:00.000000+00:00',1);
CREATE TABLE login_sessions (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            );
CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                created_at TEXT NOT NULL
            );
INSERT INTO "projects" VALUES('p1','u1','Lessons',1,'2025-06-01T10:00:01.000000+00:00');
CREATE TABLE scene_versions (
                id TEXT PRIMARY KEY,
                scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                code TEXT NOT NULL,
                note TEXT NOT NULL,
                parent_number INTEGER,
                status TEXT NOT NULL
                    CHECK (status IN ('pending', 'rendering', 'ok', 'failed')),
                clip_key TEXT,
                poster_key TEXT,
                duration_s REAL,
                error TEXT,  -- RenderError as JSON
                created_at TEXT NOT NULL,
                UNIQUE (scene_id, number)
            );
INSERT INTO "scene_versions" VALUES('v1','s1',1,'from manim import *','',NULL,'ok','renders/a.mp4','renders/a.png',3.14159265358979311599e+00,NULL,'2025-06-01T10:01:00.000000+00:00');
CREATE TABLE scenes (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                n INTEGER NOT NULL CHECK (n >= 1),
                title TEXT NOT NULL,
                goal TEXT NOT NULL,
                narration TEXT NOT NULL,
                visual TEXT NOT NULL,
                pinned_version INTEGER,
                UNIQUE (lesson_id, n)
            );
INSERT INTO "scenes" VALUES('s1','l1',1,'A circle','g','n','v',NULL);
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
);
INSERT INTO "schema_version" VALUES(1,'users, projects, lessons, scenes, scene versions, exports','2025-06-01T09:00:00+00:00');
INSERT INTO "schema_version" VALUES(2,'password logins','2025-06-01T09:00:00+00:00');
INSERT INTO "schema_version" VALUES(3,'login sessions','2025-06-01T09:00:00+00:00');
INSERT INTO "schema_version" VALUES(4,'share links','2025-06-01T09:00:00+00:00');
CREATE TABLE shares (
                token TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            );
INSERT INTO "shares" VALUES('tok-1','l1','2025-06-01T10:06:00.000000+00:00',NULL,NULL);
CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );
INSERT INTO "users" VALUES('u1','ada','2025-06-01T10:00:00.000000+00:00');
CREATE UNIQUE INDEX projects_default ON projects(owner_id) WHERE is_default = 1;
CREATE INDEX lessons_owner ON lessons(owner_id, updated_seq);
CREATE INDEX lessons_session ON lessons(owner_id, session_id, updated_seq);
CREATE INDEX login_sessions_user ON login_sessions(user_id);
CREATE INDEX shares_lesson ON shares(lesson_id, created_at);
COMMIT;
