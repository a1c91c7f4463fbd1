//! The menu that opens at the caret (browser only): people for `@ana`,
//! block types for `/`. A listbox the writer moves through with the arrow
//! keys while the caret stays in the text (`aria-activedescendant`).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::model::SlashItem;
use crate::features::profiles::types::MentionSuggestion;

/// One choice of the menu.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuItem {
    Person(MentionSuggestion),
    Block(SlashItem),
}

/// The open menu: its choices and the highlighted one.
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    pub items: Vec<MenuItem>,
    pub active: usize,
}

impl Menu {
    pub fn new(items: Vec<MenuItem>, previous: Option<&Menu>) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        // The highlight stays on the same choice while the list narrows.
        let active = previous
            .and_then(|p| p.items.get(p.active))
            .and_then(|chosen| items.iter().position(|i| i == chosen))
            .unwrap_or(0);
        Some(Self { items, active })
    }

    /// Moves the highlight to the next (or previous) choice, wrapping around.
    pub fn step(&mut self, forward: bool) {
        let n = self.items.len().max(1);
        self.active = if forward {
            (self.active + 1) % n
        } else {
            (self.active + n - 1) % n
        };
    }

    pub fn label(&self) -> &'static str {
        match self.items.first() {
            Some(MenuItem::Person(_)) => "People to mention",
            _ => "Blocks to insert",
        }
    }
}

/// The id of choice `index`, for `aria-activedescendant`.
pub fn option_id(index: usize) -> String {
    format!("ed-menu-{index}")
}

/// The listbox. `choose` runs with a choice's index when it is clicked.
#[component]
pub fn MenuList(
    menu: RwSignal<Option<Menu>>,
    list_ref: NodeRef<leptos::html::Ul>,
    choose: impl Fn(usize) + Copy + Send + Sync + 'static,
    /// Keys pressed while the list itself has the keyboard (it is a tab
    /// stop while open, as a scrolling region must be).
    on_key: impl Fn(leptos::ev::KeyboardEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = move || {
        menu.with(|m| {
            let Some(m) = m else {
                return Vec::new();
            };
            m.items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let selected = index == m.active;
                    let body = match item {
                        MenuItem::Person(person) => {
                            let name = person
                                .display_name
                                .clone()
                                .unwrap_or_else(|| person.username.clone());
                            let initial = name.chars().next().unwrap_or('?').to_uppercase().to_string();
                            let avatar = match &person.avatar {
                                Some(img) => view! { <img src=img.thumb_url.clone() alt="" class="ed-menu-avatar"/> }.into_any(),
                                None => view! { <span class="ed-menu-avatar" aria-hidden="true">{initial}</span> }.into_any(),
                            };
                            view! {
                                {avatar}
                                <span class="ed-menu-text"><span class="ed-menu-label">{name}</span>
                                <span class="ed-menu-hint">"@"{person.username.clone()}</span></span>
                            }
                            .into_any()
                        }
                        MenuItem::Block(block) => view! {
                            <span class="ed-menu-icon" aria-hidden="true">{icon(*block)}</span>
                            <span class="ed-menu-text"><span class="ed-menu-label">{block.label()}</span>
                            <span class="ed-menu-hint">{block.hint()}</span></span>
                        }
                        .into_any(),
                    };
                    view! {
                        <li id=option_id(index) role="option" aria-selected=selected.to_string() class="ed-menu-option"
                            on:mousedown=|ev: leptos::ev::MouseEvent| ev.prevent_default()
                            on:click=move |_| choose(index)>{body}</li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <ul id="ed-menu" node_ref=list_ref role="listbox" class="ed-menu" tabindex="0" on:keydown=on_key aria-label=move || menu.with(|m| m.as_ref().map_or("", Menu::label))
            hidden=move || menu.with(Option::is_none)>{items}</ul>
    }
}

fn icon(item: SlashItem) -> &'static str {
    use super::model::BlockType;
    match item {
        SlashItem::Quote => "❝",
        SlashItem::Block(kind) => match kind {
            BlockType::Paragraph => "¶",
            BlockType::Heading(2) => "H2",
            BlockType::Heading(3) => "H3",
            BlockType::Heading(_) => "H4",
            BlockType::BulletList => "•",
            BlockType::NumberedList => "1.",
            BlockType::Code => "</>",
            BlockType::Callout(_) => "!",
            BlockType::Image => "🖼",
            BlockType::Youtube => "▶",
            BlockType::Divider => "―",
        },
    }
}

/// Scrolls the list so its highlighted option is visible.
pub fn keep_in_view(list: &web_sys::HtmlElement) {
    let Ok(Some(option)) = list.query_selector("[aria-selected=\"true\"]") else {
        return;
    };
    let Ok(option) = option.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let (top, height) = (option.offset_top(), option.offset_height());
    let (scroll, view) = (list.scroll_top(), list.client_height());
    if top < scroll {
        list.set_scroll_top(top);
    } else if top + height > scroll + view {
        list.set_scroll_top(top + height - view);
    }
}

/// Puts `menu` under the caret, inside `frame` (the editor's box), and
/// keeps it within the frame's width on a narrow screen.
pub fn place_at_caret(menu: &web_sys::HtmlElement, frame: &web_sys::HtmlElement) {
    let Some(range) = web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .filter(|s| s.range_count() > 0)
        .and_then(|s| s.get_range_at(0).ok())
    else {
        return;
    };
    let mut caret = range.get_bounding_client_rect();
    if caret.height() == 0.0 {
        // An empty line has no box; its block has.
        if let Some(el) = range
            .start_container()
            .ok()
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            caret = el.get_bounding_client_rect();
        }
    }
    let box_ = frame.get_bounding_client_rect();
    let width = f64::from(menu.offset_width());
    let left = (caret.left() - box_.left())
        .min(box_.width() - width - 8.0)
        .max(0.0);
    let top = caret.bottom() - box_.top() + 6.0;
    let style = menu.style();
    let _ = style.set_property("left", &format!("{left:.0}px"));
    let _ = style.set_property("top", &format!("{top:.0}px"));
}
