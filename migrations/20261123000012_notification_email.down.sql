drop table weekly_digests;
drop table notification_emails;
