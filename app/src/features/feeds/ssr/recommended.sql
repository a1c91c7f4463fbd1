-- The home feed's recommended part: trending posts after the cursor
-- ($3, $4), leaving out what the followed part showed (posts since $2 by
-- followed people or with followed tags) and the viewer's own posts.
select s.post_id, s.hot_score
from post_stats s
join posts p on p.id = s.post_id
where s.published and (s.hot_score, s.post_id) < ($3, $4)
  and p.author_id <> $1
  and not (
    p.published_at >= $2
    and (
      exists (select 1 from follows f where f.follower_id = $1 and f.following_id = p.author_id)
      or exists (
        select 1 from post_tags pt join tag_follows tf on tf.tag_id = pt.tag_id and tf.user_id = $1
        where pt.post_id = p.id
      )
    )
  )
order by s.hot_score desc, s.post_id desc
limit $5
