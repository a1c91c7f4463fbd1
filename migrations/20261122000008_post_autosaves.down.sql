drop table if exists post_autosaves;
