drop type if exists subscription_tier, payment_status, audit_action, cache_type, group_member_role,
  group_visibility, event_status, event_type, message_status, trade_status, quest_status, quest_type,
  badge_rarity, content_status, content_type, moderation_status, report_reason, reaction_type,
  notification_type, user_status, user_role;
drop function if exists set_updated_at();
