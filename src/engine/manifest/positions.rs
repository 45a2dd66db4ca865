//! Where each field of each YAML document starts, so diagnostics can point at the exact line and column.
//!
//! serde_yaml builds values but forgets positions; yaml-rust2's event parser keeps them. This runs only when a
//! manifest has problems, so the common path parses once.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// For each document, the 1-based (line, column) of every field and list item, keyed by its dotted path
/// (`spec.template.spec.containers[0].image`).
#[derive(Debug, Default)]
pub struct Positions {
    documents: Vec<BTreeMap<String, (u32, u32)>>,
}

impl Positions {
    pub fn of(text: &str) -> Positions {
        let mut builder = Builder::default();
        // A syntax error ends the walk; what was read until then still has positions.
        let _ = Parser::new_from_str(text).load(&mut builder, true);
        Positions {
            documents: builder.documents,
        }
    }

    /// The position of `path` in document `index`, or of its nearest ancestor that has one.
    pub fn find(&self, index: usize, path: &str) -> Option<(u32, u32)> {
        let document = self.documents.get(index)?;
        let mut path = path;
        loop {
            if let Some(position) = document.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

#[derive(Debug)]
enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

#[derive(Debug, Default)]
struct Builder {
    documents: Vec<BTreeMap<String, (u32, u32)>>,
    stack: Vec<Frame>,
}

impl Builder {
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Map { key: Some(key) } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Frame::Seq { index } => path.push_str(&format!("[{index}]")),
                Frame::Map { key: None } => {}
            }
        }
        path
    }

    fn record(&mut self, mark: Marker) {
        let path = self.path();
        let position = (to_u32(mark.line()), to_u32(mark.col() + 1));
        if let Some(document) = self.documents.last_mut() {
            document.entry(path).or_insert(position);
        }
    }

    /// A value (scalar or the start of a collection) has been read in the current frame.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key }) => *key = None,
            Some(Frame::Seq { index }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::DocumentStart => {
                self.documents.push(BTreeMap::new());
                self.stack.clear();
            }
            Event::Scalar(value, ..) => match self.stack.last_mut() {
                Some(Frame::Map { key: None }) => {
                    // A block mapping's own mark sits at its first `:`, so the map (say, a list item) takes the
                    // position of its first key instead.
                    let map_path = self.path();
                    if let Some(document) = self.documents.last_mut() {
                        document
                            .entry(map_path)
                            .or_insert((to_u32(mark.line()), to_u32(mark.col() + 1)));
                    }
                    if let Some(Frame::Map { key }) = self.stack.last_mut() {
                        *key = Some(value);
                    }
                    self.record(mark);
                }
                Some(Frame::Seq { .. }) => {
                    self.record(mark);
                    self.value_done();
                }
                _ => self.value_done(),
            },
            Event::Alias(_) => {
                if matches!(self.stack.last(), Some(Frame::Seq { .. })) {
                    self.record(mark);
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let in_list = matches!(self.stack.last(), Some(Frame::Seq { .. }));
                if in_list && matches!(event, Event::SequenceStart(..)) {
                    self.record(mark);
                }
                self.stack
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { index: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_list_items_have_their_positions() {
        let text = "apiVersion: apps/v1\nspec:\n  replica: 3\n  template:\n    spec:\n      containers:\n        - name: a\n          imagee: x\n---\nkind: Service\n";
        let positions = Positions::of(text);
        assert_eq!(positions.find(0, "spec.replica"), Some((3, 3)));
        assert_eq!(
            positions.find(0, "spec.template.spec.containers[0]"),
            Some((7, 11))
        );
        assert_eq!(
            positions.find(0, "spec.template.spec.containers[0].imagee"),
            Some((8, 11))
        );
        assert_eq!(positions.find(1, "kind"), Some((10, 1)));
        // A path with no position of its own falls back to its nearest ancestor.
        assert_eq!(positions.find(0, "spec.replica.deeper"), Some((3, 3)));
    }
}
