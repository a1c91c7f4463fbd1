-- Notification email: a row per notification that may be emailed, written
-- with the notification; a job sends it after a short wait (so a burst of
-- events makes one grouped message, and nothing already seen in the app is
-- mailed), checking the person's choices again at that moment.
create table notification_emails (
  notification_id  uuid primary key references notifications (id) on delete cascade,
  created_at       timestamptz not null default now(),
  done_at          timestamptz,
  -- 'sent', or why not: 'seen' (read in the app first), 'off' (the type's
  -- email was turned off), 'quiet' (quiet hours), 'gone' (no address).
  outcome          text,
  outbox_id        uuid references mail_outbox (id) on delete set null
);
create index notification_emails_due_idx on notification_emails (created_at) where done_at is null;

-- One weekly digest per person and week, however many instances run the job.
create table weekly_digests (
  user_id    uuid not null references users (id) on delete cascade,
  week       date not null,
  outbox_id  uuid references mail_outbox (id) on delete set null,
  primary key (user_id, week)
);
