drop index if exists users_username_prefix_idx;
