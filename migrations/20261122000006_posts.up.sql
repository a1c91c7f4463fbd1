-- Posts (C4) and their feeds (C5): categories, tags with synonyms, series,
-- posts with co-authors, revisions, relations, statistics and view history.

create table categories (
  id             uuid primary key default gen_random_uuid(),
  name           text not null check (length(name) between 1 and 60),
  slug           citext not null,
  description    text,
  icon           text,
  color          text check (color is null or color ~ '^#[0-9a-fA-F]{6}$'),
  parent_id      uuid references categories (id) on delete set null,
  -- Published posts in this category (kept in step by the post services).
  post_count     integer not null default 0 check (post_count >= 0),
  display_order  integer not null default 0,
  is_active      boolean not null default true,
  metadata       jsonb,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint categories_slug_key unique (slug),
  constraint categories_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  constraint categories_not_own_parent check (parent_id is distinct from id)
);
create index categories_parent_idx on categories (parent_id, display_order);
create trigger set_updated_at before update on categories
  for each row execute function set_updated_at();

create table tags (
  id           uuid primary key default gen_random_uuid(),
  name         citext not null check (length(name) between 1 and 40),
  slug         citext not null,
  description  text,
  color        text check (color is null or color ~ '^#[0-9a-fA-F]{6}$'),
  icon         text,
  -- Published posts with this tag.
  post_count   integer not null default 0 check (post_count >= 0),
  featured     boolean not null default false,
  category     text,
  created_at   timestamptz not null default now(),
  constraint tags_name_key unique (name),
  constraint tags_slug_key unique (slug),
  constraint tags_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
create index tags_post_count_idx on tags (post_count desc);
create index tags_featured_idx on tags (featured) where featured;

-- Other names of a tag ("ep12" for "episode-12"): a post tagged with a
-- synonym gets the canonical tag. A name is a tag or a synonym, never both.
create table tag_synonyms (
  name        citext primary key,
  tag_id      uuid not null references tags (id) on delete cascade,
  created_at  timestamptz not null default now()
);
create index tag_synonyms_tag_idx on tag_synonyms (tag_id);

create table post_series (
  id            uuid primary key default gen_random_uuid(),
  title         text not null check (length(title) between 1 and 200),
  slug          citext not null,
  description   text,
  author_id     uuid not null references users (id) on delete cascade,
  cover_image_id uuid references media_files (id) on delete set null,
  banner_image_id uuid references media_files (id) on delete set null,
  -- Published parts.
  total_parts   integer not null default 0 check (total_parts >= 0),
  completed     boolean not null default false,
  featured      boolean not null default false,
  metadata      jsonb,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  constraint post_series_slug_key unique (slug),
  constraint post_series_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
create index post_series_author_idx on post_series (author_id, created_at desc);
create trigger set_updated_at before update on post_series
  for each row execute function set_updated_at();

create table posts (
  id                    uuid primary key default gen_random_uuid(),
  slug                  citext not null,
  -- True when the writer chose the slug (it then no longer follows the title).
  custom_slug           boolean not null default false,
  title                 varchar(500) not null check (length(title) >= 1),
  -- The post document (app/src/features/posts/document) and its rendered HTML.
  content               jsonb not null,
  content_html          text not null,
  content_type          content_type not null default 'BLOG',
  content_status        content_status not null default 'DRAFT',
  excerpt               text not null default '',
  -- True when the writer wrote the excerpt; otherwise it follows the body.
  custom_excerpt        boolean not null default false,
  cover_image_id        uuid references media_files (id) on delete set null,
  cover_image_alt       text,
  author_id             uuid not null references users (id) on delete cascade,
  category_id           uuid references categories (id) on delete set null,
  series_id             uuid references post_series (id) on delete set null,
  series_order          integer check (series_order is null or series_order >= 1),
  featured              boolean not null default false,
  editors_pick          boolean not null default false,
  sponsored_content     boolean not null default false,
  sponsor_info          jsonb,
  pinned_until          timestamptz,
  -- Bumped by every saved change of the content; the revision number.
  version               integer not null default 1 check (version >= 1),
  youtube_video_id      text check (youtube_video_id is null or youtube_video_id ~ '^[A-Za-z0-9_-]{11}$'),
  youtube_start         integer not null default 0 check (youtube_start >= 0),
  youtube_video_data    jsonb,
  reading_time          integer not null default 1 check (reading_time >= 1),
  word_count            integer not null default 0 check (word_count >= 0),
  meta_title            varchar(160),
  meta_description      varchar(320),
  meta_keywords         text[] not null default '{}',
  og_image_id           uuid references media_files (id) on delete set null,
  canonical_url         text,
  allow_comments        boolean not null default true,
  moderation_status     moderation_status not null default 'AUTO_APPROVED',
  moderation_notes      text,
  scheduled_publish_at  timestamptz,
  published_at          timestamptz,
  last_edited_at        timestamptz,
  archived_at           timestamptz,
  deleted_at            timestamptz,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint posts_slug_key unique (slug),
  constraint posts_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
  constraint posts_published_has_time check (content_status <> 'PUBLISHED' or published_at is not null),
  constraint posts_scheduled_has_time check (content_status <> 'SCHEDULED' or scheduled_publish_at is not null),
  constraint posts_series_order check ((series_id is null) = (series_order is null))
);
-- Feeds read published, approved posts newest first (keyset on published_at, id).
create index posts_published_idx on posts (published_at desc, id desc)
  where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED');
create index posts_author_published_idx on posts (author_id, published_at desc, id desc)
  where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED');
create index posts_category_published_idx on posts (category_id, published_at desc, id desc)
  where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED');
create index posts_featured_idx on posts (published_at desc, id desc)
  where featured and content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED');
create index posts_series_idx on posts (series_id, series_order) where series_id is not null;
create index posts_scheduled_idx on posts (scheduled_publish_at) where content_status = 'SCHEDULED';
-- "My posts": everything of an author, recently edited first.
create index posts_author_idx on posts (author_id, updated_at desc);
create index posts_status_idx on posts (content_status);
create index posts_moderation_idx on posts (moderation_status);
create index posts_deleted_idx on posts (deleted_at) where deleted_at is not null;
create trigger set_updated_at before update on posts
  for each row execute function set_updated_at();

-- Co-authors may edit the post (the seed's Post.collaborators).
create table post_authors (
  post_id     uuid not null references posts (id) on delete cascade,
  user_id     uuid not null references users (id) on delete cascade,
  added_by    uuid references users (id) on delete set null,
  created_at  timestamptz not null default now(),
  primary key (post_id, user_id)
);
create index post_authors_user_idx on post_authors (user_id);

create table post_tags (
  post_id     uuid not null references posts (id) on delete cascade,
  tag_id      uuid not null references tags (id) on delete cascade,
  -- Copied from the post so a tag feed is one index scan.
  published_at timestamptz,
  added_by    uuid references users (id) on delete set null,
  created_at  timestamptz not null default now(),
  primary key (post_id, tag_id)
);
create index post_tags_feed_idx on post_tags (tag_id, published_at desc, post_id desc)
  where published_at is not null;

create table post_revisions (
  id           uuid primary key default gen_random_uuid(),
  post_id      uuid not null references posts (id) on delete cascade,
  -- Kept when the editor's account goes: the history belongs to the post.
  editor_id    uuid references users (id) on delete set null,
  title        varchar(500) not null,
  content      jsonb not null,
  change_note  text,
  version      integer not null check (version >= 1),
  is_published boolean not null default false,
  created_at   timestamptz not null default now(),
  constraint post_revisions_version_key unique (post_id, version)
);
create index post_revisions_editor_idx on post_revisions (editor_id);

create table post_relations (
  id               uuid primary key default gen_random_uuid(),
  post_id          uuid not null references posts (id) on delete cascade,
  related_post_id  uuid not null references posts (id) on delete cascade,
  relation_type    text not null default 'related'
                   check (relation_type in ('sequel', 'prequel', 'related', 'translation')),
  sort_order       integer not null default 0,
  created_at       timestamptz not null default now(),
  constraint post_relations_pair_key unique (post_id, related_post_id),
  constraint post_relations_not_self check (post_id <> related_post_id)
);
create index post_relations_related_idx on post_relations (related_post_id);

-- The trending score: log10 of weighted engagement plus the publication
-- time in units of 12.5 hours, so a post needs ten times the engagement to
-- outrank one published 12.5 hours after it. It only changes when
-- engagement does, so feeds never rescore old posts.
create function post_hot_score(
  unique_views integer, reactions integer, comments integer, bookmarks integer, shares integer,
  published_at timestamptz
) returns double precision
language sql immutable parallel safe as $$
  select log(greatest(1, unique_views + 3 * reactions + 5 * comments + 4 * bookmarks + 4 * shares)::numeric)::double precision
         + coalesce(extract(epoch from published_at)::double precision, 0) / 45000
$$;

create table post_stats (
  post_id               uuid primary key references posts (id) on delete cascade,
  view_count            integer not null default 0 check (view_count >= 0),
  unique_view_count     integer not null default 0 check (unique_view_count >= 0),
  like_count            integer not null default 0 check (like_count >= 0),
  love_count            integer not null default 0 check (love_count >= 0),
  fire_count            integer not null default 0 check (fire_count >= 0),
  total_reaction_count  integer not null default 0 check (total_reaction_count >= 0),
  comment_count         integer not null default 0 check (comment_count >= 0),
  share_count           integer not null default 0 check (share_count >= 0),
  bookmark_count        integer not null default 0 check (bookmark_count >= 0),
  -- Reads that reported their time (the reading page's beacon) and their sum.
  timed_reads           integer not null default 0 check (timed_reads >= 0),
  total_read_seconds    bigint not null default 0 check (total_read_seconds >= 0),
  avg_read_time         double precision not null default 0,
  bounce_rate           double precision not null default 0,
  engagement_rate       double precision not null default 0,
  -- Time-decayed engagement: log10(engagement) + published_epoch / 45000,
  -- so newer posts outrank older ones of equal engagement and the score
  -- only changes when engagement does (no periodic rescoring).
  hot_score             double precision not null default 0,
  -- Mirrors of the post, so the trending feed is one index scan.
  published             boolean not null default false,
  last_calculated_at    timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);
create index post_stats_hot_idx on post_stats (hot_score desc, post_id desc) where published;
create trigger set_updated_at before update on post_stats
  for each row execute function set_updated_at();

-- One row per viewer (a member, or a visitor's session) per post per day.
create table view_history (
  id             bigint generated always as identity primary key,
  user_id        uuid references users (id) on delete cascade,
  -- "u:<user id>" or "s:<sha-256 of the session id>".
  viewer         text not null,
  post_id        uuid not null references posts (id) on delete cascade,
  view_date      date not null default current_date,
  view_duration  integer not null default 0 check (view_duration >= 0),
  scroll_depth   real not null default 0 check (scroll_depth between 0 and 100),
  referrer       text,
  device_type    text,
  created_at     timestamptz not null default now(),
  constraint view_history_daily_key unique (post_id, viewer, view_date)
);
create index view_history_user_idx on view_history (user_id, created_at desc) where user_id is not null;

insert into site_settings (key, value, value_type, category, description, is_public) values
  ('posts.anyone_can_publish', 'false', 'boolean', 'posts',
   'When true, every verified member may publish posts; otherwise only creators, moderators and admins.', false);
