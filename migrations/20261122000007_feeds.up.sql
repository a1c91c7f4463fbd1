-- Feeds (C5): members follow tags as well as people; the home feed puts
-- posts from followed people and tags first.

create table tag_follows (
  user_id     uuid not null references users (id) on delete cascade,
  tag_id      uuid not null references tags (id) on delete cascade,
  created_at  timestamptz not null default now(),
  primary key (user_id, tag_id)
);
create index tag_follows_tag_idx on tag_follows (tag_id);

-- Followers of a tag, shown on its page.
alter table tags add column follower_count integer not null default 0 check (follower_count >= 0);
