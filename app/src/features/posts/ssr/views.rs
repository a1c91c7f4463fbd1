//! View counting. A page view only appends to an in-memory buffer; a flusher
//! writes the buffer every few seconds in one statement, so a popular post
//! does not turn every read into a write on the same row. Unique views are
//! one `view_history` row per viewer (a member, or a visitor's session) per
//! post per day. Read time and scroll depth arrive later from the reading
//! page's beacon and are buffered the same way.

use std::sync::Mutex;

use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;

/// Events kept at most between two flushes (beyond it new ones are dropped:
/// counts are allowed to be a little short under extreme load, never wrong upwards).
const MAX_PENDING: usize = 200_000;
/// The longest read time counted for one view.
const MAX_READ_SECONDS: i32 = 2 * 3600;

#[derive(Debug, Clone)]
pub struct ViewEvent {
    pub post_id: Uuid,
    pub user_id: Option<Uuid>,
    /// `u:<user id>`, `s:<session hash>` or `a:<address and agent hash>`.
    pub viewer: String,
    pub referrer: Option<String>,
    pub device: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReadEvent {
    pub post_id: Uuid,
    pub viewer: String,
    pub seconds: i32,
    /// Percent of the article scrolled through, 0–100.
    pub depth: f32,
}

/// The buffer shared by every request of this server process.
#[derive(Default)]
pub struct ViewBuffer {
    views: Mutex<Vec<ViewEvent>>,
    reads: Mutex<Vec<ReadEvent>>,
}

impl ViewBuffer {
    pub fn record(&self, event: ViewEvent) {
        if let Ok(mut views) = self.views.lock()
            && views.len() < MAX_PENDING
        {
            views.push(event);
        }
    }

    pub fn record_read(&self, mut event: ReadEvent) {
        event.seconds = event.seconds.clamp(0, MAX_READ_SECONDS);
        event.depth = event.depth.clamp(0.0, 100.0);
        if let Ok(mut reads) = self.reads.lock()
            && reads.len() < MAX_PENDING
        {
            reads.push(event);
        }
    }

    /// Writes everything buffered; returns how many events were written.
    pub async fn flush(&self, pool: &PgPool) -> Result<usize, AppError> {
        let views = self
            .views
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        let reads = self
            .reads
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default();
        let written = views.len() + reads.len();
        if !views.is_empty() {
            write_views(pool, &views).await?;
        }
        if !reads.is_empty() {
            write_reads(pool, &reads).await?;
        }
        Ok(written)
    }
}

async fn write_views(pool: &PgPool, views: &[ViewEvent]) -> Result<(), AppError> {
    let posts: Vec<Uuid> = views.iter().map(|v| v.post_id).collect();
    let users: Vec<Option<Uuid>> = views.iter().map(|v| v.user_id).collect();
    let viewers: Vec<String> = views.iter().map(|v| v.viewer.clone()).collect();
    let referrers: Vec<Option<String>> = views.iter().map(|v| v.referrer.clone()).collect();
    let devices: Vec<Option<String>> = views.iter().map(|v| v.device.clone()).collect();
    sqlx::query!(
        r#"with input as (
             select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
               as t(post_id, user_id, viewer, referrer, device)
             where exists (select 1 from posts p where p.id = t.post_id)
           ),
           inserted as (
             insert into view_history (post_id, user_id, viewer, referrer, device_type)
             select distinct on (post_id, viewer) post_id, user_id, viewer, referrer, device from input
             on conflict (post_id, viewer, view_date) do nothing
             returning post_id
           ),
           totals as (
             select t.post_id, count(*)::int as views,
                    (select count(*) from inserted i where i.post_id = t.post_id)::int as uniques
             from input t group by t.post_id
           )
           update post_stats s set
             view_count = s.view_count + t.views,
             unique_view_count = s.unique_view_count + t.uniques,
             hot_score = case when s.published
               then post_hot_score(s.unique_view_count + t.uniques, s.total_reaction_count, s.comment_count,
                                   s.bookmark_count, s.share_count, p.published_at)
               else s.hot_score end
           from totals t join posts p on p.id = t.post_id
           where s.post_id = t.post_id"#,
        &posts,
        &users as &[Option<Uuid>],
        &viewers,
        &referrers as &[Option<String>],
        &devices as &[Option<String>],
    )
    .execute(pool)
    .await?;
    Ok(())
}

async fn write_reads(pool: &PgPool, reads: &[ReadEvent]) -> Result<(), AppError> {
    let posts: Vec<Uuid> = reads.iter().map(|r| r.post_id).collect();
    let viewers: Vec<String> = reads.iter().map(|r| r.viewer.clone()).collect();
    let seconds: Vec<i32> = reads.iter().map(|r| r.seconds).collect();
    let depths: Vec<f32> = reads.iter().map(|r| r.depth).collect();
    // Each report carries the whole time since the post was opened, so a
    // view's row keeps the largest, and the post's totals move by what the
    // row gained: a read counts once however many reports it sends.
    sqlx::query!(
        r#"with r as (
             select post_id, viewer, max(seconds) as seconds, max(depth) as depth
             from unnest($1::uuid[], $2::text[], $3::int[], $4::real[]) as t(post_id, viewer, seconds, depth)
             group by post_id, viewer
           ),
           old as (
             select v.id, v.view_duration as before, r.seconds, r.depth
             from view_history v join r on v.post_id = r.post_id and v.viewer = r.viewer
             where v.view_date = current_date
             for update of v
           ),
           changed as (
             update view_history v set view_duration = greatest(v.view_duration, old.seconds),
                    scroll_depth = greatest(v.scroll_depth, old.depth)
             from old where v.id = old.id
             returning v.post_id, old.before, v.view_duration as after
           ),
           gained as (
             select post_id, count(*) filter (where before = 0 and after > 0)::int as reads,
                    sum(after - before)::bigint as seconds
             from changed group by post_id
           )
           update post_stats s set timed_reads = s.timed_reads + g.reads,
                  total_read_seconds = s.total_read_seconds + g.seconds,
                  avg_read_time = (s.total_read_seconds + g.seconds)::double precision
                                  / greatest(s.timed_reads + g.reads, 1),
                  last_calculated_at = now()
           from gained g
           where s.post_id = g.post_id and (g.reads > 0 or g.seconds > 0)"#,
        &posts,
        &viewers,
        &seconds,
        &depths,
    )
    .execute(pool)
    .await?;
    Ok(())
}
