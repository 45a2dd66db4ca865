//! `kplay load [-n N] [--rate R] [-H 'Host: h'] URL`: N requests at once, or R per second of cluster time while the
//! cluster runs, tallied by status, pod and ReplicaSet, so a rolling update shows old and new versions answering side
//! by side (and, with a rate, which answered when).

use std::collections::BTreeMap;

use crate::engine::traffic::{Outcome, Request, TlsClient, LOAD_AGENT};
use crate::engine::{Command, Event};
use crate::shell::curl::split_url;
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The most requests one command sends.
const MAX_REQUESTS: usize = 10_000;

pub(super) fn load(shell: &mut Shell, words: &[&str]) -> Output {
    let mut count = 100;
    let mut rate: Option<u64> = None;
    let mut host = None;
    let mut url = None;
    let mut words = words.iter();
    while let Some(word) = words.next() {
        match *word {
            "-n" => count = words.next().and_then(|n| n.parse().ok()).unwrap_or(count),
            "--rate" => {
                match words
                    .next()
                    .and_then(|r| r.trim_end_matches("/s").parse::<u64>().ok())
                {
                    Some(r @ 1..=10_000) => rate = Some(r),
                    _ => {
                        return Output::err(
                            "kplay load: --rate takes requests a second, a whole number from 1 to 10000\n",
                        )
                    }
                }
            }
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
        return Output::err("usage: kplay load [-n N] [--rate R] [-H 'Host: h'] URL\n");
    };
    let count = count.clamp(1, MAX_REQUESTS);
    let Some((address, port, path)) = split_url(&url) else {
        return Output::err("curl: (3) URL rejected: Malformed input to a URL function\n");
    };
    let https = url.starts_with("https://");
    let scheme = if https { "https" } else { "http" };
    // Over https, load tests do not check the certificate, as `curl -k` would not.
    let tls = https.then(|| TlsClient {
        server_name: address
            .parse::<std::net::Ipv4Addr>()
            .is_err()
            .then(|| address.clone()),
        verify_host: address.clone(),
        trust: None,
    });
    let authority = if port == if https { 443 } else { 80 } {
        address.clone()
    } else {
        format!("{address}:{port}")
    };
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_pod: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_rs: BTreeMap<String, usize> = BTreeMap::new();
    let start = shell.cluster.now();
    // With a rate: when each request was sent (ms after the first) and which ReplicaSet answered it.
    let mut timeline: Vec<(u64, Option<String>)> = Vec::new();
    for i in 0..count {
        if let Some(rate) = rate {
            let due = start.saturating_add(i as u64 * 1000 / rate);
            while shell.step_toward(due) {}
        }
        let request = Request {
            method: "GET".into(),
            address: address.clone(),
            port,
            host: host.clone().unwrap_or_else(|| authority.clone()),
            path: path.clone(),
            headers: vec![("User-Agent".into(), LOAD_AGENT.into())],
            from_pod: None,
            explain: false,
            tls: tls.clone(),
        };
        let events = shell.cluster.apply(Command::Request(request));
        let Some(Event::Served(trace)) = events.into_iter().next() else {
            continue;
        };
        let mut answered_by = None;
        let status = match &trace.outcome {
            Outcome::Answered { response, pod } => {
                if let Some(pod) = pod {
                    *by_pod.entry(pod.clone()).or_default() += 1;
                    let rs = pod
                        .rsplit_once('-')
                        .map_or(pod.as_str(), |(rs, _)| rs)
                        .to_string();
                    *by_rs.entry(rs.clone()).or_default() += 1;
                    answered_by = Some(rs);
                }
                format!("{} {}", response.status, response.reason)
            }
            Outcome::Refused { .. } => "connection refused".to_string(),
            Outcome::TimedOut { .. } => "timed out".to_string(),
            Outcome::UnknownHost => "unknown host".to_string(),
            Outcome::HandshakeFailed(_) => "TLS handshake failed".to_string(),
        };
        *by_status.entry(status).or_default() += 1;
        timeline.push((shell.cluster.now().saturating_sub(start), answered_by));
    }
    let table = |title: &str, tally: BTreeMap<String, usize>| {
        let mut rows = vec![vec![title.to_string(), "REQUESTS".to_string()]];
        rows.extend(tally.into_iter().map(|(k, n)| vec![k, n.to_string()]));
        render(&rows)
    };
    let mut text = match rate {
        Some(rate) => format!(
            "{count} requests to {scheme}://{authority}{path} at {rate}/s over {} s of cluster time\n",
            (count as u64).div_ceil(rate)
        ),
        None => format!("{count} requests to {scheme}://{authority}{path}\n"),
    };
    text.push_str(&table("STATUS", by_status));
    if !by_pod.is_empty() {
        text.push('\n');
        text.push_str(&table("POD", by_pod));
        text.push('\n');
        text.push_str(&table("REPLICASET", by_rs.clone()));
        if rate.is_some() {
            text.push('\n');
            text.push_str(&over_time(&timeline, by_rs.keys()));
        }
    }
    Output::out(text)
}

/// Which ReplicaSets answered when: at most ten rows of whole seconds, one column per ReplicaSet (and one for
/// answers that came from no pod).
fn over_time<'a>(
    timeline: &[(u64, Option<String>)],
    replicasets: impl Iterator<Item = &'a String>,
) -> String {
    let replicasets: Vec<&String> = replicasets.collect();
    let last = timeline.last().map_or(0, |(at, _)| *at);
    let width = (last / 1000 / 10 + 1) * 1000;
    let mut header = vec!["SECONDS".to_string()];
    header.extend(replicasets.iter().map(|rs| rs.to_string()));
    let no_pod = timeline.iter().any(|(_, rs)| rs.is_none());
    if no_pod {
        header.push("NO POD".into());
    }
    let mut rows = vec![header];
    let mut from = 0;
    while from <= last {
        let slice: Vec<&Option<String>> = timeline
            .iter()
            .filter(|(at, _)| (from..from + width).contains(at))
            .map(|(_, rs)| rs)
            .collect();
        let mut row = vec![format!("{}-{}", from / 1000, (from + width) / 1000)];
        row.extend(replicasets.iter().map(|name| {
            slice
                .iter()
                .filter(|rs| rs.as_deref() == Some(name.as_str()))
                .count()
                .to_string()
        }));
        if no_pod {
            row.push(slice.iter().filter(|rs| rs.is_none()).count().to_string());
        }
        rows.push(row);
        from += width;
    }
    render(&rows)
}
