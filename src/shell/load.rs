//! `kplay load [-n N] [-H 'Host: h'] URL`: N requests at once, tallied by status, pod and ReplicaSet, so a rolling
//! update shows old and new versions answering side by side.

use std::collections::BTreeMap;

use crate::engine::traffic::{Outcome, Request};
use crate::engine::{Command, Event};
use crate::shell::curl::split_url;
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The most requests one command sends.
const MAX_REQUESTS: usize = 10_000;

pub(super) fn load(shell: &mut Shell, words: &[&str]) -> Output {
    let mut count = 100;
    let mut host = None;
    let mut url = None;
    let mut words = words.iter();
    while let Some(word) = words.next() {
        match *word {
            "-n" => count = words.next().and_then(|n| n.parse().ok()).unwrap_or(count),
            "-H" => {
                host = words
                    .next()
                    .and_then(|h| h.strip_prefix("Host:").or_else(|| h.strip_prefix("host:")))
                    .map(|h| h.trim().to_string())
            }
            other => url = Some(other.to_string()),
        }
    }
    let Some(url) = url else {
        return Output::err("usage: kplay load [-n N] [-H 'Host: h'] URL\n");
    };
    let count = count.clamp(1, MAX_REQUESTS);
    let Some((address, port, path)) = split_url(&url) else {
        return Output::err("curl: (3) URL rejected: Malformed input to a URL function\n");
    };
    let authority = if port == 80 {
        address.clone()
    } else {
        format!("{address}:{port}")
    };
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_pod: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_rs: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..count {
        let request = Request {
            method: "GET".into(),
            address: address.clone(),
            port,
            host: host.clone().unwrap_or_else(|| authority.clone()),
            path: path.clone(),
            headers: vec![("User-Agent".into(), "kplay-load".into())],
            from_pod: None,
        };
        let events = shell.cluster.apply(Command::Request(request));
        let Some(Event::Served(trace)) = events.into_iter().next() else {
            continue;
        };
        let status = match &trace.outcome {
            Outcome::Answered { response, pod } => {
                if let Some(pod) = pod {
                    *by_pod.entry(pod.clone()).or_default() += 1;
                    let rs = pod
                        .rsplit_once('-')
                        .map_or(pod.as_str(), |(rs, _)| rs)
                        .to_string();
                    *by_rs.entry(rs).or_default() += 1;
                }
                format!("{} {}", response.status, response.reason)
            }
            Outcome::Refused { .. } => "connection refused".to_string(),
            Outcome::TimedOut { .. } => "timed out".to_string(),
            Outcome::UnknownHost => "unknown host".to_string(),
        };
        *by_status.entry(status).or_default() += 1;
    }
    let table = |title: &str, tally: BTreeMap<String, usize>| {
        let mut rows = vec![vec![title.to_string(), "REQUESTS".to_string()]];
        rows.extend(tally.into_iter().map(|(k, n)| vec![k, n.to_string()]));
        render(&rows)
    };
    let mut text = format!("{count} requests to http://{authority}{path}\n");
    text.push_str(&table("STATUS", by_status));
    if !by_pod.is_empty() {
        text.push('\n');
        text.push_str(&table("POD", by_pod));
        text.push('\n');
        text.push_str(&table("REPLICASET", by_rs));
    }
    Output::out(text)
}
