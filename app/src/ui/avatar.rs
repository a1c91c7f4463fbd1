//! A round picture of a person, with their initials when there is no picture.

use leptos::prelude::*;

/// Pixel sizes offered; the image is requested at this size.
const SIZES: [(u16, &str); 4] = [
    (24, "w-6 h-6 text-xs"),
    (32, "w-8 h-8 text-xs"),
    (48, "w-12 h-12 text-base"),
    (96, "w-24 h-24 text-2xl"),
];

fn size_class(px: u16) -> &'static str {
    SIZES
        .iter()
        .find(|(s, _)| *s >= px)
        .map_or("w-24 h-24 text-2xl", |(_, c)| c)
}

/// Up to two initials from a display name.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The avatar of `name`; `src` is the image when the person has one.
#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    #[prop(default = None)] src: Option<String>,
    #[prop(default = 32)] size: u16,
    /// Hidden from assistive technology, for when the name is said next to it.
    #[prop(optional)]
    decorative: bool,
) -> impl IntoView {
    let class = format!(
        "{} inline-grid shrink-0 place-items-center overflow-hidden rounded-full bg-gradient-to-br from-sparkle-400 to-violet-500 font-bold text-white ring-2 ring-surface",
        size_class(size)
    );
    match src {
        Some(src) => view! {
            <span class=class aria-hidden=decorative.then_some("true")>
                <img src=src alt=if decorative { String::new() } else { name } width=size height=size loading="lazy" class="w-full h-full object-cover"/>
            </span>
        }
        .into_any(),
        None => view! {
            <span class=class role=(!decorative).then_some("img") aria-label=(!decorative).then(|| name.clone())
                aria-hidden=decorative.then_some("true")>
                {initials(&name)}
            </span>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_two_words() {
        assert_eq!(initials("sparkle fan club"), "SF");
        assert_eq!(initials("ana"), "A");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn sizes_round_up() {
        assert_eq!(size_class(20), "w-6 h-6 text-xs");
        assert_eq!(size_class(40), "w-12 h-12 text-base");
        assert_eq!(size_class(500), "w-24 h-24 text-2xl");
    }
}
