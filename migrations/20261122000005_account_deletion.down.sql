alter table users drop column status_before_delete;
