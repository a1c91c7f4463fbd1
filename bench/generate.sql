-- Fills a migrated, empty database with a large community for the read-path
-- benchmark: psql -v users=100000 -v posts=1000000 -v tags=5000 -f generate.sql
--
-- Rows look like what the app writes (the same tables, counters and feed
-- mirrors), generated inside PostgreSQL with generate_series so a million
-- posts take minutes, not hours. One in a hundred people is a creator; every
-- post has a category, three tags, stats with a trending score, and a body of
-- a few paragraphs; everyone follows twenty creators and five tags.
\set ON_ERROR_STOP on
set synchronous_commit = off;

begin;

insert into users (username, email, role, status, email_verified_at, referral_code, created_at)
select 'bench_' || g, 'bench_' || g || '@example.com',
       (case when g % 100 = 0 then 'CREATOR' else 'USER' end)::user_role,
       'ACTIVE', now(), 'bench' || g, now() - make_interval(mins => g)
from generate_series(1, :users) g;

insert into profiles (user_id, display_name)
select id, 'Bench ' || substr(username::text, 7) from users where username like 'bench\_%';
insert into user_stats (user_id) select id from users where username like 'bench\_%';
insert into user_balances (user_id) select id from users where username like 'bench\_%';
insert into notification_preferences (user_id) select id from users where username like 'bench\_%';

insert into categories (name, slug, description, display_order)
select 'Bench category ' || g, 'bench-cat-' || g, 'Posts about topic ' || g, g
from generate_series(1, 12) g;

insert into tags (name, slug)
select 'bench tag ' || g, 'bench-tag-' || g from generate_series(1, :tags) g;

create temp table bench_pick as
select (select array_agg(id order by username) from users where username like 'bench\_%' and role = 'CREATOR') as creators,
       (select array_agg(id order by username) from users where username like 'bench\_%') as people,
       (select array_agg(id order by slug) from categories where slug like 'bench-cat-%') as categories,
       (select array_agg(id order by slug) from tags where slug like 'bench-tag-%') as tags;

-- Posts, newest last, one every ~90 s over the last few years.
insert into posts (slug, title, content, content_html, excerpt, author_id, category_id,
                   content_status, published_at, reading_time, word_count, created_at)
select 'bench-post-' || g,
       'Bench post number ' || g || ': what the lighthouse scene really means',
       jsonb_build_object('version', 1, 'blocks', jsonb_build_array(
         jsonb_build_object('type', 'heading', 'level', 2, 'content',
           jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'Why it matters', 'marks', '[]'::jsonb))),
         jsonb_build_object('type', 'paragraph', 'content',
           jsonb_build_array(jsonb_build_object('type', 'text', 'marks', '[]'::jsonb, 'text',
             repeat('The lighthouse keeps its light on for the ships that never come back, and post ' || g || ' says so. ', 6)))),
         jsonb_build_object('type', 'paragraph', 'content',
           jsonb_build_array(jsonb_build_object('type', 'text', 'marks', '[]'::jsonb, 'text',
             repeat('Fans have argued about this scene since it aired; here is the case, clue by clue. ', 6)))))),
       '<h2 id="h-why-it-matters">Why it matters</h2><p>'
         || repeat('The lighthouse keeps its light on for the ships that never come back, and post ' || g || ' says so. ', 6)
         || '</p><p>' || repeat('Fans have argued about this scene since it aired; here is the case, clue by clue. ', 6) || '</p>',
       'The lighthouse keeps its light on for the ships that never come back, and post ' || g || ' says so.',
       b.creators[1 + g % array_length(b.creators, 1)],
       b.categories[1 + g % array_length(b.categories, 1)],
       'PUBLISHED',
       now() - make_interval(secs => (:posts - g) * 90),
       2, 220,
       now() - make_interval(secs => (:posts - g) * 90)
from generate_series(1, :posts) g, bench_pick b;

insert into post_stats (post_id, view_count, unique_view_count, total_reaction_count, comment_count, published, hot_score)
select id, v, v * 3 / 4, v / 10, v / 25, true,
       post_hot_score(v * 3 / 4, v / 10, v / 25, 0, 0, published_at)
from (select id, published_at, (abs(hashtext(id::text)) % 2000) as v from posts where slug like 'bench-post-%') p;

-- Three different tags per post.
insert into post_tags (post_id, tag_id, published_at)
select p.id, b.tags[1 + (p.n * 7 + k * 131) % array_length(b.tags, 1)], p.published_at
from (select id, published_at, row_number() over (order by id) as n from posts where slug like 'bench-post-%') p,
     generate_series(0, 2) k, bench_pick b;

-- Everyone follows twenty creators and five tags.
insert into follows (follower_id, following_id)
select distinct u.id, b.creators[1 + (u.n * 13 + k * 37) % array_length(b.creators, 1)]
from (select id, row_number() over (order by id) as n from users where username like 'bench\_%') u,
     generate_series(0, 19) k, bench_pick b
where u.id <> b.creators[1 + (u.n * 13 + k * 37) % array_length(b.creators, 1)];

insert into tag_follows (user_id, tag_id)
select distinct u.id, b.tags[1 + (u.n * 17 + k * 53) % array_length(b.tags, 1)]
from (select id, row_number() over (order by id) as n from users where username like 'bench\_%') u,
     generate_series(0, 4) k, bench_pick b;

-- Counters, from their sources of truth.
update categories c set post_count = x.n
from (select category_id, count(*)::int as n from posts where content_status = 'PUBLISHED' group by category_id) x
where c.id = x.category_id;
update tags t set post_count = x.n
from (select tag_id, count(*)::int as n from post_tags where published_at is not null group by tag_id) x
where t.id = x.tag_id;
update tags t set follower_count = x.n
from (select tag_id, count(*)::int as n from tag_follows group by tag_id) x
where t.id = x.tag_id;
update user_stats s set followers_count = x.n
from (select following_id, count(*)::int as n from follows group by following_id) x
where s.user_id = x.following_id;
update user_stats s set following_count = x.n
from (select follower_id, count(*)::int as n from follows group by follower_id) x
where s.user_id = x.follower_id;
update user_stats s set posts_count = x.n
from (select author_id, count(*)::int as n from posts where content_status = 'PUBLISHED' group by author_id) x
where s.user_id = x.author_id;

commit;

vacuum analyze;
