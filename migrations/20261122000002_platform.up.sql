-- Platform tables every capability uses: settings, feature flags, the audit
-- log, analytics events and system health samples. Columns that will point at
-- users get their foreign keys when the users table arrives.

create table site_settings (
  key          text primary key check (key ~ '^[a-z0-9_.-]{1,100}$'),
  value        jsonb not null,
  value_type   text not null check (value_type in ('string', 'number', 'boolean', 'json')),
  category     text,
  description  text,
  is_public    boolean not null default false,
  is_editable  boolean not null default true,
  validation   jsonb,
  updated_by   uuid,
  updated_at   timestamptz not null default now()
);
create index site_settings_category_idx on site_settings (category);
create trigger set_updated_at before update on site_settings
  for each row execute function set_updated_at();

create table feature_flags (
  id                  uuid primary key default gen_random_uuid(),
  flag                text not null unique check (flag ~ '^[a-z0-9_.-]{1,100}$'),
  name                text not null,
  description         text,
  enabled             boolean not null default false,
  rollout_percentage  integer not null default 0 check (rollout_percentage between 0 and 100),
  enabled_for_users   uuid[] not null default '{}',
  enabled_for_roles   user_role[] not null default '{}',
  conditions          jsonb,
  metadata            jsonb,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);
create trigger set_updated_at before update on feature_flags
  for each row execute function set_updated_at();

create table audit_logs (
  id             uuid primary key default gen_random_uuid(),
  user_id        uuid,
  action         audit_action not null,
  entity_type    text not null,
  entity_id      text not null,
  entity_data    jsonb,
  changed_data   jsonb,
  reason         text,
  ip_address     inet,
  user_agent     text,
  session_id     text,
  request_id     text,
  duration_ms    integer,
  error_message  text,
  metadata       jsonb,
  created_at     timestamptz not null default now()
);
create index audit_logs_user_idx on audit_logs (user_id);
create index audit_logs_action_idx on audit_logs (action);
create index audit_logs_entity_idx on audit_logs (entity_type, entity_id);
create index audit_logs_created_idx on audit_logs (created_at);

create table analytics_events (
  id          uuid primary key default gen_random_uuid(),
  event_name  text not null,
  event_type  text not null,
  user_id     uuid,
  session_id  text,
  properties  jsonb,
  context     jsonb,
  occurred_at timestamptz not null default now()
);
create index analytics_events_name_time_idx on analytics_events (event_name, occurred_at desc);
create index analytics_events_user_idx on analytics_events (user_id);
create index analytics_events_session_idx on analytics_events (session_id);
create index analytics_events_time_idx on analytics_events (occurred_at);

create table system_health (
  id             uuid primary key default gen_random_uuid(),
  service        text not null,
  status         text not null check (status in ('healthy', 'degraded', 'down')),
  response_ms    double precision,
  error_rate     double precision,
  throughput     double precision,
  cpu_usage      double precision,
  memory_usage   double precision,
  disk_usage     double precision,
  active_users   integer,
  queue_depth    integer,
  metadata       jsonb,
  checked_at     timestamptz not null default now()
);
create index system_health_service_time_idx on system_health (service, checked_at);

-- The public identity of the site and the retention windows the cleanup job uses.
insert into site_settings (key, value, value_type, category, description, is_public) values
  ('site.name', '"Sparkle Universe"', 'string', 'general', 'The name of the site, shown in the top bar and titles.', true),
  ('site.tagline', '"The home of the Sparkle YouTube community"', 'string', 'general', 'A one-line description shown on the landing page.', true),
  ('retention.analytics_days', '400', 'number', 'retention', 'Days raw analytics events are kept before the daily cleanup removes them.', false),
  ('retention.system_health_days', '30', 'number', 'retention', 'Days system health samples are kept.', false),
  ('retention.audit_days', '730', 'number', 'retention', 'Days audit log entries are kept.', false);
