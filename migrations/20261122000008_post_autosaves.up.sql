-- The editor's autosaved drafts: the whole editor form as the writer left
-- it, one per writer per post (or per key the server gave a new post's
-- editor), kept until the writer saves the post or discards the changes.
create table post_autosaves (
    user_id uuid not null references users (id) on delete cascade,
    draft_key uuid not null,
    post_id uuid references posts (id) on delete cascade,
    -- The post version the writer started from (null for a new post).
    base_version integer,
    form jsonb not null,
    saved_at timestamptz not null default now(),
    primary key (user_id, draft_key)
);

create index post_autosaves_post on post_autosaves (post_id) where post_id is not null;
