-- The last accepted TOTP time step, so a code cannot be used twice.
alter table users add column totp_last_step bigint;
