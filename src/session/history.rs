//! Walking the terminal's history with Up and Down, as a shell's prompt does.

/// Where Up/Down is in the history: `None` while the learner edits a new line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryWalk {
    at: Option<usize>,
}

impl HistoryWalk {
    /// One line older; stays on the oldest. Returns the text the prompt should show.
    pub fn up<'h>(&mut self, history: &'h [String]) -> &'h str {
        self.at = match self.at {
            None => history.len().checked_sub(1),
            Some(i) => Some(i.saturating_sub(1)),
        };
        self.shown(history)
    }

    /// One line newer; past the newest the prompt is empty again, ready for a new line.
    pub fn down<'h>(&mut self, history: &'h [String]) -> &'h str {
        self.at = match self.at {
            Some(i) if i + 1 < history.len() => Some(i + 1),
            _ => None,
        };
        self.shown(history)
    }

    /// Back to a new line, after Enter.
    pub fn reset(&mut self) {
        self.at = None;
    }

    fn shown<'h>(&self, history: &'h [String]) -> &'h str {
        self.at
            .and_then(|i| history.get(i))
            .map_or("", String::as_str)
    }
}
