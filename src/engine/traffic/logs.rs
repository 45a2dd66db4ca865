//! Access logs: nginx writes a line per request it serves, in its default format.

use crate::engine::traffic::{Request, Response, MAX_LOG_LINES};
use crate::engine::{Civil, Cluster, Millis};

impl Cluster {
    pub(super) fn log(&mut self, key: &str, client: &str, request: &Request, response: &Response) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if !pod
            .spec
            .containers
            .iter()
            .any(|c| crate::engine::images::split(&c.image).0 == "nginx")
        {
            return;
        }
        let when = nginx_time(self.now);
        let agent = request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            .map_or("curl/8.5.0", |(_, v)| v.as_str())
            .to_string();
        let line = format!(
            "{client} - - [{when}] \"{} {} HTTP/1.1\" {} {} \"-\" \"{agent}\" \"-\"",
            request.method,
            request.path,
            response.status,
            response.body.len()
        );
        let lines = self.traffic.logs.entry(key.to_string()).or_default();
        lines.push_back(line);
        if lines.len() > MAX_LOG_LINES {
            lines.pop_front();
        }
    }
}

/// nginx's `$time_local`: `01/Jan/2026:00:15:30 +0000`.
fn nginx_time(millis: Millis) -> String {
    let c = Civil::at(millis);
    format!(
        "{:02}/{}/{}:{:02}:{:02}:{:02} +0000",
        c.day, c.month, c.year, c.hour, c.minute, c.second
    )
}
