//! The browser side of the editor: draws the model's blocks into the
//! editable element and maps the page's selection onto model positions
//! and back. Browser-only (`hydrate`).
//!
//! Offsets: the model counts units (characters, one per mention and line
//! break); the DOM counts UTF-16 code units in text nodes. A mention is a
//! `contenteditable="false"` span (one unit), a `<br>` is one unit unless
//! it is the caret filler (`data-filler`) an empty line needs.

use std::collections::{HashMap, HashSet};

use leptos::wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

use super::model::paste::Node as PasteNode;
use super::model::render::{block_html, numbers};
use super::model::rich::MENTION_UNIT;
use super::model::{Block, Pos, Selection};

fn element(node: &Node) -> Option<&Element> {
    (node.node_type() == Node::ELEMENT_NODE).then(|| node.unchecked_ref::<Element>())
}

fn is_mention(element: &Element) -> bool {
    element.has_attribute("data-mention")
}

fn is_break(element: &Element) -> bool {
    element.tag_name() == "BR"
}

fn children(node: &Node) -> Vec<Node> {
    let list = node.child_nodes();
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The model units a node stands for.
fn units_of(node: &Node) -> usize {
    match node.node_type() {
        Node::TEXT_NODE => node.text_content().map_or(0, |t| t.chars().count()),
        Node::ELEMENT_NODE => {
            let el = node.unchecked_ref::<Element>();
            if is_mention(el) {
                1
            } else if is_break(el) {
                usize::from(!el.has_attribute("data-filler"))
            } else {
                children(node).iter().map(units_of).sum()
            }
        }
        _ => 0,
    }
}

/// The characters of a block element as the model would have them (for
/// reading back what an input method wrote).
pub fn block_units(node: &Node, out: &mut Vec<char>) {
    match node.node_type() {
        Node::TEXT_NODE => out.extend(
            node.text_content()
                .unwrap_or_default()
                .chars()
                .map(|c| if c == '\u{a0}' { ' ' } else { c })
                .filter(|c| *c != '\u{200b}'),
        ),
        Node::ELEMENT_NODE => {
            let el = node.unchecked_ref::<Element>();
            if is_mention(el) {
                out.push(MENTION_UNIT);
            } else if is_break(el) {
                if !el.has_attribute("data-filler") {
                    out.push('\n');
                }
            } else {
                for child in children(node) {
                    block_units(&child, out);
                }
            }
        }
        _ => {}
    }
}

fn utf16_to_chars(text: &str, utf16: u32) -> usize {
    let mut seen = 0u32;
    let mut chars = 0;
    for c in text.chars() {
        if seen >= utf16 {
            break;
        }
        seen += u32::try_from(c.len_utf16()).unwrap_or(1);
        chars += 1;
    }
    chars
}

fn chars_to_utf16(text: &str, chars: usize) -> u32 {
    text.chars()
        .take(chars)
        .map(|c| u32::try_from(c.len_utf16()).unwrap_or(1))
        .sum()
}

/// Counts the units before (`target`, `offset`) inside `current`; true
/// once the point was reached.
fn count_until(current: &Node, target: &Node, offset: u32, count: &mut usize) -> bool {
    if current.is_same_node(Some(target)) {
        if current.node_type() == Node::TEXT_NODE {
            *count += utf16_to_chars(&current.text_content().unwrap_or_default(), offset);
        } else {
            for child in children(current).iter().take(offset as usize) {
                *count += units_of(child);
            }
        }
        return true;
    }
    if let Some(el) = element(current)
        && (is_mention(el) || is_break(el))
    {
        // A point inside a mention counts as after it.
        *count += units_of(current);
        return current.contains(Some(target));
    }
    if current.node_type() == Node::TEXT_NODE {
        *count += units_of(current);
        return false;
    }
    children(current)
        .iter()
        .any(|child| count_until(child, target, offset, count))
}

/// The block element around a node, if it is one of `root`'s.
fn block_element(root: &Element, node: &Node) -> Option<Element> {
    let start = match element(node) {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    let found = start.closest("[data-block]").ok()??;
    found
        .parent_node()
        .is_some_and(|p| p.is_same_node(Some(root)))
        .then_some(found)
}

fn block_id(el: &Element) -> Option<u64> {
    el.get_attribute("data-block")?.parse().ok()
}

/// The model position of a DOM point inside the editor.
pub fn to_pos(root: &Element, blocks: &[Block], node: &Node, offset: u32) -> Option<Pos> {
    if node.is_same_node(Some(root)) {
        // Between blocks: the start of the block after, or the end of the last.
        let index = (offset as usize).min(blocks.len());
        return Some(if index < blocks.len() {
            Pos::new(index, 0)
        } else {
            let last = blocks.len().checked_sub(1)?;
            Pos::new(last, blocks[last].len())
        });
    }
    let el = block_element(root, node)?;
    let id = block_id(&el)?;
    let index = blocks.iter().position(|b| b.id == id)?;
    let block = &blocks[index];
    if !block.kind.is_text() {
        return Some(Pos::new(index, 0));
    }
    let mut count = 0;
    count_until(el.unchecked_ref(), node, offset, &mut count);
    Some(Pos::new(index, count.min(block.len())))
}

/// The model selection for the page's selection, when it is in the editor.
pub fn read_selection(root: &Element, blocks: &[Block]) -> Option<Selection> {
    let selection = web_sys::window()?.get_selection().ok()??;
    let anchor_node = selection.anchor_node()?;
    let focus_node = selection.focus_node()?;
    if !root.contains(Some(&anchor_node)) || !root.contains(Some(&focus_node)) {
        return None;
    }
    let anchor = to_pos(root, blocks, &anchor_node, selection.anchor_offset())?;
    let head = to_pos(root, blocks, &focus_node, selection.focus_offset())?;
    Some(Selection::new(anchor, head))
}

/// The model selection for a range the browser is about to change
/// (`beforeinput`'s target ranges).
pub fn range_selection(
    root: &Element,
    blocks: &[Block],
    range: &web_sys::StaticRange,
) -> Option<Selection> {
    let from = to_pos(root, blocks, &range.start_container(), range.start_offset())?;
    let to = to_pos(root, blocks, &range.end_container(), range.end_offset())?;
    Some(Selection::new(from, to))
}

/// The DOM point for `units` into `node`.
fn find_point(node: &Node, units: &mut usize) -> Option<(Node, u32)> {
    let kids = children(node);
    for (index, child) in kids.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        match child.node_type() {
            Node::TEXT_NODE => {
                let text = child.text_content().unwrap_or_default();
                let len = text.chars().count();
                if *units <= len {
                    return Some((child.clone(), chars_to_utf16(&text, *units)));
                }
                *units -= len;
            }
            Node::ELEMENT_NODE => {
                let el = child.unchecked_ref::<Element>();
                if is_mention(el) || is_break(el) {
                    if *units == 0 {
                        return Some((node.clone(), index));
                    }
                    *units -= units_of(child);
                } else if let Some(point) = find_point(child, units) {
                    return Some(point);
                }
            }
            _ => {}
        }
    }
    (*units == 0).then(|| (node.clone(), u32::try_from(kids.len()).unwrap_or(u32::MAX)))
}

/// The DOM point of a model position.
fn to_point(root: &Element, blocks: &[Block], pos: Pos) -> Option<(Node, u32)> {
    let block = blocks.get(pos.block)?;
    let el = root
        .query_selector(&format!("[data-block=\"{}\"]", block.id))
        .ok()??;
    if !block.kind.is_text() {
        let index = children(root.unchecked_ref())
            .iter()
            .position(|n| n.is_same_node(Some(el.unchecked_ref())))?;
        let index = u32::try_from(index + pos.offset.min(1)).ok()?;
        return Some((root.clone().unchecked_into(), index));
    }
    let mut units = pos.offset;
    // In a code block the text sits inside <code>.
    let container: Node = if block.kind.is_code() {
        el.query_selector("code")
            .ok()
            .flatten()
            .map_or_else(|| el.clone().unchecked_into(), |c| c.unchecked_into())
    } else {
        el.unchecked_into()
    };
    find_point(&container, &mut units).or_else(|| Some((container, 0)))
}

/// Shows the model selection on the page.
pub fn write_selection(root: &Element, blocks: &[Block], selection: Selection) {
    let Some(page) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) else {
        return;
    };
    if let (Some((anchor, anchor_offset)), Some((focus, focus_offset))) = (
        to_point(root, blocks, selection.anchor),
        to_point(root, blocks, selection.head),
    ) {
        let _ = page.set_base_and_extent(&anchor, anchor_offset, &focus, focus_offset);
    }
}

/// Draws the blocks into `root`, keeping the elements of blocks that did
/// not change (`drawn` remembers each block's last HTML).
pub fn draw(root: &Element, blocks: &[Block], drawn: &mut HashMap<u64, String>) {
    let Some(document) = root.owner_document() else {
        return;
    };
    let mut existing: HashMap<u64, Element> = HashMap::new();
    for node in children(root.unchecked_ref()) {
        match element(&node).and_then(|el| block_id(el).map(|id| (id, el.clone()))) {
            Some((id, el)) if !existing.contains_key(&id) => {
                existing.insert(id, el);
            }
            // Anything else (text an input method left at the top level).
            _ => {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
    let mut live = HashSet::new();
    let mut previous: Option<Node> = None;
    for (block, number) in blocks.iter().zip(numbers(blocks)) {
        let html = block_html(block, number);
        let reused = match existing.remove(&block.id) {
            Some(el) if drawn.get(&block.id) == Some(&html) => Some(el),
            Some(old) => {
                old.remove();
                None
            }
            None => None,
        };
        let el = match reused {
            Some(el) => el,
            None => match make(&document, &html) {
                Some(el) => el,
                None => continue,
            },
        };
        let expected = match &previous {
            Some(p) => p.next_sibling(),
            None => root.first_child(),
        };
        if !expected
            .as_ref()
            .is_some_and(|n| n.is_same_node(Some(el.unchecked_ref())))
        {
            let _ = root.insert_before(&el, expected.as_ref());
        }
        drawn.insert(block.id, html);
        live.insert(block.id);
        previous = Some(el.unchecked_into());
    }
    for el in existing.into_values() {
        el.remove();
    }
    drawn.retain(|id, _| live.contains(id));
}

fn make(document: &Document, html: &str) -> Option<Element> {
    let holder = document.create_element("div").ok()?;
    holder.set_inner_html(html);
    holder.first_element_child()
}

/// Redraws one block from the model even when its HTML looks unchanged
/// (after an input method wrote into it).
pub fn forget(drawn: &mut HashMap<u64, String>, id: u64) {
    drawn.remove(&id);
}

/// The block element a DOM node is in, with its model id.
pub fn block_of(root: &Element, node: &Node) -> Option<(u64, Element)> {
    let el = block_element(root, node)?;
    Some((block_id(&el)?, el))
}

/// Parses clipboard HTML in an inert document (scripts never run) into the
/// tree [`super::model::paste`] cleans.
pub fn parse_html(html: &str) -> Vec<PasteNode> {
    let Ok(parser) = web_sys::DomParser::new() else {
        return Vec::new();
    };
    let Ok(document) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
        return Vec::new();
    };
    document
        .body()
        .map(|body| {
            children(body.unchecked_ref())
                .iter()
                .filter_map(tree)
                .collect()
        })
        .unwrap_or_default()
}

fn tree(node: &Node) -> Option<PasteNode> {
    match node.node_type() {
        Node::TEXT_NODE => Some(PasteNode::Text(node.text_content().unwrap_or_default())),
        Node::ELEMENT_NODE => {
            let el = node.unchecked_ref::<Element>();
            let names = el.get_attribute_names();
            let attrs = (0..names.length())
                .filter_map(|i| names.get(i).as_string())
                .filter(|name| matches!(name.as_str(), "href" | "style" | "class" | "start"))
                .filter_map(|name| el.get_attribute(&name).map(|value| (name, value)))
                .collect();
            Some(PasteNode::Element {
                tag: el.tag_name().to_ascii_lowercase(),
                attrs,
                children: children(node).iter().filter_map(tree).collect(),
            })
        }
        _ => None,
    }
}
