alter table audit_logs drop constraint if exists audit_logs_user_fk;
drop table if exists mail_outbox, referrals, blocks, follows, accounts, recovery_codes,
  user_tokens, security_alerts, login_history, sessions, notification_preferences,
  user_balances, user_stats, profiles;
alter table if exists media_files drop constraint if exists media_files_user_fk;
drop table if exists users, media_files;
