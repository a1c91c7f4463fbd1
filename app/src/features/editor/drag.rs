//! Moving blocks with the mouse and dropping files (browser only): where
//! between the blocks the pointer is, the handle beside the hovered block,
//! and the line that shows where a drop lands.

use leptos::wasm_bindgen::JsCast;

use super::model::Block;

/// The drag's data type for a block being moved (its id).
pub const BLOCK_TYPE: &str = "application/x-sparkle-block";

/// The element drawn for block `id`.
pub fn element_of(root: &web_sys::Element, id: u64) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-block=\"{id}\"]"))
        .ok()
        .flatten()
}

/// The gap between blocks nearest to `client_y`: 0 before the first block,
/// `blocks.len()` after the last.
pub fn boundary(root: &web_sys::Element, blocks: &[Block], client_y: f64) -> usize {
    for (index, block) in blocks.iter().enumerate() {
        if let Some(el) = element_of(root, block.id) {
            let rect = el.get_bounding_client_rect();
            if client_y < rect.top() + rect.height() / 2.0 {
                return index;
            }
        }
    }
    blocks.len()
}

/// Where the block at `from` goes when dropped at gap `gap`.
pub fn target(from: usize, gap: usize) -> usize {
    if gap > from { gap - 1 } else { gap }
}

/// The vertical position of gap `gap` inside `frame`, in pixels.
pub fn gap_top(
    root: &web_sys::Element,
    frame: &web_sys::HtmlElement,
    blocks: &[Block],
    gap: usize,
) -> Option<f64> {
    let top = frame.get_bounding_client_rect().top();
    if let Some(block) = blocks.get(gap) {
        let rect = element_of(root, block.id)?.get_bounding_client_rect();
        Some(rect.top() - top - 4.0)
    } else {
        let rect = element_of(root, blocks.last()?.id)?.get_bounding_client_rect();
        Some(rect.bottom() - top + 4.0)
    }
}

/// Shows `el` at `top` pixels (or hides it).
pub fn show_at(el: &web_sys::HtmlElement, top: Option<f64>) {
    match top {
        Some(top) => {
            let _ = el.style().set_property("top", &format!("{top:.0}px"));
            el.set_hidden(false);
        }
        None => el.set_hidden(true),
    }
}

/// The top of the block element `el` inside `frame`, in pixels.
pub fn top_in(el: &web_sys::Element, frame: &web_sys::HtmlElement) -> f64 {
    el.get_bounding_client_rect().top() - frame.get_bounding_client_rect().top()
}

/// The picture files a drag or paste carries.
pub fn pictures(transfer: &web_sys::DataTransfer) -> Vec<web_sys::File> {
    let Some(files) = transfer.files() else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .filter(|f| f.type_().starts_with("image/"))
        .collect()
}

/// True when a drag carries files.
pub fn carries_files(transfer: &web_sys::DataTransfer) -> bool {
    let types = transfer.types();
    (0..types.length()).any(|i| types.get(i).as_string().as_deref() == Some("Files"))
}

/// The block element under an event's target, if inside `root`.
pub fn hovered(root: &web_sys::Element, ev: &web_sys::Event) -> Option<(u64, web_sys::Element)> {
    let node = ev.target()?.dyn_into::<web_sys::Node>().ok()?;
    super::dom::block_of(root, &node)
}
