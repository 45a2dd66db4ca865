//! `curl` against the cluster, from outside or (through `kubectl exec POD -- curl`) from a pod, printed as curl
//! prints; `--trace-kplay` adds the hops the request took and why.

use crate::engine::traffic::{Outcome, PodRef, Request, TlsClient, TlsFailure, Trace};
use crate::engine::{Command, Event};
use crate::shell::{Output, Shell};

/// curl's own User-Agent.
pub(super) const AGENT: &str = "curl/8.5.0";

#[derive(Debug, Default)]
struct Flags {
    silent: bool,
    show_errors: bool,
    include: bool,
    head: bool,
    verbose: bool,
    trace: bool,
    method: Option<String>,
    data: Option<String>,
    headers: Vec<(String, String)>,
    url: Option<String>,
    /// `-o FILE`: where the body goes instead of the terminal (`/dev/null` drops it).
    output: Option<String>,
    /// `-w FORMAT`: printed after the transfer; `%{http_code}` is the status.
    write_out: Option<String>,
    /// `-k`: do not check the server's certificate.
    insecure: bool,
    /// `--cacert FILE`: the certificate to trust instead of the system's authorities.
    cacert: Option<String>,
    /// `--resolve HOST:PORT:ADDRESS`: connect to ADDRESS for HOST:PORT without asking DNS.
    resolve: Vec<(String, u16, String)>,
}

/// Runs `curl ARGS`, from the pod `from` (namespace, name) or from outside the cluster.
pub(super) fn curl(shell: &mut Shell, args: &[String], from: Option<(String, String)>) -> Output {
    let flags = match parse(args) {
        Ok(flags) => flags,
        Err(message) => return Output::err(message),
    };
    let Some(url) = flags.url.clone() else {
        return Output::err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    };
    let https = url.starts_with("https://");
    let Some((url_host, port, path)) = split_url(&url) else {
        return Output::err(
            "curl: (3) URL rejected: Malformed input to a URL function
",
        );
    };
    let host_header = flags
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| {
            let default_port = if https { 443 } else { 80 };
            if port == default_port {
                url_host.clone()
            } else {
                format!("{url_host}:{port}")
            }
        });
    let mut headers: Vec<(String, String)> = vec![
        ("User-Agent".into(), AGENT.into()),
        ("Accept".into(), "*/*".into()),
    ];
    headers.extend(
        flags
            .headers
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
            .cloned(),
    );
    let method = flags.method.clone().unwrap_or_else(|| {
        if flags.head {
            "HEAD".into()
        } else if flags.data.is_some() {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    let tls = match https {
        false => None,
        true => {
            let trust = match (&flags.cacert, flags.insecure) {
                (_, true) => None,
                (None, false) => Some(Vec::new()),
                (Some(file), false) => match shell.files().get(file.as_str()) {
                    Some(pem) => Some(vec![pem.clone()]),
                    None => {
                        return Output::err(format!(
                            "curl: (77) error setting certificate file: {file}\n"
                        ))
                    }
                },
            };
            Some(TlsClient {
                server_name: url_host
                    .parse::<std::net::Ipv4Addr>()
                    .is_err()
                    .then(|| url_host.clone()),
                verify_host: url_host.clone(),
                trust,
            })
        }
    };
    let address = flags
        .resolve
        .iter()
        .find(|(h, p, _)| h.eq_ignore_ascii_case(&url_host) && *p == port)
        .map_or_else(|| url_host.clone(), |(_, _, a)| a.clone());
    let request = Request {
        method,
        address,
        port,
        host: host_header,
        path,
        headers,
        // kubectl exec names the pod as (namespace, name).
        from_pod: from.map(|(namespace, name)| PodRef { namespace, name }),
        explain: true,
        tls,
    };
    let events = shell.cluster.apply(Command::Request(request));
    let Some(Event::Served(trace)) = events.into_iter().next() else {
        return Output::err("curl: (7) Couldn't connect to server\n");
    };
    let mut output = print(&flags, &trace);
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

/// Short switches given together, as in `-sSi` or `-vL`, one by one, as curl reads them.
fn bundled(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for arg in args {
        let switches = arg
            .strip_prefix('-')
            .filter(|rest| rest.len() > 1 && rest.chars().all(|c| "sSiIvLkf".contains(c)));
        match switches {
            Some(rest) => out.extend(rest.chars().map(|c| format!("-{c}"))),
            None => out.push(arg.clone()),
        }
    }
    out
}

fn parse(args: &[String]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let args = bundled(args);
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let mut value = |name: &str| {
            words.next().cloned().ok_or_else(|| format!("curl: option {name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"))
        };
        match word.as_str() {
            "-s" | "--silent" => flags.silent = true,
            "-S" | "--show-error" => flags.show_errors = true,
            "-i" | "--include" => flags.include = true,
            "-I" | "--head" => flags.head = true,
            "-v" | "--verbose" => flags.verbose = true,
            "--trace-kplay" => flags.trace = true,
            "-X" | "--request" => flags.method = Some(value(word)?),
            "-d" | "--data" => flags.data = Some(value(word)?),
            "-H" | "--header" => {
                let header = value(word)?;
                let (k, v) = header.split_once(':').unwrap_or((&header, ""));
                flags
                    .headers
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
            "-k" | "--insecure" => flags.insecure = true,
            "--cacert" => flags.cacert = Some(value(word)?),
            "--resolve" => {
                let entry = value(word)?;
                let mut parts = entry.splitn(3, ':');
                let parsed = match (parts.next(), parts.next(), parts.next()) {
                    (Some(h), Some(p), Some(a)) => {
                        p.parse().ok().map(|p| (h.to_string(), p, a.to_string()))
                    }
                    _ => None,
                };
                match parsed {
                    Some(r) => flags.resolve.push(r),
                    None => {
                        return Err(format!("curl: option --resolve: error encountered when reading a file\ncurl: Couldn't parse CURLOPT_RESOLVE entry '{entry}'\n"));
                    }
                }
            }
            "-L" | "--location" | "-f" | "--fail" => {}
            "-o" | "--output" => flags.output = Some(value(word)?),
            "-w" | "--write-out" => flags.write_out = Some(value(word)?),
            "-m" | "--max-time" | "--connect-timeout" => {
                value(word)?;
            }
            other if other.starts_with('-') => {
                return Err(format!("curl: option {other}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
            }
            other => flags.url = Some(other.to_string()),
        }
    }
    Ok(flags)
}

/// `http://host[:port][/path]` (the scheme may be left out) into host, port and path.
pub(super) fn split_url(url: &str) -> Option<(String, u16, String)> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    if rest.starts_with("https://") || url.starts_with("https://") {
        let rest = url.strip_prefix("https://")?;
        let (authority, path) = rest
            .split_once('/')
            .map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
        let (host, port) = authority
            .rsplit_once(':')
            .map_or((authority, Some(443)), |(h, p)| (h, p.parse().ok()));
        return Some((host.to_string(), port?, path));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, 80),
    };
    (!host.is_empty()).then(|| (host.to_string(), port, path))
}

fn print(flags: &Flags, trace: &Trace) -> Output {
    let mut output = Output::default();
    let request = &trace.request;
    let address = &request.address;
    let port = request.port;
    let errors_shown = !flags.silent || flags.show_errors;
    match &trace.outcome {
        Outcome::UnknownHost => {
            if errors_shown {
                output.push_err(format!("curl: (6) Could not resolve host: {address}\n"));
            }
        }
        Outcome::Refused { .. } => {
            if flags.verbose {
                output.push_err(format!("*   Trying {address}:{port}...\n* connect to {address} port {port} failed: Connection refused\n"));
            }
            if errors_shown {
                output.push_err(format!(
                    "curl: (7) Failed to connect to {address} port {port} after 0 ms: Couldn't connect to server\n"
                ));
            }
        }
        Outcome::TimedOut { .. } => {
            if flags.verbose {
                output.push_err(format!("*   Trying {address}:{port}...\n"));
            }
            if errors_shown {
                output.push_err(format!(
                    "curl: (28) Failed to connect to {address} port {port} after 10000 ms: Timeout was reached\n"
                ));
            }
        }
        Outcome::HandshakeFailed(failure) => {
            if flags.verbose {
                let mut lines = format!(
                    "*   Trying {address}:{port}...\n* Connected to {address} ({address}) port {port}\n"
                );
                lines.push_str(&handshake_lines(trace));
                output.push_err(lines);
            }
            if errors_shown {
                output.push_err(match failure {
                    TlsFailure::WrongVersion => "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n".to_string(),
                    TlsFailure::SelfSigned => format!("curl: (60) SSL certificate problem: self-signed certificate\n{SSL_HELP}"),
                    TlsFailure::NameMismatch { host } => format!(
                        "curl: (60) SSL: no alternative certificate subject name matches target host name '{host}'\n{SSL_HELP}"
                    ),
                });
            }
        }
        Outcome::Answered { response, .. } => {
            if flags.verbose {
                let mut lines = format!(
                    "*   Trying {address}:{port}...\n* Connected to {address} ({address}) port {port}\n"
                );
                lines.push_str(&handshake_lines(trace));
                lines.push_str(&format!(
                    "> {} {} HTTP/1.1\n> Host: {}\n",
                    request.method, request.path, request.host
                ));
                for (k, v) in &request.headers {
                    lines.push_str(&format!("> {k}: {v}\n"));
                }
                lines.push_str(&format!(
                    ">\n< HTTP/1.1 {} {}\n",
                    response.status, response.reason
                ));
                for (k, v) in &response.headers {
                    lines.push_str(&format!("< {k}: {v}\n"));
                }
                lines.push_str("<\n");
                output.push_err(lines);
            }
            if flags.include || flags.head {
                let mut head = format!("HTTP/1.1 {} {}\n", response.status, response.reason);
                for (k, v) in &response.headers {
                    head.push_str(&format!("{k}: {v}\n"));
                }
                head.push('\n');
                output.push_out(head);
            }
            if !flags.head && flags.output.is_none() {
                output.push_out(response.body.clone());
            }
            if flags.verbose {
                output.push_err(format!("* Connection #0 to host {address} left intact\n"));
            }
        }
    }
    if flags.trace {
        output.push_out(trace_text(trace));
    }
    output
}

/// What curl adds after error 60, pointing at its documentation.
const SSL_HELP: &str = "More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.
";

/// `curl -v`'s account of a TLS handshake and of the certificate the server presented.
fn handshake_lines(trace: &Trace) -> String {
    let Some(client) = &trace.request.tls else {
        return String::new();
    };
    let mut lines = String::from(
        "* ALPN: curl offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n",
    );
    let Some(cert) = &trace.certificate else {
        return lines;
    };
    lines.push_str("* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256 / X25519 / RSASSA-PSS\n* Server certificate:\n");
    lines.push_str(&format!(
        "*  subject: {}\n*  issuer: {}\n",
        cert.info.subject, cert.info.issuer
    ));
    if let Some(name) = cert.info.name_for(&client.verify_host) {
        lines.push_str(&format!(
            "*  subjectAltName: host \"{}\" matched cert's \"{name}\"\n",
            client.verify_host
        ));
    }
    match (&client.trust, &trace.outcome) {
        (None, _) => lines.push_str(
            "*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n",
        ),
        (Some(_), Outcome::HandshakeFailed(_)) => {}
        (Some(_), _) => lines.push_str("*  SSL certificate verify ok.\n"),
    }
    lines
}

/// The hops of a request as a numbered list, and how it ended.
pub(super) fn trace_text(trace: &Trace) -> String {
    let mut text = String::from("--- kplay trace ---\n");
    for (i, hop) in trace.hops.iter().enumerate() {
        text.push_str(&format!(
            "{}. {:<10} {}: {}\n",
            i + 1,
            hop.step.as_str(),
            hop.object,
            hop.why
        ));
    }
    let end = match &trace.outcome {
        Outcome::Answered {
            response,
            pod: Some(pod),
        } => format!("{} {} from pod/{pod}", response.status, response.reason),
        Outcome::Answered {
            response,
            pod: None,
        } => format!(
            "{} {} from the ingress controller",
            response.status, response.reason
        ),
        Outcome::Refused { reason } => format!("connection refused: {reason}"),
        Outcome::TimedOut { reason } => format!("no answer: {reason}"),
        Outcome::UnknownHost => "the name does not resolve".to_string(),
        Outcome::HandshakeFailed(TlsFailure::WrongVersion) => {
            "TLS handshake failed: the server speaks plain HTTP on that port".to_string()
        }
        Outcome::HandshakeFailed(TlsFailure::SelfSigned) => {
            "TLS handshake failed: the certificate is self-signed and the client does not trust it (curl --cacert FILE trusts it, -k skips the check)".to_string()
        }
        Outcome::HandshakeFailed(TlsFailure::NameMismatch { host }) => {
            format!("TLS handshake failed: the certificate does not cover {host}")
        }
    };
    text.push_str(&format!("=> {end}\n"));
    text
}
