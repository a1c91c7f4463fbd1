//! The timeline heat strip: where in a post's video its timestamped
//! comments cluster. One grouped query over the post's moments (a partial
//! index holds only live comments with a moment), then the top comment of
//! each busy stretch.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::comments::types::{Heat, HeatBin};
use crate::features::posts::document::text::truncate_words;

/// Stretches the strip is cut into, at most.
pub const BINS: u32 = 40;
/// The lengths a stretch may have, in seconds.
const STEPS: [u32; 9] = [5, 10, 15, 30, 60, 120, 300, 600, 1800];

/// The strip of `post_id`'s video.
pub async fn strip(conn: &mut PgConnection, post_id: Uuid) -> Result<Heat, AppError> {
    let last = sqlx::query_scalar!(
        "select max(video_at) from comments where post_id = $1 and video_at is not null and deleted_at is null",
        post_id
    )
    .fetch_one(&mut *conn)
    .await?
    .unwrap_or(0);
    let last = u32::try_from(last).unwrap_or(0);
    // The video's length is unknown here (YouTube is not asked): the strip
    // covers a little past the last moment mentioned, at least a minute.
    let span = (last + last / 10 + 1).max(60);
    // Stretches of a round length (5 s, 10 s, 15 s, 30 s, 1 min…), so the
    // strip reads like a clock and a burst of talk lands in one stretch.
    let width = STEPS
        .into_iter()
        .find(|step| span.div_ceil(*step) <= BINS)
        .unwrap_or_else(|| span.div_ceil(BINS));
    let span = span.div_ceil(width) * width;
    let rows = sqlx::query!(
        r#"select (video_at / $2)::int as "bin!", count(*)::int as "count!",
                  (array_agg(c.body order by c.reaction_total desc, c.created_at))[1] as "body!",
                  (array_agg(u.username::text order by c.reaction_total desc, c.created_at))[1] as author
           from comments c left join users u on u.id = c.author_id
           where c.post_id = $1 and c.video_at is not null and c.deleted_at is null
           group by 1 order by 1"#,
        post_id,
        i32::try_from(width).unwrap_or(i32::MAX)
    )
    .fetch_all(&mut *conn)
    .await?;
    let busiest = rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
    let total = rows.iter().map(|r| r.count).sum();
    let bins = (0..span.div_ceil(width))
        .map(|i| {
            let row = rows
                .iter()
                .find(|r| u32::try_from(r.bin).is_ok_and(|b| b == i));
            let count = row.map_or(0, |r| r.count);
            HeatBin {
                from: i * width,
                to: ((i + 1) * width).min(span) - 1,
                count,
                heat: u8::try_from(count * 100 / busiest).unwrap_or(100),
                top_comment: row.map(|r| {
                    let text = super::format::format(&r.body)
                        .map(|f| f.text)
                        .unwrap_or_default();
                    truncate_words(&text, 140)
                }),
                top_author: row.and_then(|r| r.author.clone()),
            }
        })
        .collect();
    Ok(Heat { span, bins, total })
}
