//! A lesson's Markdown, read by pulldown-cmark into a small tree the page draws as elements (never as HTML text), so
//! nothing in a lesson can run or style the page. HTML in a lesson is a load error; the page would show it as text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One piece of a lesson's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A block or inline element and what is inside it.
    Element(Element, Vec<Node>),
    Text(String),
    /// Inline `code`.
    Code(String),
    /// A fenced or indented code block: shell lines a learner copies.
    CodeBlock(String),
    Break,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Paragraph,
    Heading,
    List {
        ordered: bool,
    },
    Item,
    Emphasis,
    Strong,
    Quote,
    /// A link, kept with its address for the page to draw (as a link opening in a new tab when it is http(s)).
    Link(String),
}

/// Refuses HTML, naming the line it starts on.
pub fn check(text: &str) -> Result<(), String> {
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            let line = text[..range.start].matches('\n').count() + 1;
            return Err(format!(
                "line {line} of the text is HTML, which a lesson's Markdown may not hold"
            ));
        }
    }
    Ok(())
}

/// The tree of a Markdown text. HTML (which loading refuses) comes out as plain text.
pub fn parse(text: &str) -> Vec<Node> {
    let mut stack: Vec<(Option<Element>, Vec<Node>)> = vec![(None, Vec::new())];
    let mut code: Option<String> = None;
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                push(&mut stack, Node::CodeBlock(code.take().unwrap_or_default()))
            }
            Event::Text(t) if code.is_some() => code.get_or_insert_with(String::new).push_str(&t),
            Event::Start(tag) => stack.push((element(tag), Vec::new())),
            Event::End(_) => {
                let Some((element, children)) = (stack.len() > 1).then(|| stack.pop()).flatten()
                else {
                    continue;
                };
                match element {
                    Some(element) => push(&mut stack, Node::Element(element, children)),
                    // A tag kplay does not draw (a table, an image): its text stays.
                    None => children
                        .into_iter()
                        .for_each(|child| push(&mut stack, child)),
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, Node::Text(t.into_string()))
            }
            Event::Code(t) => push(&mut stack, Node::Code(t.into_string())),
            // A line break inside a paragraph is a space between English words, nothing after Japanese.
            Event::SoftBreak if !after_wide(&stack) => {
                push(&mut stack, Node::Text(" ".to_string()))
            }
            Event::SoftBreak => {}
            Event::HardBreak => push(&mut stack, Node::Break),
            _ => {}
        }
    }
    stack
        .into_iter()
        .next()
        .map(|(_, nodes)| nodes)
        .unwrap_or_default()
}

/// Whether the text so far ends in a wide (Japanese) character, after which a line break adds no space.
fn after_wide(stack: &[(Option<Element>, Vec<Node>)]) -> bool {
    match stack.last().and_then(|(_, children)| children.last()) {
        Some(Node::Text(text)) => text.chars().last().is_some_and(|c| !c.is_ascii()),
        _ => false,
    }
}

fn push(stack: &mut [(Option<Element>, Vec<Node>)], node: Node) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

fn element(tag: Tag<'_>) -> Option<Element> {
    Some(match tag {
        Tag::Paragraph => Element::Paragraph,
        Tag::Heading { .. } => Element::Heading,
        Tag::List(start) => Element::List {
            ordered: start.is_some(),
        },
        Tag::Item => Element::Item,
        Tag::Emphasis => Element::Emphasis,
        Tag::Strong => Element::Strong,
        Tag::BlockQuote(_) => Element::Quote,
        Tag::Link { dest_url, .. } => Element::Link(dest_url.into_string()),
        _ => return None,
    })
}
