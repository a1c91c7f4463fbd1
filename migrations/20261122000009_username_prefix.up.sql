-- Mention autocomplete looks people up by the start of their username,
-- whatever its case: `lower(username) like 'ab%'` uses this index.
create index users_username_prefix_idx on users (lower(username::text) text_pattern_ops)
  where deleted_at is null;
