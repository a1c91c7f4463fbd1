//! Which addresses a document may hold: links, pictures and YouTube videos.
//!
//! The rules are allow-lists checked character by character, so browser
//! quirks (`java\tscript:`, entity tricks, `//evil.example`) cannot slip
//! through: anything not plainly allowed is refused.

/// The longest link or picture address kept.
pub const MAX_URL_LEN: usize = 2048;

/// Why a link address is refused, as the writer reads it.
pub fn check_link(href: &str) -> Result<(), &'static str> {
    if href.is_empty() {
        return Err("a link needs an address");
    }
    if href.len() > MAX_URL_LEN {
        return Err("a link address is longer than 2048 characters");
    }
    if href
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\'))
    {
        return Err("a link address has spaces or characters that are not allowed");
    }
    let lower = href.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        let name = host.split(':').next().unwrap_or_default();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']'));
        return if valid {
            Ok(())
        } else {
            Err("a link address has no valid host name")
        };
    }
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return if rest.contains('@') && !rest.starts_with('@') {
            Ok(())
        } else {
            Err("a mailto: link needs an email address")
        };
    }
    if href.starts_with('/') && !href.starts_with("//") {
        return Ok(());
    }
    if let Some(anchor) = href.strip_prefix('#') {
        return if !anchor.is_empty()
            && anchor
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        {
            Ok(())
        } else {
            Err("a link to a heading must look like #some-heading")
        };
    }
    Err("links must start with https://, http://, mailto:, / or #")
}

/// True for an external address (`http`, `https` or `mailto`), which gets
/// `rel="nofollow ugc noopener noreferrer"`.
pub fn is_external(href: &str) -> bool {
    !(href.starts_with('/') || href.starts_with('#'))
}

/// Pictures come from this site's media store only: no tracking pixels,
/// and the content security policy stays `img-src 'self'`.
pub fn check_image(src: &str) -> Result<(), &'static str> {
    let Some(key) = src.strip_prefix(crate::features::media::types::MEDIA_PREFIX) else {
        return Err(
            "pictures must be uploaded to Sparkle Universe (their address starts with /media/)",
        );
    };
    if key.is_empty()
        || key.len() > 512
        || key.contains("..")
        || key.starts_with('/')
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
    {
        return Err("the picture's address is not a stored file");
    }
    Ok(())
}

/// True for an 11-character YouTube video id.
pub fn is_video_id(id: &str) -> bool {
    id.len() == 11
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// The video id and start time (seconds) of a YouTube address:
/// `youtube.com/watch?v=ID&t=1m30s`, `youtu.be/ID?t=90`, `/shorts/ID`,
/// `/embed/ID?start=90`, `/live/ID`. `None` for anything else.
pub fn parse_youtube(url: &str) -> Option<(String, u32)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path_and_query) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => return None,
    };
    let host = host.to_ascii_lowercase();
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, query.split('#').next().unwrap_or_default()),
        None => (path_and_query.split('#').next().unwrap_or_default(), ""),
    };
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    };
    let id = match host.as_str() {
        "youtu.be" | "www.youtu.be" => path.trim_start_matches('/').split('/').next()?,
        "youtube.com"
        | "www.youtube.com"
        | "m.youtube.com"
        | "music.youtube.com"
        | "youtube-nocookie.com"
        | "www.youtube-nocookie.com" => {
            if path == "/watch" {
                param("v")?
            } else {
                let mut parts = path.trim_start_matches('/').split('/');
                match parts.next()? {
                    "shorts" | "embed" | "live" | "v" => parts.next()?,
                    _ => return None,
                }
            }
        }
        _ => return None,
    };
    if !is_video_id(id) {
        return None;
    }
    let start = param("t")
        .or_else(|| param("start"))
        .and_then(parse_time)
        .unwrap_or(0);
    Some((id.to_owned(), start))
}

/// `90`, `90s`, `1m30s`, `1h2m3s` → seconds.
pub fn parse_time(raw: &str) -> Option<u32> {
    if let Ok(seconds) = raw.parse::<u32>() {
        return Some(seconds);
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    for c in raw.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: u32 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(value.checked_mul(unit)?)?;
    }
    if !number.is_empty() {
        total = total.checked_add(number.parse().ok()?)?;
    }
    Some(total)
}

/// The watch address of a video at a start time (what Markdown export writes).
pub fn youtube_watch_url(video_id: &str, start: u32) -> String {
    if start == 0 {
        format!("https://www.youtube.com/watch?v={video_id}")
    } else {
        format!("https://www.youtube.com/watch?v={video_id}&t={start}s")
    }
}

/// The privacy-enhanced embed address the reading page puts in its frame.
pub fn youtube_embed_url(video_id: &str, start: u32) -> String {
    // `enablejsapi` lets the page seek the player (a comment's moment).
    if start == 0 {
        format!("https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1")
    } else {
        format!("https://www.youtube-nocookie.com/embed/{video_id}?start={start}&enablejsapi=1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_allow_list() {
        for ok in [
            "https://example.com",
            "http://example.com/a?b=c#d",
            "https://user@example.com:8080/x",
            "mailto:ana@example.com",
            "/p/hello",
            "#intro",
        ] {
            assert_eq!(check_link(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/x",
            "/\\evil.example",
            "https://",
            "https:///x",
            "https://exa mple.com",
            "https://a.com/\"onmouseover=\"x",
            "ftp://example.com",
            "#",
            "#a b",
            "mailto:",
            "",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn pictures_come_from_the_media_store() {
        assert_eq!(check_image("/media/post/ab/cd-w1200.webp"), Ok(()));
        for bad in [
            "https://example.com/x.png",
            "/media/../secret",
            "/media//x",
            "/media/",
            "/media/x\"onerror=\"alert(1)",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
        ] {
            assert!(check_image(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn youtube_addresses_give_the_video_and_start() {
        let id = "dQw4w9WgXcQ";
        assert_eq!(
            parse_youtube(&format!("https://www.youtube.com/watch?v={id}")),
            Some((id.into(), 0))
        );
        assert_eq!(
            parse_youtube(&format!("https://youtu.be/{id}?t=90")),
            Some((id.into(), 90))
        );
        assert_eq!(
            parse_youtube(&format!("https://www.youtube.com/watch?v={id}&t=1m30s")),
            Some((id.into(), 90))
        );
        assert_eq!(
            parse_youtube(&format!("https://youtube.com/shorts/{id}")),
            Some((id.into(), 0))
        );
        assert_eq!(
            parse_youtube(&format!("https://www.youtube.com/embed/{id}?start=5")),
            Some((id.into(), 5))
        );
        assert_eq!(
            parse_youtube(&format!(
                "https://m.youtube.com/watch?feature=x&v={id}&t=1h2s"
            )),
            Some((id.into(), 3602))
        );
        assert_eq!(parse_youtube("https://vimeo.com/123456"), None);
        assert_eq!(
            parse_youtube("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"),
            None
        );
        assert_eq!(parse_youtube("https://www.youtube.com/watch?v=short"), None);
        assert_eq!(
            parse_youtube("javascript:alert(1)//youtu.be/dQw4w9WgXcQ"),
            None
        );
        assert_eq!(
            youtube_embed_url(id, 90),
            format!("https://www.youtube-nocookie.com/embed/{id}?start=90&enablejsapi=1")
        );
    }
}
