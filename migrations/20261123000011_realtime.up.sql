-- The real-time layer: events pushed to open pages over WebSockets, and who
-- has which page open (presence), shared by every server instance.

-- Each change that open pages should hear of, written in the transaction
-- that made it. The insert notifies `sparkle_events` with "<id> <topic>"
-- (delivered at commit), so every instance learns of it; a page that
-- reconnects asks for the events after the last id it saw.
create table realtime_events (
  id          bigint generated always as identity primary key,
  -- `post:<id>`, `user:<id>` or `latest`.
  topic       text not null,
  kind        text not null,
  payload     jsonb not null default '{}',
  created_at  timestamptz not null default now()
);
create index realtime_events_topic_idx on realtime_events (topic, id);
create index realtime_events_created_idx on realtime_events (created_at);

create function realtime_events_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('sparkle_events', new.id::text || ' ' || new.topic);
  return null;
end
$$;
create trigger realtime_events_notify after insert on realtime_events
  for each row execute function realtime_events_notify();

-- One row per open WebSocket: which instance holds it, who (if signed in)
-- and which post it is reading. Instances refresh `seen_at` of theirs; a row
-- not refreshed for a minute is a connection that is gone.
create table presence (
  connection_id  uuid primary key,
  instance_id    uuid not null,
  user_id        uuid references users (id) on delete cascade,
  topic          text,
  seen_at        timestamptz not null default now()
);
create index presence_topic_idx on presence (topic, seen_at) where topic is not null;
create index presence_instance_idx on presence (instance_id);
