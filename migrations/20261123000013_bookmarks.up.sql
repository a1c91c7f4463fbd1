-- Bookmarks: a person's saved posts, each with a note and tags, optionally
-- in one of their folders (named, coloured, private or public).
create table bookmark_folders (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users (id) on delete cascade,
  name         text not null check (length(name) between 1 and 40),
  description  text check (length(description) <= 200),
  color        text not null default 'pink',
  is_public    boolean not null default false,
  sort_order   integer not null default 0,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create unique index bookmark_folders_name_idx on bookmark_folders (user_id, lower(name));
create trigger set_updated_at before update on bookmark_folders
  for each row execute function set_updated_at();

create table bookmarks (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users (id) on delete cascade,
  post_id     uuid not null references posts (id) on delete cascade,
  folder_id   uuid references bookmark_folders (id) on delete set null,
  notes       text check (length(notes) <= 1000),
  tags        text[] not null default '{}',
  created_at  timestamptz not null default now(),
  unique (user_id, post_id)
);
create index bookmarks_user_idx on bookmarks (user_id, created_at desc, id desc);
create index bookmarks_folder_idx on bookmarks (folder_id, created_at desc) where folder_id is not null;
create index bookmarks_tags_idx on bookmarks using gin (tags);
create index bookmarks_post_idx on bookmarks (post_id);
