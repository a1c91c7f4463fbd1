-- Accounts, sessions and security; profiles and the social graph; media.
-- Capabilities C2, C3 and the image part of C13.

create table media_files (
  id             uuid primary key default gen_random_uuid(),
  user_id        uuid not null,
  purpose        text not null check (purpose in ('avatar', 'banner', 'post')),
  file_type      text not null default 'image' check (file_type in ('image', 'video', 'audio', 'document')),
  mime_type      text not null,
  file_size      bigint not null check (file_size >= 0),
  original_name  text,
  -- Key of the main rendition in the storage backend; variants are listed in `variants`.
  storage_key    text not null unique,
  width          integer not null check (width > 0),
  height         integer not null check (height > 0),
  blurhash       text,
  -- [{"name": "w256", "key": "...", "width": 256, "height": 256, "size": 1234}]
  variants       jsonb not null default '[]',
  is_public      boolean not null default true,
  created_at     timestamptz not null default now()
);
create index media_files_user_idx on media_files (user_id, created_at desc);

create table users (
  id                  uuid primary key default gen_random_uuid(),
  username            citext not null,
  email               citext not null,
  -- Null for accounts that only sign in through an OpenID Connect provider.
  password_hash       text,
  email_verified_at   timestamptz,
  role                user_role not null default 'USER',
  status              user_status not null default 'PENDING_VERIFICATION',
  status_reason       text,
  status_expires_at   timestamptz,
  experience          integer not null default 0 check (experience >= 0),
  level               integer not null default 1 check (level >= 1),
  reputation_score    integer not null default 0,
  preferred_language  text not null default 'en',
  timezone            text not null default 'UTC',
  totp_secret         text,
  two_factor_enabled  boolean not null default false,
  -- Bumped when the password changes or sessions must be re-established.
  session_epoch       integer not null default 0,
  referral_code       text not null,
  last_seen_at        timestamptz,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  deleted_at          timestamptz,
  -- When a soft-deleted account is purged for good.
  purge_after         timestamptz,
  constraint users_username_key unique (username),
  constraint users_email_key unique (email),
  constraint users_referral_code_key unique (referral_code),
  constraint users_username_format check (username ~ '^[A-Za-z0-9_-]{3,30}$'),
  constraint users_two_factor_secret check (not two_factor_enabled or totp_secret is not null)
);
create index users_role_idx on users (role);
create index users_status_idx on users (status);
create index users_created_idx on users (created_at);
create index users_purge_idx on users (purge_after) where purge_after is not null;
create trigger set_updated_at before update on users
  for each row execute function set_updated_at();

alter table media_files
  add constraint media_files_user_fk foreign key (user_id) references users (id) on delete cascade;
alter table audit_logs
  add constraint audit_logs_user_fk foreign key (user_id) references users (id) on delete set null;

create table profiles (
  user_id              uuid primary key references users (id) on delete cascade,
  display_name         text check (char_length(display_name) <= 50),
  bio                  text check (char_length(bio) <= 500),
  pronouns             text check (char_length(pronouns) <= 30),
  location             text check (char_length(location) <= 60),
  website              text check (char_length(website) <= 200),
  twitter_username     text,
  instagram_username   text,
  tiktok_username      text,
  discord_username     text,
  youtube_channel_url  text,
  interests            text[] not null default '{}',
  avatar_media_id      uuid references media_files (id) on delete set null,
  banner_media_id      uuid references media_files (id) on delete set null,
  -- Who may see my followers and following lists / message me.
  followers_visibility text not null default 'everyone' check (followers_visibility in ('everyone', 'followers', 'nobody')),
  message_privacy      text not null default 'everyone' check (message_privacy in ('everyone', 'followers', 'nobody')),
  show_online_status   boolean not null default true,
  profile_completeness integer not null default 0 check (profile_completeness between 0 and 100),
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create trigger set_updated_at before update on profiles
  for each row execute function set_updated_at();

create table user_stats (
  user_id             uuid primary key references users (id) on delete cascade,
  posts_count         integer not null default 0 check (posts_count >= 0),
  comments_count      integer not null default 0 check (comments_count >= 0),
  likes_received      integer not null default 0 check (likes_received >= 0),
  likes_given         integer not null default 0 check (likes_given >= 0),
  views_count         integer not null default 0 check (views_count >= 0),
  followers_count     integer not null default 0 check (followers_count >= 0),
  following_count     integer not null default 0 check (following_count >= 0),
  watch_time_secs     bigint not null default 0 check (watch_time_secs >= 0),
  streak_days         integer not null default 0 check (streak_days >= 0),
  longest_streak      integer not null default 0 check (longest_streak >= 0),
  profile_views       integer not null default 0 check (profile_views >= 0),
  last_activity_at    timestamptz,
  updated_at          timestamptz not null default now()
);
create index user_stats_followers_idx on user_stats (followers_count desc);
create trigger set_updated_at before update on user_stats
  for each row execute function set_updated_at();

create table user_balances (
  user_id              uuid primary key references users (id) on delete cascade,
  sparkle_points       integer not null default 0 check (sparkle_points >= 0),
  premium_points       integer not null default 0 check (premium_points >= 0),
  frozen_points        integer not null default 0 check (frozen_points >= 0),
  lifetime_earned      integer not null default 0 check (lifetime_earned >= 0),
  lifetime_spent       integer not null default 0 check (lifetime_spent >= 0),
  version              integer not null default 0,
  last_transaction_at  timestamptz,
  updated_at           timestamptz not null default now()
);
create trigger set_updated_at before update on user_balances
  for each row execute function set_updated_at();

create table notification_preferences (
  user_id              uuid primary key references users (id) on delete cascade,
  email_notifications  boolean not null default true,
  push_notifications   boolean not null default true,
  post_likes           boolean not null default true,
  post_comments        boolean not null default true,
  new_followers        boolean not null default true,
  mentions             boolean not null default true,
  direct_messages      boolean not null default true,
  group_invites        boolean not null default true,
  event_reminders      boolean not null default true,
  security_alerts      boolean not null default true,
  marketing_emails     boolean not null default false,
  weekly_digest        boolean not null default true,
  quiet_hours_start    time,
  quiet_hours_end      time,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create trigger set_updated_at before update on notification_preferences
  for each row execute function set_updated_at();

-- tower-sessions records. user_id, ip_address and user_agent are copied out of
-- `data` on save so a person can list and revoke their sessions.
create table sessions (
  id            text primary key,
  user_id       uuid references users (id) on delete cascade,
  data          jsonb not null,
  expires_at    timestamptz not null,
  ip_address    inet,
  user_agent    text,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table login_history (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users (id) on delete cascade,
  ip_address  inet,
  user_agent  text not null default '',
  -- "Firefox on Linux": the browser and system named from the user agent.
  device      text not null default '',
  -- The network the address belongs to (a /24 or /48); no geolocation database is used.
  location    text,
  success     boolean not null,
  reason      text not null,
  created_at  timestamptz not null default now()
);
create index login_history_user_idx on login_history (user_id, created_at desc);
create index login_history_lockout_idx on login_history (user_id, ip_address, created_at desc);

create table security_alerts (
  id           uuid primary key default gen_random_uuid(),
  user_id      uuid not null references users (id) on delete cascade,
  kind         text not null,
  severity     text not null check (severity in ('low', 'medium', 'high', 'critical')),
  title        text not null,
  description  text not null,
  resolved     boolean not null default false,
  resolved_at  timestamptz,
  created_at   timestamptz not null default now()
);
create index security_alerts_user_idx on security_alerts (user_id, resolved, created_at desc);

-- Single-use tokens sent by mail. Only a SHA-256 of the token is stored.
create table user_tokens (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users (id) on delete cascade,
  purpose     text not null check (purpose in ('verify_email', 'reset_password')),
  token_hash  bytea not null unique,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  created_at  timestamptz not null default now()
);
create index user_tokens_user_idx on user_tokens (user_id, purpose, created_at desc);

create table recovery_codes (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users (id) on delete cascade,
  code_hash   bytea not null,
  used_at     timestamptz,
  created_at  timestamptz not null default now(),
  unique (user_id, code_hash)
);

-- Links to OpenID Connect identities. Provider tokens are not kept.
create table accounts (
  id                   uuid primary key default gen_random_uuid(),
  user_id              uuid not null references users (id) on delete cascade,
  provider             text not null,
  provider_account_id  text not null,
  email                text,
  created_at           timestamptz not null default now(),
  constraint accounts_provider_key unique (provider, provider_account_id),
  constraint accounts_user_provider_key unique (user_id, provider)
);

create table follows (
  follower_id       uuid not null references users (id) on delete cascade,
  following_id      uuid not null references users (id) on delete cascade,
  notify_new_posts  boolean not null default true,
  notify_activity   boolean not null default false,
  created_at        timestamptz not null default now(),
  primary key (follower_id, following_id),
  check (follower_id <> following_id)
);
create index follows_following_idx on follows (following_id, created_at desc);
create index follows_follower_created_idx on follows (follower_id, created_at desc);

create table blocks (
  blocker_id  uuid not null references users (id) on delete cascade,
  blocked_id  uuid not null references users (id) on delete cascade,
  reason      text,
  created_at  timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  check (blocker_id <> blocked_id)
);
create index blocks_blocked_idx on blocks (blocked_id);

create table referrals (
  id                uuid primary key default gen_random_uuid(),
  referrer_id       uuid not null references users (id) on delete cascade,
  referred_user_id  uuid not null unique references users (id) on delete cascade,
  referral_code     text not null,
  status            text not null default 'PENDING' check (status in ('PENDING', 'COMPLETED')),
  reward_claimed    boolean not null default false,
  reward_amount     integer not null default 100 check (reward_amount >= 0),
  completed_at      timestamptz,
  created_at        timestamptz not null default now()
);
create index referrals_referrer_idx on referrals (referrer_id, created_at desc);

-- Every mail the site sends. Delivered over SMTP when configured; otherwise
-- kept here and shown at /dev/mail.
create table mail_outbox (
  id               uuid primary key default gen_random_uuid(),
  user_id          uuid references users (id) on delete set null,
  kind             text not null,
  to_address       text not null,
  subject          text not null,
  body_text        text not null,
  body_html        text not null,
  attempts         integer not null default 0,
  last_error       text,
  next_attempt_at  timestamptz not null default now(),
  sent_at          timestamptz,
  created_at       timestamptz not null default now()
);
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where sent_at is null;
create index mail_outbox_created_idx on mail_outbox (created_at desc);
