-- Foundation: extensions, the updated_at trigger helper and every enum of the
-- data model. Later migrations add the tables of each capability.

create extension if not exists pg_trgm;
create extension if not exists pgcrypto;
create extension if not exists citext;
create extension if not exists unaccent;

-- Keeps updated_at current on every UPDATE of a table that opts in with:
--   create trigger set_updated_at before update on <table>
--     for each row execute function set_updated_at();
create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
  if row(new.*) is distinct from row(old.*) then
    new.updated_at := now();
  end if;
  return new;
end;
$$;

create type user_role as enum ('USER', 'MODERATOR', 'ADMIN', 'CREATOR', 'VERIFIED_CREATOR', 'SYSTEM');
create type user_status as enum ('PENDING_VERIFICATION', 'ACTIVE', 'SUSPENDED', 'BANNED', 'DELETED');
create type notification_type as enum (
  'POST_LIKED', 'POST_COMMENTED', 'COMMENT_LIKED', 'USER_FOLLOWED', 'ACHIEVEMENT_UNLOCKED',
  'LEVEL_UP', 'MENTION', 'SYSTEM', 'GROUP_INVITE', 'GROUP_POST', 'EVENT_REMINDER',
  'WATCH_PARTY_INVITE', 'DIRECT_MESSAGE', 'YOUTUBE_PREMIERE', 'QUEST_COMPLETE',
  'TRADE_REQUEST', 'CONTENT_FEATURED', 'MILESTONE_REACHED'
);
create type reaction_type as enum ('LIKE', 'LOVE', 'FIRE', 'SPARKLE', 'MIND_BLOWN', 'LAUGH', 'CRY', 'ANGRY', 'CUSTOM');
create type report_reason as enum (
  'SPAM', 'INAPPROPRIATE', 'HARASSMENT', 'MISINFORMATION', 'COPYRIGHT', 'NSFW',
  'HATE_SPEECH', 'SELF_HARM', 'OTHER'
);
create type moderation_status as enum (
  'PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'AUTO_APPROVED', 'SHADOW_BANNED', 'UNDER_REVIEW'
);
create type content_type as enum (
  'BLOG', 'LIVE_BLOG', 'POLL', 'VIDEO_REVIEW', 'FAN_ART', 'THEORY_THREAD', 'SERIES', 'TUTORIAL', 'NEWS'
);
create type content_status as enum ('DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED', 'DELETED');
create type badge_rarity as enum (
  'COMMON', 'UNCOMMON', 'RARE', 'EPIC', 'LEGENDARY', 'MYTHIC', 'LIMITED_EDITION', 'SEASONAL'
);
create type quest_type as enum (
  'DAILY', 'WEEKLY', 'MONTHLY', 'SPECIAL', 'ACHIEVEMENT', 'SEASONAL', 'COMMUNITY', 'CREATOR'
);
create type quest_status as enum ('AVAILABLE', 'IN_PROGRESS', 'COMPLETED', 'CLAIMED', 'EXPIRED', 'LOCKED');
create type trade_status as enum ('PENDING', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'DISPUTED');
create type message_status as enum ('SENT', 'DELIVERED', 'READ', 'DELETED');
create type event_type as enum (
  'WATCH_PARTY', 'COMMUNITY_MEETUP', 'CONTEST', 'PREMIERE', 'AMA', 'SPECIAL', 'TOURNAMENT', 'WORKSHOP'
);
create type event_status as enum ('DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED');
create type group_visibility as enum ('PUBLIC', 'PRIVATE', 'INVITE_ONLY', 'HIDDEN');
create type group_member_role as enum ('MEMBER', 'MODERATOR', 'ADMIN', 'OWNER');
create type cache_type as enum ('USER_PROFILE', 'POST_CONTENT', 'FEED', 'TRENDING', 'LEADERBOARD', 'STATS');
create type audit_action as enum (
  'CREATE', 'UPDATE', 'DELETE', 'LOGIN', 'LOGOUT', 'PERMISSION_CHANGE', 'MODERATION_ACTION', 'SYSTEM_ACTION'
);
create type payment_status as enum ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'REFUNDED', 'CANCELLED');
create type subscription_tier as enum ('FREE', 'SPARKLE_FAN', 'SPARKLE_CREATOR', 'SPARKLE_LEGEND');
