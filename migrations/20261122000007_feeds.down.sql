alter table tags drop column if exists follower_count;
drop table if exists tag_follows;
