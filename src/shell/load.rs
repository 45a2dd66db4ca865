//! `kplay load [-n N] [--rate R] [-H 'Host: h'] URL`: N requests at once, or R per second of cluster time while the
//! cluster runs, tallied by status, pod and ReplicaSet, so a rolling update shows old and new versions answering side
//! by side (and, with a rate, which answered when).

use std::collections::BTreeMap;

use crate::engine::traffic::{Outcome, Request, TlsClient, LOAD_AGENT};
use crate::engine::{Cluster, Command, Event};
use crate::shell::curl::{authority, split_url, tls_to};
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The most requests one command sends.
const MAX_REQUESTS: usize = 10_000;

pub(super) fn load(shell: &mut Shell, words: &[&str]) -> Output {
    let args = match LoadArgs::parse(words) {
        Ok(args) => args,
        Err(message) => return Output::err(message),
    };
    let Some(target) = Target::new(&args.url) else {
        return Output::err("curl: (3) URL rejected: Malformed input to a URL function\n");
    };
    let count = args.count;
    let mut tally = Tally {
        timed: args.rate.is_some(),
        ..Tally::default()
    };
    let start = shell.cluster.now();
    let mut request = target.request(args.host.as_deref());
    for i in 0..count {
        if let Some(rate) = args.rate {
            let due = start.saturating_add(i as u64 * 1000 / rate);
            while shell.step_toward(due) {}
        }
        let events = shell.cluster.apply(Command::Request(request));
        let Some(Event::Served(trace)) = events.into_iter().next() else {
            request = target.request(args.host.as_deref());
            continue;
        };
        let owner = answering_owner(&shell.cluster, &trace.outcome);
        tally.record(
            &trace.outcome,
            owner,
            shell.cluster.now().saturating_sub(start),
        );
        // The trace hands back the request as it was sent: the next one is the same, so it is not built again.
        request = trace.request;
    }
    let mut text = match args.rate {
        Some(rate) => format!(
            "{count} requests to {} at {rate}/s over {} s of cluster time\n",
            target.url(),
            (count as u64).div_ceil(rate)
        ),
        None => format!("{count} requests to {}\n", target.url()),
    };
    text.push_str(&tally.tables());
    Output::out(text)
}

/// What `kplay load` was asked.
struct LoadArgs {
    count: usize,
    /// Requests a second of cluster time; None sends them all at once.
    rate: Option<u64>,
    /// The `Host` header given with `-H`.
    host: Option<String>,
    url: String,
}

impl LoadArgs {
    fn parse(words: &[&str]) -> Result<LoadArgs, &'static str> {
        let mut count = 100;
        let mut rate: Option<u64> = None;
        let mut host = None;
        let mut url = None;
        let mut words = words.iter();
        while let Some(word) = words.next() {
            match *word {
                "-n" => match words.next().and_then(|n| n.parse::<usize>().ok()) {
                    Some(n @ 1..=MAX_REQUESTS) => count = n,
                    _ => return Err(
                        "kplay load: -n takes a number of requests, a whole number from 1 to 10000\n",
                    ),
                },
                "--rate" => {
                    match words
                        .next()
                        .and_then(|r| r.trim_end_matches("/s").parse::<u64>().ok())
                    {
                        Some(r @ 1..=10_000) => rate = Some(r),
                        _ => return Err(
                            "kplay load: --rate takes requests a second, a whole number from 1 to 10000\n",
                        ),
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
            return Err("usage: kplay load [-n N] [--rate R] [-H 'Host: h'] URL\n");
        };
        Ok(LoadArgs {
            count,
            rate,
            host,
            url,
        })
    }
}

/// Where every request goes.
struct Target {
    address: String,
    port: u16,
    path: String,
    https: bool,
    /// The host and, unless it is the scheme's default, the port.
    authority: String,
    /// Over https, load tests do not check the certificate, as `curl -k` would not.
    tls: Option<TlsClient>,
}

impl Target {
    fn new(url: &str) -> Option<Target> {
        let (address, port, path) = split_url(url)?;
        let https = url.starts_with("https://");
        Some(Target {
            authority: authority(&address, port, https),
            tls: https.then(|| tls_to(&address, None)),
            address,
            port,
            path,
            https,
        })
    }

    fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}{}", self.authority, self.path)
    }

    fn request(&self, host: Option<&str>) -> Request {
        Request {
            method: "GET".into(),
            address: self.address.clone(),
            port: self.port,
            host: host.map_or_else(|| self.authority.clone(), str::to_string),
            path: self.path.clone(),
            headers: vec![("User-Agent".into(), LOAD_AGENT.into())],
            from_pod: None,
            explain: false,
            tls: self.tls.clone(),
        }
    }
}

/// The name of the controller (a ReplicaSet) of the pod that answered, read from its owner reference.
fn answering_owner<'c>(cluster: &'c Cluster, outcome: &Outcome) -> Option<&'c str> {
    let Outcome::Answered { pod: Some(pod), .. } = outcome else {
        return None;
    };
    let pods = cluster.store().pods();
    let found = pods.values().find(|p| &p.metadata.name == pod)?;
    found.metadata.owner.as_ref().map(|o| o.name.as_str())
}

/// Counts one more `key`, copying the key only the first time: a load sends thousands of requests to a few pods.
fn count(tally: &mut BTreeMap<String, usize>, key: &str) {
    match tally.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            tally.insert(key.to_string(), 1);
        }
    }
}

/// The answers counted by status, pod and ReplicaSet, and when each came.
#[derive(Default)]
struct Tally {
    /// Whether requests were spread over time (`--rate`), so the tables end with the ReplicaSets over time.
    timed: bool,
    by_status: BTreeMap<String, usize>,
    /// HTTP answers by status and reason, written into `by_status` at the end: a load sees a few kinds, many times.
    by_answer: Vec<(u16, &'static str, usize)>,
    by_pod: BTreeMap<String, usize>,
    by_rs: BTreeMap<String, usize>,
    /// When each request was sent (ms after the first) and which ReplicaSet answered it; only when timed.
    timeline: Vec<(u64, Option<String>)>,
}

impl Tally {
    /// Counts one answer; `owner` is the controller of the pod that answered (its ReplicaSet).
    fn record(&mut self, outcome: &Outcome, owner: Option<&str>, at: u64) {
        let mut answered_by = None;
        let failed = match outcome {
            Outcome::Answered { response, pod } => {
                if let Some(pod) = pod {
                    count(&mut self.by_pod, pod);
                    let rs = owner.unwrap_or(pod);
                    count(&mut self.by_rs, rs);
                    answered_by = Some(rs);
                }
                self.answer(response.status, response.reason);
                None
            }
            Outcome::Refused { .. } => Some("connection refused"),
            Outcome::TimedOut { .. } => Some("timed out"),
            Outcome::UnknownHost => Some("unknown host"),
            Outcome::HandshakeFailed(_) => Some("TLS handshake failed"),
        };
        if let Some(failed) = failed {
            count(&mut self.by_status, failed);
        }
        if self.timed {
            self.timeline.push((at, answered_by.map(str::to_string)));
        }
    }

    fn answer(&mut self, status: u16, reason: &'static str) {
        match self
            .by_answer
            .iter_mut()
            .find(|(s, r, _)| *s == status && *r == reason)
        {
            Some((_, _, n)) => *n += 1,
            None => self.by_answer.push((status, reason, 1)),
        }
    }

    /// The tables by status, pod and ReplicaSet, and with a rate the ReplicaSets over time.
    fn tables(mut self) -> String {
        for (status, reason, n) in std::mem::take(&mut self.by_answer) {
            *self
                .by_status
                .entry(format!("{status} {reason}"))
                .or_default() += n;
        }
        let table = |title: &str, tally: BTreeMap<String, usize>| {
            let mut rows = vec![vec![title.to_string(), "REQUESTS".to_string()]];
            rows.extend(tally.into_iter().map(|(k, n)| vec![k, n.to_string()]));
            render(&rows)
        };
        let mut text = table("STATUS", self.by_status);
        if !self.by_pod.is_empty() {
            text.push('\n');
            text.push_str(&table("POD", self.by_pod));
            text.push('\n');
            text.push_str(&table("REPLICASET", self.by_rs.clone()));
            if self.timed {
                text.push('\n');
                text.push_str(&over_time(&self.timeline, self.by_rs.keys()));
            }
        }
        text
    }
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
