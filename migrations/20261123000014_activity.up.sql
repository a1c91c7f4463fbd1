-- What people do, for the "Following" activity feed: written in the
-- transaction of the action, with a snapshot of what it was about and who
-- may see it.
create table activity_streams (
  id           bigint generated always as identity primary key,
  user_id      uuid not null references users (id) on delete cascade,
  -- 'post.published', 'comment.created', 'user.followed' (achievements and
  -- the rest come with their features).
  action       text not null,
  entity_type  text not null,
  entity_id    uuid not null,
  entity_data  jsonb not null default '{}',
  visibility   text not null default 'PUBLIC' check (visibility in ('PUBLIC', 'FOLLOWERS', 'PRIVATE')),
  created_at   timestamptz not null default now()
);
create index activity_streams_user_idx on activity_streams (user_id, id desc);
create index activity_streams_entity_idx on activity_streams (entity_type, entity_id);
