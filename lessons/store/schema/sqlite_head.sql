-- revision 0008
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );

CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                created_at TEXT NOT NULL
            );

CREATE UNIQUE INDEX projects_default ON projects(owner_id) WHERE is_default = 1;

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

CREATE INDEX lessons_owner ON lessons(owner_id, updated_seq);

CREATE INDEX lessons_session ON lessons(owner_id, session_id, updated_seq);

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
                created_at TEXT NOT NULL, rendered_by TEXT, layout TEXT, narration TEXT,
                UNIQUE (scene_id, number)
            );

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

CREATE TABLE credentials (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                password_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );

CREATE TABLE login_sessions (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            );

CREATE INDEX login_sessions_user ON login_sessions(user_id);

CREATE TABLE shares (
                token TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            );

CREATE INDEX shares_lesson ON shares(lesson_id, created_at);

CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                salt TEXT NOT NULL,
                secret_check TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            );

CREATE TABLE api_signatures (
                signature TEXT PRIMARY KEY,
                key_id TEXT NOT NULL,
                expires_at REAL NOT NULL
            );

CREATE INDEX api_signatures_expiry ON api_signatures(expires_at);

CREATE TABLE api_jobs (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                key_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                lesson_id TEXT,
                scene INTEGER,
                state TEXT NOT NULL,
                progress TEXT NOT NULL,
                error TEXT,
                webhook_url TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );

CREATE INDEX api_jobs_user ON api_jobs(user_id, created_at);

CREATE TABLE webhook_attempts (
                id TEXT PRIMARY KEY,
                job_id TEXT NOT NULL,
                url TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                status INTEGER,
                error TEXT,
                at TEXT NOT NULL,
                duration_ms INTEGER NOT NULL
            );

CREATE INDEX webhook_attempts_job ON webhook_attempts(job_id, at);

INSERT INTO alembic_version (version_num) VALUES ('0008');
