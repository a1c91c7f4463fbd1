drop table presence;
drop trigger realtime_events_notify on realtime_events;
drop function realtime_events_notify();
drop table realtime_events;
