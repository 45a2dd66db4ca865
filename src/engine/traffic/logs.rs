//! Access logs: nginx writes a line per request it serves, in its default format. The parts of each line are kept
//! and the line is written when someone reads the log, so serving a request stays cheap.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::engine::traffic::{Request, Response, MAX_LOG_LINES};
use crate::engine::{Civil, Cluster, Millis};

/// curl's User-Agent, which most requests carry.
const CURL_AGENT: &str = "curl/8.5.0";
/// `kplay load`'s User-Agent.
pub const LOAD_AGENT: &str = "kplay-load";

/// A text shared by most requests borrowed from the list, any other copied.
fn common(text: &str, known: &[&'static str]) -> Cow<'static, str> {
    match known.iter().find(|k| **k == text) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(text.to_string()),
    }
}

/// One request a pod served, as nginx's access log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Access {
    at: Millis,
    /// None when the client's address is unknown (a pod without an IP yet).
    client: Option<Ipv4Addr>,
    method: Cow<'static, str>,
    path: Cow<'static, str>,
    status: u16,
    bytes: usize,
    agent: Cow<'static, str>,
}

impl Access {
    pub(super) fn at(&self) -> Millis {
        self.at
    }

    /// nginx's `combined` format.
    pub(super) fn line(&self) -> String {
        format!(
            "{} - - [{}] \"{} {} HTTP/1.1\" {} {} \"-\" \"{}\" \"-\"",
            self.client.map(|ip| ip.to_string()).unwrap_or_default(),
            nginx_time(self.at),
            self.method,
            self.path,
            self.status,
            self.bytes,
            self.agent
        )
    }
}

impl Cluster {
    /// Writes the access-log entry of a request the nginx container of pod `key` served.
    pub(super) fn log(
        &mut self,
        key: &str,
        client: Option<Ipv4Addr>,
        request: &Request,
        response: &Response,
    ) {
        let agent = request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            .map_or(Cow::Borrowed(CURL_AGENT), |(_, v)| {
                common(v, &[CURL_AGENT, LOAD_AGENT])
            });
        let entry = Access {
            at: self.now,
            client,
            method: common(&request.method, &["GET", "HEAD", "POST", "PUT", "DELETE"]),
            path: common(&request.path, &["/"]),
            status: response.status,
            bytes: response.body.len(),
            agent,
        };
        let lines = match self.traffic.logs.get_mut(key) {
            Some(lines) => lines,
            None => self.traffic.logs.entry(key.to_string()).or_default(),
        };
        lines.push_back(entry);
        if lines.len() > MAX_LOG_LINES {
            lines.pop_front();
        }
    }
}

/// What a container of the "Learn Kubernetes Basics" image writes: a line when it starts and one per request, with
/// the count and the uptime (its server.js logs with `console.log`, dates in ISO form).
pub fn bootcamp_lines(pod: &str, started: Millis, served: &[Millis]) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Kubernetes Bootcamp App Started At: {} | Running On:  {pod} ",
            iso(started)
        ),
        String::new(),
    ];
    lines.extend(
        served
            .iter()
            .filter(|at| **at >= started)
            .enumerate()
            .map(|(i, at)| {
                format!(
            "Running On: {pod} | Total Requests: {} | App Uptime: {} seconds | Log Time: {}",
            i + 1,
            (at - started) as f64 / 1000.0,
            iso(*at)
        )
            }),
    );
    lines
}

/// JavaScript's `Date.prototype.toISOString`: `2026-01-01T00:15:30.000Z`.
fn iso(millis: Millis) -> String {
    let at = std::time::UNIX_EPOCH
        + std::time::Duration::from_millis(crate::engine::EPOCH_UNIX_SECONDS * 1000 + millis);
    humantime::format_rfc3339_millis(at).to_string()
}

/// nginx's `$time_local`: `01/Jan/2026:00:15:30 +0000`.
fn nginx_time(millis: Millis) -> String {
    let c = Civil::at(millis);
    format!(
        "{:02}/{}/{}:{:02}:{:02}:{:02} +0000",
        c.day, c.month, c.year, c.hour, c.minute, c.second
    )
}
