-- The home feed's followed part: posts published since $2 by people $1
-- follows or with tags $1 follows, newest first, after the cursor ($3, $4).
-- Each followed person and tag is one short index walk; the union merges
-- them (a post both by a followed person and with a followed tag once).
select z.id as "id!", z.at as "at!"
from (
  select x.id, x.published_at as at
  from follows f
  cross join lateral (
    select p.id, p.published_at from posts p
    where p.author_id = f.following_id
      and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')
      and p.published_at >= $2 and (p.published_at, p.id) < ($3, $4)
    order by p.published_at desc, p.id desc limit $5
  ) x
  where f.follower_id = $1
  union
  select y.post_id, y.published_at
  from tag_follows tf
  cross join lateral (
    select pt.post_id, pt.published_at from post_tags pt
    where pt.tag_id = tf.tag_id and pt.published_at is not null
      and pt.published_at >= $2 and (pt.published_at, pt.post_id) < ($3, $4)
    order by pt.published_at desc, pt.post_id desc limit $5
  ) y
  where tf.user_id = $1
) z
order by z.at desc, z.id desc
limit $5
