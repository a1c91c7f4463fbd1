//! Demo conversations: comments, replies, video moments and reactions on
//! the newest demo posts, and a few notifications, so a fresh install
//! looks lived in. Rows are written directly, then every count is
//! recomputed from them, so the numbers shown are true.

use anyhow::Context;
use app::features::comments::ssr::format::format;
use app::features::notifications::ssr::notify::{Event, notify};
use app::features::notifications::types::Kind;
use app::features::reactions::types::Reaction;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::demo_posts::Dice;

const FANS: [&str; 7] = [
    "fan_ana",
    "fan_ben",
    "fan_cy",
    "mod_mira",
    "creator_cleo",
    "creator_nova",
    "creator_pip",
];

const OPENERS: [&str; 12] = [
    "This is exactly what I needed after the episode ✨",
    "Okay but **the locket** — nobody is talking about the locket enough.",
    "I rewatched it twice and still caught something new.",
    "The colour palette in this one is *unreal*.",
    "Counterpoint: Luna knew all along. Change my mind.",
    "Saving this for the rewatch party on Friday!",
    "Can we talk about the music in the last scene?",
    "This made me cry on the bus, thanks a lot 😭",
    "Best write-up I've read this week.",
    "Wait, is that the same lantern from season 1?",
    "I think the clue is in the background sign.",
    "Bookmarking this for when I'm caught up.",
];

const REPLIES: [&str; 8] = [
    "Yes!! I thought I was the only one.",
    "Oh wow, I never noticed that.",
    "Hard agree.",
    "I'm not sure — the timing doesn't fit for me.",
    "Same here, it gave me chills.",
    "Great catch 👀",
    "This thread is the best part of the site.",
    "You just changed how I see the whole season.",
];

const MOMENTS: [&str; 6] = [
    "The moment at {t} gave me chills.",
    "{t} — look at the reflection in the window!",
    "Everyone pause at {t}.",
    "The music swells at {t} and I'm gone.",
    "Tiny detail at {t}: the locket glows.",
    "{t} is the best shot of the whole series.",
];

/// Adds the demo conversations.
pub async fn seed(conn: &mut PgConnection) -> anyhow::Result<()> {
    let people: Vec<(Uuid, String)> = sqlx::query!(
        r#"select id, username::text as "username!" from users where username = any($1::text[]::citext[]) order by username"#,
        &FANS.map(str::to_owned)
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.username))
    .collect();
    if people.len() < 3 {
        return Ok(());
    }
    let posts = sqlx::query!(
        "select id, author_id, youtube_video_id is not null as \"video!\", published_at as \"published_at!\"
         from posts where content_status = 'PUBLISHED' and published_at is not null
         order by published_at desc limit 40"
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut dice = Dice(0xc0_ffee);
    for (rank, post) in posts.iter().enumerate() {
        // Newer posts are busier.
        let threads = match rank {
            0..=4 => 6 + dice.next() % 6,
            5..=14 => 2 + dice.next() % 4,
            _ => dice.next() % 3,
        };
        let mut written: Vec<(Uuid, Uuid, i32, Vec<i64>)> = Vec::new();
        for t in 0..threads {
            let (author, _) = dice.pick(&people).clone();
            let at = post.published_at
                + chrono::Duration::minutes(
                    i64::try_from(7 + t * 31 + dice.next() % 29).unwrap_or(10),
                );
            let (body, moment) = if post.video && dice.chance(55) {
                // Talk bunches up around a few moments of the video.
                let seconds =
                    *dice.pick(&[35_u32, 37, 38, 40, 95, 96, 98, 160, 163, 164, 165, 230]);
                let label = app::features::comments::types::moment_label(seconds);
                (dice.pick(&MOMENTS).replace("{t}", &label), Some(seconds))
            } else {
                ((*dice.pick(&OPENERS)).to_owned(), None)
            };
            let root = insert(conn, post.id, author, None, &body, moment, at).await?;
            written.push(root.clone());
            let replies = dice.next() % 4;
            let mut parent = root;
            for r in 0..replies {
                let (author, _) = dice.pick(&people).clone();
                let at = at + chrono::Duration::minutes(i64::try_from(3 + r * 9).unwrap_or(3));
                let body = *dice.pick(&REPLIES);
                let reply = insert(conn, post.id, author, Some(&parent), body, None, at).await?;
                // Sometimes the conversation goes deeper, sometimes wide.
                if dice.chance(45) {
                    parent = reply.clone();
                }
                written.push(reply);
            }
        }
        // Reactions on the post and on some comments.
        for (person, _) in &people {
            if dice.chance(70) {
                let kind = *dice.pick(&Reaction::STANDARD);
                react(conn, "post", post.id, *person, kind).await?;
            }
            for (comment, _, _, _) in &written {
                if dice.chance(18) {
                    let kind = *dice.pick(&[
                        Reaction::Like,
                        Reaction::Love,
                        Reaction::Fire,
                        Reaction::Sparkle,
                        Reaction::Laugh,
                    ]);
                    react(conn, "comment", *comment, *person, kind).await?;
                }
            }
        }
        if let Some((first, _, _, _)) = written.first()
            && rank < 3
        {
            sqlx::query!(
                "update comments set featured_at = now(), featured_by = $2 where id = $1",
                first,
                post.author_id
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    bookmark(
        conn,
        &people,
        &posts.iter().map(|p| p.id).collect::<Vec<_>>(),
    )
    .await?;
    recount(conn).await?;
    record_activity(conn).await?;
    // A few unread notifications for the demo fans and creators.
    if let Some(post) = posts.first() {
        for (recipient, _) in &people {
            for (actor, _) in people.iter().filter(|(a, _)| a != recipient).take(3) {
                let event = Event::new(
                    *recipient,
                    Kind::UserFollowed,
                    *actor,
                    "followed".to_owned(),
                );
                notify(conn, &event).await?;
            }
            if *recipient == post.author_id {
                for (actor, _) in people.iter().filter(|(a, _)| a != recipient) {
                    let event = Event::new(
                        *recipient,
                        Kind::PostLiked,
                        *actor,
                        format!("reacted:{}", post.id),
                    )
                    .post(post.id);
                    notify(conn, &event).await?;
                }
            }
        }
    }
    Ok(())
}

async fn insert(
    conn: &mut PgConnection,
    post: Uuid,
    author: Uuid,
    parent: Option<&(Uuid, Uuid, i32, Vec<i64>)>,
    body: &str,
    moment: Option<u32>,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(Uuid, Uuid, i32, Vec<i64>)> {
    let formatted = format(body)
        .map_err(anyhow::Error::msg)
        .context("demo comment")?;
    let video_at = moment
        .or(formatted.first_moment)
        .and_then(|s| i32::try_from(s).ok());
    let row = sqlx::query!(
        r#"with s as (select nextval(pg_get_serial_sequence('comments', 'seq')) as seq, gen_random_uuid() as id)
           insert into comments (id, seq, post_id, author_id, parent_id, root_id, depth, path, body, body_html,
                                 video_at, created_at, updated_at)
           select s.id, s.seq, $1, $2, $3, coalesce($4, s.id), $5, coalesce($6, '{}'::bigint[]) || s.seq, $7, $8, $9, $10, $10
           from s
           returning id, root_id, depth, path"#,
        post,
        author,
        parent.map(|p| p.0),
        parent.map(|p| p.1),
        parent.map_or(0, |p| p.2 + 1),
        parent.map(|p| p.3.as_slice()),
        body,
        formatted.html,
        video_at,
        at
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.id, row.root_id, row.depth, row.path))
}

async fn react(
    conn: &mut PgConnection,
    kind: &str,
    id: Uuid,
    user: Uuid,
    reaction: Reaction,
) -> anyhow::Result<()> {
    if kind == "post" {
        sqlx::query!(
            "insert into post_reactions (post_id, user_id, reaction) values ($1, $2, $3) on conflict do nothing",
            id,
            user,
            reaction as Reaction
        )
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query!(
            "insert into comment_reactions (comment_id, user_id, reaction) values ($1, $2, $3) on conflict do nothing",
            id,
            user,
            reaction as Reaction
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Each demo fan keeps a few posts: a public "Theories" folder, a private
/// "Watch later" one, notes and tags.
async fn bookmark(
    conn: &mut PgConnection,
    people: &[(Uuid, String)],
    posts: &[Uuid],
) -> anyhow::Result<()> {
    const NOTES: [&str; 4] = [
        "The clue at the end — re-watch before the next episode!",
        "Send this to the group chat.",
        "Best breakdown of the lore so far.",
        "",
    ];
    const TAGS: [&[&str]; 4] = [&["lore", "clues"], &["favourites"], &["lore"], &[]];
    for (i, (person, _)) in people.iter().enumerate() {
        let theories = sqlx::query_scalar!(
            "insert into bookmark_folders (user_id, name, description, color, is_public, sort_order)
             values ($1, 'Theories', 'Posts that explain the mysteries', 'purple', true, 0) returning id",
            person
        )
        .fetch_one(&mut *conn)
        .await?;
        let later = sqlx::query_scalar!(
            "insert into bookmark_folders (user_id, name, color, sort_order)
             values ($1, 'Watch later', 'teal', 1) returning id",
            person
        )
        .fetch_one(&mut *conn)
        .await?;
        for (k, post) in posts.iter().skip(i).step_by(3).take(4).enumerate() {
            let folder = match k % 3 {
                0 => Some(theories),
                1 => Some(later),
                _ => None,
            };
            let note = NOTES[k % NOTES.len()];
            let tags: Vec<String> = TAGS[k % TAGS.len()]
                .iter()
                .map(|t| (*t).to_owned())
                .collect();
            sqlx::query!(
                "insert into bookmarks (user_id, post_id, folder_id, notes, tags) values ($1, $2, $3, $4, $5)",
                person,
                post,
                folder,
                (!note.is_empty()).then_some(note),
                &tags
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The activity stream of everything the demo people did, in the order
/// they did it (what the app records as it happens).
async fn record_activity(conn: &mut PgConnection) -> anyhow::Result<()> {
    sqlx::query!(
        r#"insert into activity_streams (user_id, action, entity_type, entity_id, entity_data, visibility, created_at)
           select user_id, action, entity_type, entity_id, entity_data, visibility, at from (
             select p.author_id as user_id, 'post.published' as action, 'post' as entity_type, p.id as entity_id,
                    jsonb_build_object('title', p.title, 'slug', p.slug) as entity_data, 'PUBLIC' as visibility,
                    p.published_at as at
             from posts p where p.content_status = 'PUBLISHED' and p.published_at is not null
             union all
             select c.author_id, 'comment.created', 'comment', c.id,
                    jsonb_build_object('title', p.title, 'slug', p.slug, 'excerpt', left(c.body, 140)), 'PUBLIC', c.created_at
             from comments c join posts p on p.id = c.post_id
             where c.deleted_at is null and c.author_id is not null
             union all
             select f.follower_id, 'user.followed', 'user', f.following_id,
                    jsonb_build_object('username', u.username::text, 'name', coalesce(pr.display_name, u.username::text)),
                    case coalesce(fp.followers_visibility, 'everyone') when 'followers' then 'FOLLOWERS'
                         when 'nobody' then 'PRIVATE' else 'PUBLIC' end,
                    f.created_at
             from follows f join users u on u.id = f.following_id
             left join profiles pr on pr.user_id = u.id
             left join profiles fp on fp.user_id = f.follower_id
           ) a
           order by at"#
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every engagement count from the rows it counts.
async fn recount(conn: &mut PgConnection) -> anyhow::Result<()> {
    sqlx::query!(
        "update comments c set reply_count = (select count(*) from comments r where r.parent_id = c.id and r.deleted_at is null),
                reaction_counts = array(select coalesce((select count(*)::int from comment_reactions cr
                                                         where cr.comment_id = c.id and cr.reaction = k), 0)
                                        from unnest(enum_range(null::reaction_type)) with ordinality as e(k, n) order by n),
                reaction_total = (select count(*) from comment_reactions cr where cr.comment_id = c.id)"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update post_stats s set
           comment_count = (select count(*) from comments c where c.post_id = s.post_id and c.deleted_at is null),
           reaction_counts = array(select coalesce((select count(*)::int from post_reactions pr
                                                    where pr.post_id = s.post_id and pr.reaction = k), 0)
                                   from unnest(enum_range(null::reaction_type)) with ordinality as e(k, n) order by n),
           total_reaction_count = (select count(*) from post_reactions pr where pr.post_id = s.post_id),
           bookmark_count = (select count(*) from bookmarks b where b.post_id = s.post_id)"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update post_stats s set hot_score = post_hot_score(s.unique_view_count, s.total_reaction_count, s.comment_count,
                s.bookmark_count, s.share_count, p.published_at)
         from posts p where p.id = s.post_id and s.published"
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
