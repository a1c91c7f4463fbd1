-- Account deletion with a grace period: the status before deletion comes
-- back when the owner signs in again before `purge_after`.
alter table users add column status_before_delete user_status;
