alter table notification_preferences
  add column post_likes boolean not null default true,
  add column post_comments boolean not null default true,
  add column new_followers boolean not null default true,
  add column mentions boolean not null default true,
  add column direct_messages boolean not null default true,
  add column group_invites boolean not null default true,
  add column event_reminders boolean not null default true;
drop table notification_settings, notification_actors, notifications, mentions,
  comment_reactions, post_reactions, comment_revisions, comments;
alter table post_stats
  drop column reaction_counts,
  add column like_count integer not null default 0 check (like_count >= 0),
  add column love_count integer not null default 0 check (love_count >= 0),
  add column fire_count integer not null default 0 check (fire_count >= 0);
