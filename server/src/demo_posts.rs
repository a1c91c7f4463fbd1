//! Demo posts: categories, about sixty tags, two series and about two
//! hundred posts by the demo creators, written as Markdown and converted
//! with the same import the editor uses. Sentences are combined from small
//! banks about the (fictional) Sparkle show, so every post reads like a
//! fan's post and no two are the same; a fixed seed keeps them stable.

use app::features::posts::document::{Limits, markdown, render, text};
use app::features::posts::ssr::{tags, visibility};
use chrono::{Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Categories: (slug, name, parent slug, description).
const CATEGORIES: [(&str, &str, Option<&str>, &str); 11] = [
    (
        "episodes",
        "Episodes",
        None,
        "Recaps, reviews and reactions, episode by episode.",
    ),
    (
        "season-1",
        "Season 1",
        Some("episodes"),
        "Where it all began.",
    ),
    (
        "season-2",
        "Season 2",
        Some("episodes"),
        "The Glimmer arc and the finale.",
    ),
    (
        "theories",
        "Theories & Lore",
        None,
        "Clues, timelines and wild guesses.",
    ),
    (
        "fan-creations",
        "Fan Creations",
        None,
        "Made by the community.",
    ),
    (
        "fan-art",
        "Fan Art",
        Some("fan-creations"),
        "Drawings, paintings and pixels.",
    ),
    (
        "cosplay",
        "Cosplay",
        Some("fan-creations"),
        "Costumes, props and photo shoots.",
    ),
    (
        "music-covers",
        "Music & Covers",
        Some("fan-creations"),
        "Covers, remixes and sheet music.",
    ),
    (
        "guides",
        "Guides & Tutorials",
        None,
        "How-tos from the community.",
    ),
    (
        "news",
        "News & Announcements",
        None,
        "Premieres, streams and channel news.",
    ),
    (
        "community",
        "Community",
        None,
        "Watch parties, meetups and everything else.",
    ),
];

const CHARACTERS: [(&str, &str); 6] = [
    ("Luna", "the girl with the crescent locket"),
    ("Nova", "Luna's rival turned reluctant ally"),
    ("Pip", "the tiny repair robot who hums when nervous"),
    (
        "Captain Aster",
        "the retired star pilot who runs the lighthouse",
    ),
    ("the Glimmer Choir", "the singing lights under the bay"),
    ("Mira Vale", "the cartographer who maps the night sky"),
];

const EPISODES: [&str; 24] = [
    "The Locket in the Lighthouse",
    "Pip Learns to Whistle",
    "Stars Over Harbour Town",
    "Nova's Bargain",
    "The Map With No North",
    "Midnight at the Observatory",
    "A Song for the Tide",
    "The Broken Compass",
    "Aster's Last Flight",
    "The Choir Wakes",
    "Paper Lanterns",
    "The Long Eclipse",
    "Return to the Bay",
    "Glass Garden",
    "The Cartographer's Secret",
    "Pip Alone",
    "Shooting Star Festival",
    "Nova Remembers",
    "The Tide Turns",
    "Under the Glimmer",
    "A Door in the Sky",
    "The Crescent Key",
    "Every Light at Once",
    "Sparkle",
];

const TOPIC_TAGS: [&str; 26] = [
    "theories",
    "fan art",
    "music",
    "animation",
    "behind the scenes",
    "cosplay",
    "speedruns",
    "timestamps",
    "lore",
    "soundtrack",
    "easter eggs",
    "spoilers",
    "premiere",
    "watch party",
    "tutorial",
    "drawing",
    "pastel",
    "digital art",
    "sketchbook",
    "props",
    "piano",
    "ukulele",
    "rewatch",
    "character study",
    "worldbuilding",
    "community",
];

/// A tiny deterministic generator (the demo is the same on every install).
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = usize::try_from(self.next()).unwrap_or(0) % items.len();
        &items[index]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Adds the categories, tags, series and posts (inside the seeding transaction).
pub async fn seed(conn: &mut PgConnection) -> anyhow::Result<()> {
    for (order, (slug, name, parent, description)) in CATEGORIES.iter().enumerate() {
        sqlx::query!(
            "insert into categories (slug, name, description, parent_id, display_order)
             values ($1::text::citext, $2, $3, (select id from categories where slug = $4::text::citext), $5)
             on conflict (slug) do nothing",
            slug,
            name,
            description,
            *parent,
            i32::try_from(order).unwrap_or(0)
        )
        .execute(&mut *conn)
        .await?;
    }
    let creators = sqlx::query_scalar!(
        r#"select id from users where username in ('creator_cleo', 'creator_nova', 'creator_pip') order by username"#
    )
    .fetch_all(&mut *conn)
    .await?;
    if creators.is_empty() {
        return Ok(());
    }
    let series = [
        series(
            conn,
            creators[0],
            "rewatching-season-1",
            "Rewatching Season 1 with Cleo",
            "One episode at a time, with notes.",
        )
        .await?,
        series(
            conn,
            creators[creators.len() - 1],
            "drawing-luna",
            "Drawing Luna: a beginner's course",
            "From stick figure to locket glow in four lessons.",
        )
        .await?,
    ];
    let mut dice = Dice(0x5eed_2026);
    let now = Utc::now();
    let mut n = 0usize;
    for (index, episode) in EPISODES.iter().enumerate() {
        let number = index + 1;
        let season = if number <= 12 { 1 } else { 2 };
        for kind in [
            "recap",
            "theory",
            "art",
            "review",
            "music",
            "guide",
            "character",
            "question",
            "party",
            "news",
        ] {
            if kind == "news" && number % 3 != 0
                || kind == "question" && number % 2 == 1
                || kind == "party" && number % 4 != 1
            {
                continue;
            }
            n += 1;
            let mut author = creators[n % creators.len()];
            let post = compose(&mut dice, kind, number, season, episode);
            let age = Duration::hours(
                i64::try_from(n).unwrap_or(0) * 11 + i64::try_from(dice.next() % 9).unwrap_or(0),
            );
            let (series_id, series_order) = match (kind, number) {
                ("recap", 1..=6) if season == 1 => {
                    (Some(series[0]), Some(i32::try_from(number).unwrap_or(1)))
                }
                ("art", 1..=4) => (Some(series[1]), Some(i32::try_from(number).unwrap_or(1))),
                _ => (None, None),
            };
            if series_id == Some(series[0]) {
                author = creators[0];
            } else if series_id == Some(series[1]) {
                author = creators[creators.len() - 1];
            }
            insert(
                conn,
                author,
                &post,
                now - age,
                series_id,
                series_order,
                n.is_multiple_of(17),
            )
            .await?;
        }
    }
    for (canonical, synonym) in [
        ("fan-art", "fanart"),
        ("theories", "theory"),
        ("ep-24", "finale"),
        ("luna", "luna-moon"),
    ] {
        tags::add_synonym(conn, canonical, synonym).await?;
    }
    // The newest part of each series should be the last: re-date the series parts in order.
    sqlx::query!(
        "update posts p set published_at = s.first + (p.series_order * interval '2 days')
         from (select series_id, min(published_at) as first from posts where series_id is not null group by series_id) s
         where p.series_id = s.series_id"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update post_tags pt set published_at = p.published_at from posts p where p.id = pt.post_id and pt.published_at is not null"
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
    tracing::info!(posts = n, "demo posts loaded");
    Ok(())
}

async fn series(
    conn: &mut PgConnection,
    author: Uuid,
    slug: &str,
    title: &str,
    description: &str,
) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar!(
        "insert into post_series (slug, title, description, author_id) values ($1::text::citext, $2, $3, $4)
         on conflict (slug) do update set title = excluded.title returning id",
        slug,
        title,
        description,
        author
    )
    .fetch_one(conn)
    .await?)
}

struct Draft {
    title: String,
    markdown: String,
    content_type: app::features::posts::types::ContentType,
    category: &'static str,
    tags: Vec<String>,
    video: Option<(String, i32)>,
}

/// An 11-character stand-in video id (YouTube itself is not reached).
fn video_id(dice: &mut Dice) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..11).map(|_| char::from(*dice.pick(ALPHABET))).collect()
}

fn compose(dice: &mut Dice, kind: &str, number: usize, season: usize, episode: &str) -> Draft {
    use app::features::posts::types::ContentType;
    let (hero, about) = *dice.pick(&CHARACTERS);
    let (other, other_about) = *dice.pick(&CHARACTERS);
    let minute = 2 + dice.next() % 18;
    let second = dice.next() % 60;
    let stamp = format!("{minute}:{second:02}");
    let video = video_id(dice);
    let start = minute * 60 + second;
    let season_tag = format!("season {season}");
    let episode_tag = format!("ep {number}");
    let topic = (*dice.pick(&TOPIC_TAGS)).to_owned();
    let mut tags = vec![
        season_tag,
        episode_tag,
        hero.trim_start_matches("the ").to_lowercase(),
        topic,
    ];
    let opening = dice.pick(&[
        format!("I have watched \"{episode}\" three times now and I keep noticing new things."),
        format!("\"{episode}\" might be the quietest episode of season {season}, and that is exactly why it works."),
        format!("Episode {number} gave {hero} more to do than any episode before it."),
        format!("Nobody warned me that \"{episode}\" would end like that."),
    ]).clone();
    let (title, body, content_type, category) = match kind {
        "recap" => (
            format!("Episode {number} recap: {episode}"),
            format!(
                "{opening}\n\n## What happens\n\n{hero}, {about}, spends most of the episode trying to keep a promise to {other}. \
                 The first act is all small moments: a borrowed lantern, a note left on the lighthouse stairs, \
                 and a long shot of the bay that the animators clearly loved.\n\n\
                 ## The moment everyone is talking about\n\nAt **{stamp}** the music drops out and {other} finally says it out loud. \
                 Watch it again with the sound up:\n\nhttps://www.youtube.com/watch?v={video}&t={start}s\n\n\
                 ## Small things I loved\n\n- the locket catching the light before anyone mentions it\n- {other}'s hands shaking on the railing\n\
                 - the last line of the Glimmer Choir's song, which is the first line backwards\n\n\
                 > Some promises are kept by the people who never said them.\n\nNext week cannot come soon enough."
            ),
            ContentType::Blog,
            if season == 1 { "season-1" } else { "season-2" },
        ),
        "theory" => (
            dice.pick(&[
                format!("Theory: the locket was in \"{episode}\" all along"),
                format!("Theory: {hero} already knows the secret of episode {number}"),
                format!("What if the Glimmer Choir is counting down? (ep {number})"),
            ])
            .clone(),
            format!(
                "{opening}\n\nHere is my case, in three clues.\n\n1. At {stamp} the background map shows the bay **without** the lighthouse.\n\
                 2. {other} ({other_about}) hums the same four notes as in episode {prev}.\n\
                 3. The credits list a character that never appears on screen.\n\n\
                 > [!WARNING]\n> Spoilers up to episode {number} below.\n\n\
                 If the map is from *before* the lighthouse was built, then {hero} has been reading an old map all season, \
                 and every \"wrong turn\" was actually the right one. That also explains why Captain Aster never corrects her.\n\n\
                 Tell me where this falls apart. @fan_cy, you have the timestamps, am I wrong?",
                prev = number.saturating_sub(1).max(1)
            ),
            ContentType::TheoryThread,
            "theories",
        ),
        "art" => (
            format!("Fan art: {hero} in \"{episode}\""),
            format!(
                "I painted {hero} from the scene at {stamp} of episode {number}. Soft pastels, then a glow pass on top.\n\n\
                 ## Process\n\n- thumbnail sketches until the pose felt right\n- flat colours on a warm grey base\n\
                 - a *very* gentle gradient map for the night sky\n- the locket last, so it stays the brightest thing on the page\n\n\
                 > [!TIP]\n> Put your brightest highlight where you want the eye to land first, and nowhere else.\n\n\
                 Critique welcome: I am still not sure about the hands."
            ),
            ContentType::FanArt,
            "fan-art",
        ),
        "review" => (
            format!(
                "Review: \"{episode}\" ({})",
                dice.pick(&[
                    "a quiet triumph",
                    "messy but brave",
                    "the best of the season",
                    "a slow burn worth it"
                ])
            ),
            format!(
                "{opening}\n\nhttps://youtu.be/{video}?t={start}\n\n## The good\n\nThe writing gives {other} room to be wrong without being a villain. \
                 The colour script moves from teal to amber as the night goes on, and the score leans on the ukulele theme instead of the full choir.\n\n\
                 ## The less good\n\nThe middle drags a little, and one subplot exists only to set up next week.\n\n\
                 **Verdict:** {score}/10. Watch it with headphones.",
                score = 7 + dice.next() % 3
            ),
            ContentType::VideoReview,
            if season == 1 { "season-1" } else { "season-2" },
        ),
        "music" => (
            format!(
                "I learned the \"{episode}\" theme on {}",
                dice.pick(&["ukulele", "piano", "guitar", "ocarina"])
            ),
            format!(
                "The melody that plays when {hero} reaches the lighthouse is only eight bars, so it is a perfect first song.\n\n\
                 ```text\nC  G  Am F\nC  G  F  C\n```\n\nPlay the first line slowly and let the last chord ring. \
                 The original is in the episode at {stamp} if you want to play along.\n\nHappy strumming!"
            ),
            ContentType::Tutorial,
            "music-covers",
        ),
        "guide" => (
            format!("Every easter egg in episode {number}, with timestamps"),
            format!(
                "I went through \"{episode}\" frame by frame so you don't have to.\n\n\
                 - **{stamp}**: the clock in the lighthouse is stopped at 11:11 again\n\
                 - **{m2}:{s2:02}**: a poster for the Shooting Star Festival (episode 17!)\n\
                 - the ending card hides a tiny Pip in the bottom corner\n\n\
                 ### How I find them\n\nPause on every wide shot, zoom in on signs and books, and listen for music cues borrowed from earlier episodes.\n\n\
                 Found one I missed? Add it below.",
                m2 = minute + 1,
                s2 = (second + 17) % 60
            ),
            ContentType::Tutorial,
            "guides",
        ),
        "character" => (
            format!("Character study: {hero} after episode {number}"),
            format!(
                "{hero} is {about}, and \"{episode}\" changes how I read every scene with them.\n\n\
                 ## Before\n\nUp to now {hero} acted first and explained later. Even the jokes were a way of not answering questions.\n\n\
                 ## After\n\nAt {stamp} {hero} stops, listens to {other}, and *changes the plan*. It is a tiny beat, but it is the first time \
                 the show lets them be wrong on screen and stay likeable.\n\n\
                 ## What I expect next\n\n- more scenes with {other}, who is {other_about}\n- the locket finally doing something\n\n\
                 What did you notice about {hero} this week?"
            ),
            ContentType::Blog,
            "theories",
        ),
        "question" => (
            dice.pick(&[
                format!("Question: why does {hero} never open the locket?"),
                format!("Did anyone else catch the song at {stamp} in episode {number}?"),
                format!("Which episode should a newcomer start with? (asking after ep {number})"),
            ])
            .clone(),
            format!(
                "Genuine question after rewatching \"{episode}\" last night.\n\n\
                 Every time the locket comes up, the camera cuts away before {hero} opens it. \
                 Is that a budget thing, a running joke, or a clue? Episode {number} does it twice.\n\n\
                 I would love answers from people who caught it live. No spoilers past episode {number}, please!"
            ),
            ContentType::Blog,
            "community",
        ),
        "party" => (
            format!("Watch party for \"{episode}\" this weekend"),
            format!(
                "We are watching episode {number} together on Saturday. Bring snacks, theories and your best {hero} impression.\n\n\
                 > [!NOTE]\n> We pause at {stamp} for the big reveal, so nobody misses it while typing.\n\n\
                 Newcomers very welcome: no spoilers past episode {number} in the chat, please."
            ),
            ContentType::LiveBlog,
            "community",
        ),
        _ => (
            format!("Episode {next} premieres next week", next = number + 1),
            format!(
                "The next episode, \"{next_title}\", premieres on the channel next Friday. The team shared a first still: \
                 {hero} on the lighthouse stairs, holding something that is definitely not the locket.\n\n\
                 https://www.youtube.com/watch?v={video}\n\nSet a reminder and join the live chat.",
                next_title = EPISODES[number.min(EPISODES.len() - 1)]
            ),
            ContentType::News,
            "news",
        ),
    };
    if kind == "art" {
        tags.push("fan art".into());
    }
    if kind == "theory" {
        tags.push("theories".into());
    }
    if dice.chance(30) {
        tags.push("spoilers".into());
    }
    let video = matches!(kind, "review" | "recap")
        .then(|| (video_id(dice), i32::try_from(start).unwrap_or(0)));
    Draft {
        title,
        markdown: body,
        content_type,
        category,
        tags,
        video,
    }
}

async fn insert(
    conn: &mut PgConnection,
    author: Uuid,
    post: &Draft,
    published_at: chrono::DateTime<Utc>,
    series_id: Option<Uuid>,
    series_order: Option<i32>,
    featured: bool,
) -> anyhow::Result<()> {
    let document = markdown::import(&post.markdown);
    if let Err(problems) = document.validate(&Limits::default()) {
        anyhow::bail!("demo post {:?} is invalid: {}", post.title, problems[0]);
    }
    let summary = text::summary(&document);
    let slug = app::features::posts::ssr::slugs::free_post_slug(
        conn,
        &app::features::posts::ssr::slugs::slugify(&post.title),
    )
    .await?;
    let content = serde_json::to_value(&document)?;
    let id = sqlx::query_scalar!(
        r#"insert into posts (slug, title, content, content_html, content_type, content_status, excerpt, author_id,
                              category_id, series_id, series_order, published_at, reading_time, word_count,
                              youtube_video_id, youtube_start, featured, created_at)
           values ($1::text::citext, $2, $3, $4, $5, 'PUBLISHED', $6, $7,
                   (select id from categories where slug = $8::text::citext), $9, $10, $11, $12, $13, $14, $15, $16, $11)
           returning id"#,
        slug,
        post.title,
        content,
        render::to_html(&document),
        post.content_type as _,
        summary.excerpt,
        author,
        post.category,
        series_id,
        series_order,
        published_at,
        summary.reading_minutes,
        summary.word_count,
        post.video.as_ref().map(|(id, _)| id.clone()),
        post.video.as_ref().map_or(0, |(_, start)| *start),
        featured,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into post_revisions (post_id, editor_id, title, content, version, is_published) values ($1, $2, $3, $4, 1, true)",
        id,
        author,
        post.title,
        content
    )
    .execute(&mut *conn)
    .await?;
    let tag_ids = tags::resolve(conn, &post.tags).await?;
    sqlx::query!("insert into post_tags (post_id, tag_id) select $1, unnest($2::uuid[]) on conflict do nothing", id, &tag_ids)
        .execute(&mut *conn)
        .await?;
    let after = visibility::snapshot(conn, id).await?;
    visibility::apply(conn, id, &visibility::Snapshot::default(), &after).await?;
    Ok(())
}
