//! What curl prints for a request's trace: its errors, `-i` and `-v` lines, and `--trace-kplay`'s hops.

use crate::engine::traffic::{Outcome, Response, TlsFailure, Trace};
use crate::shell::curl::args::Flags;
use crate::shell::Output;

pub(super) fn print(flags: &Flags, trace: &Trace) -> Output {
    let mut output = Output::default();
    match &trace.outcome {
        Outcome::Answered { response, .. } => answered(&mut output, flags, trace, response),
        _ => failed(&mut output, flags, trace),
    }
    if flags.trace {
        output.push_out(trace_text(trace));
    }
    output
}

/// A request that got no HTTP answer: `-v`'s account of the connection, then curl's error unless `-s` hides it.
fn failed(output: &mut Output, flags: &Flags, trace: &Trace) {
    let address = &trace.request.address;
    let port = trace.request.port;
    let trying = format!("*   Trying {address}:{port}...\n");
    let (verbose, error) = match &trace.outcome {
        Outcome::UnknownHost => (
            String::new(),
            format!("curl: (6) Could not resolve host: {address}\n"),
        ),
        Outcome::Refused { .. } => (
            format!("{trying}* connect to {address} port {port} failed: Connection refused\n"),
            format!(
                "curl: (7) Failed to connect to {address} port {port} after 0 ms: Couldn't connect to server\n"
            ),
        ),
        Outcome::TimedOut { .. } => (
            trying,
            format!(
                "curl: (28) Failed to connect to {address} port {port} after 10000 ms: Timeout was reached\n"
            ),
        ),
        Outcome::HandshakeFailed(failure) => (
            connected(trace),
            match failure {
                TlsFailure::WrongVersion => "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n".to_string(),
                TlsFailure::SelfSigned => format!("curl: (60) SSL certificate problem: self-signed certificate\n{SSL_HELP}"),
                TlsFailure::NameMismatch { host } => format!(
                    "curl: (60) SSL: no alternative certificate subject name matches target host name '{host}'\n{SSL_HELP}"
                ),
            },
        ),
        Outcome::Answered { .. } => return,
    };
    if flags.verbose {
        output.push_err(verbose);
    }
    if !flags.silent || flags.show_errors {
        output.push_err(error);
    }
}

/// An HTTP answer: `-v`'s exchange, the head with `-i` or `-I`, the body unless `-I` or `-o` takes it.
fn answered(output: &mut Output, flags: &Flags, trace: &Trace, response: &Response) {
    if flags.verbose {
        output.push_err(exchange(trace, response));
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
        output.push_err(format!(
            "* Connection #0 to host {} left intact\n",
            trace.request.address
        ));
    }
}

/// `curl -v`'s lines for a connection made: the TCP connection and the TLS handshake, if any.
fn connected(trace: &Trace) -> String {
    let address = &trace.request.address;
    let port = trace.request.port;
    let mut lines = format!(
        "*   Trying {address}:{port}...\n* Connected to {address} ({address}) port {port}\n"
    );
    lines.push_str(&handshake_lines(trace));
    lines
}

/// `curl -v`'s lines for an answered request: the connection, the request sent and the response's head.
fn exchange(trace: &Trace, response: &Response) -> String {
    let request = &trace.request;
    let mut lines = connected(trace);
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
    lines
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
fn trace_text(trace: &Trace) -> String {
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
