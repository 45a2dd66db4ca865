//! `curl` against the cluster, from outside or (through `kubectl exec POD -- curl`) from a pod, printed as curl
//! prints; `--trace-kplay` adds the hops the request took and why.

mod args;
mod print;

use crate::engine::traffic::{Outcome, PodRef, Request, TlsClient};
use crate::engine::{Command, Event};
use crate::shell::curl::args::Flags;
pub(super) use crate::shell::curl::args::{authority, split_url};
use crate::shell::{Output, Shell};

/// curl's own User-Agent.
pub(super) const AGENT: &str = "curl/8.5.0";

/// Runs `curl ARGS`, from the pod `from` (namespace, name) or from outside the cluster.
pub(super) fn curl(shell: &mut Shell, args: &[String], from: Option<(String, String)>) -> Output {
    let flags = match args::parse(args) {
        Ok(flags) => flags,
        Err(message) => return Output::err(message),
    };
    // From the learner's machine, localhost is where `kubectl proxy` listens.
    if from.is_none() {
        let local = flags.url.as_deref().and_then(split_url);
        if let Some((_, port, path)) =
            local.filter(|(h, _, _)| h == "localhost" || h == "127.0.0.1")
        {
            if shell.forward(port).is_none() {
                return crate::shell::proxy::local(shell, port, &path);
            }
        }
    }
    let outside = from.is_none();
    let request = match request(shell, &flags, from) {
        Ok(request) => request,
        Err(message) => return Output::err(message),
    };
    let forwarded = outside
        .then(|| crate::shell::proxy::forwarded(shell, request.clone()))
        .flatten();
    let forwarded_at = forwarded.as_ref().map(|(r, _)| r.port);
    let (request, mut output) = match forwarded {
        Some((request, said)) => (request, said),
        None => (request, Output::default()),
    };
    let events = shell.cluster.apply(Command::Request(request));
    let Some(Event::Served(trace)) = events.into_iter().next() else {
        return Output::err("curl: (7) Couldn't connect to server\n");
    };
    match &trace.outcome {
        // Through a port-forward, a port nothing listens on closes the stream: curl sees no reply.
        Outcome::Answered { .. } => output.extend(print::print(&flags, &trace)),
        _ if forwarded_at.is_some() => {
            output.extend(Output::err("curl: (52) Empty reply from server\n"))
        }
        _ => output.extend(print::print(&flags, &trace)),
    }
    if let (Some(file), Outcome::Answered { response, .. }) = (&flags.output, &trace.outcome) {
        if file != "/dev/null" {
            shell.write_file(file, &response.body);
        }
    }
    if let Some(format) = &flags.write_out {
        let code = match &trace.outcome {
            Outcome::Answered { response, .. } => response.status.to_string(),
            _ => "000".to_string(),
        };
        output.push_out(format.replace("%{http_code}", &code).replace("\\n", "\n"));
    }
    output
}

/// The request the flags describe, or the message curl refuses them with.
fn request(
    shell: &Shell,
    flags: &Flags,
    from: Option<(String, String)>,
) -> Result<Request, String> {
    let Some(url) = flags.url.clone() else {
        return Err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n".to_string());
    };
    let https = url.starts_with("https://");
    let Some((url_host, port, path)) = split_url(&url) else {
        return Err("curl: (3) URL rejected: Malformed input to a URL function
"
        .to_string());
    };
    let tls = match https {
        false => None,
        true => Some(tls_client(shell, flags, &url_host)?),
    };
    Ok(Request {
        method: flags.method(),
        address: flags.address(&url_host, port),
        port,
        host: flags.host_header(&url_host, port, https),
        path,
        headers: flags.request_headers(),
        // kubectl exec names the pod as (namespace, name).
        from_pod: from.map(|(namespace, name)| PodRef { namespace, name }),
        explain: true,
        tls,
    })
}

/// What an https request checks: the name sent (none for an address), the name verified and the authorities
/// trusted (none with `-k`, the file's with `--cacert`, the system's otherwise, which know no cluster certificate).
fn tls_client(shell: &Shell, flags: &Flags, url_host: &str) -> Result<TlsClient, String> {
    let trust = match (&flags.cacert, flags.insecure) {
        (_, true) => None,
        (None, false) => Some(Vec::new()),
        (Some(file), false) => match shell.files().get(file.as_str()) {
            Some(pem) => Some(vec![pem.clone()]),
            None => {
                return Err(format!(
                    "curl: (77) error setting certificate file: {file}\n"
                ))
            }
        },
    };
    Ok(tls_to(url_host, trust))
}

/// A TLS client for a URL's host: it sends the host as SNI unless it is an address, and trusts `trust` (None:
/// checks nothing, as `curl -k`).
pub(in crate::shell) fn tls_to(url_host: &str, trust: Option<Vec<String>>) -> TlsClient {
    TlsClient {
        server_name: url_host
            .parse::<std::net::Ipv4Addr>()
            .is_err()
            .then(|| url_host.to_string()),
        verify_host: url_host.to_string(),
        trust,
    }
}
