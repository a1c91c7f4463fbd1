drop table if exists system_health, analytics_events, audit_logs, feature_flags, site_settings;
