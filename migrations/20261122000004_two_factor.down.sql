alter table users drop column totp_last_step;
