//! What a command line printed: stdout and stderr chunks, in the order printed.

/// Which stream a piece of output went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// What one command line printed, in the order it printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    chunks: Vec<(Stream, String)>,
    /// The exit status: 0 unless the command failed.
    status: i32,
}

impl Output {
    pub(super) fn out(text: impl Into<String>) -> Output {
        let mut output = Output::default();
        output.push_out(text);
        output
    }

    /// A failure: the message on stderr and exit status 1.
    pub(super) fn err(text: impl Into<String>) -> Output {
        let mut output = Output::default();
        output.push_err(text);
        output.status = 1;
        output
    }

    /// The same output with `from` replaced by `to` in what went to stdout.
    pub(super) fn replace_out(mut self, from: &str, to: &str) -> Output {
        for (stream, text) in &mut self.chunks {
            if *stream == Stream::Out {
                *text = text.replace(from, to);
            }
        }
        self
    }

    /// The exit status, as `$?` and `&&` see it.
    pub fn status(&self) -> i32 {
        self.status
    }

    /// Whether nothing was printed.
    pub fn is_empty(&self) -> bool {
        self.chunks().iter().all(|(_, text)| text.is_empty())
    }

    pub(super) fn set_status(&mut self, status: i32) {
        self.status = status;
    }

    pub fn push_out(&mut self, text: impl Into<String>) {
        self.push(Stream::Out, text.into());
    }

    pub fn push_err(&mut self, text: impl Into<String>) {
        self.push(Stream::Err, text.into());
    }

    fn push(&mut self, stream: Stream, text: String) {
        if !text.is_empty() {
            self.chunks.push((stream, text));
        }
    }

    /// Appends everything `other` printed, keeping its order; a failure in either is a failure.
    pub fn extend(&mut self, other: Output) {
        self.chunks.extend(other.chunks);
        self.status = self.status.max(other.status);
    }

    pub fn chunks(&self) -> &[(Stream, String)] {
        &self.chunks
    }

    pub fn stdout(&self) -> String {
        self.stream(Stream::Out)
    }

    pub fn stderr(&self) -> String {
        self.stream(Stream::Err)
    }

    fn stream(&self, wanted: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(stream, _)| *stream == wanted)
            .map(|(_, text)| text.as_str())
            .collect()
    }

    /// Both streams interleaved as a terminal shows them.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|(_, text)| text.as_str()).collect()
    }
}
