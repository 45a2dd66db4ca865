//! What each image answers, and on which port it listens: nginx's welcome page, traefik/whoami's echo of the request,
//! hashicorp/http-echo's text, httpd's "It works!", and a small page naming the pod for any other image.

use std::borrow::Cow;

use crate::engine::api::{Container, Pod};
use crate::engine::images;
use crate::engine::traffic::{why, Msg, Request, Why};
use crate::engine::{Civil, Millis};

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
/// Fixed texts (the welcome page, header names) are borrowed, so answering costs few allocations.
pub struct Response {
    pub status: u16,
    pub reason: &'static str,
    pub headers: Vec<(Cow<'static, str>, HeaderValue)>,
    pub body: Cow<'static, str>,
}

/// A header's value. Dates and lengths are kept as numbers and written when the response is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    Text(Cow<'static, str>),
    /// An HTTP date: `Thu, 01 Jan 2026 00:15:30 GMT`.
    Date(Millis),
    Number(usize),
}

impl std::fmt::Display for HeaderValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderValue::Text(text) => f.write_str(text),
            HeaderValue::Date(at) => {
                let c = Civil::at(*at);
                write!(
                    f,
                    "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
                    c.weekday, c.day, c.month, c.year, c.hour, c.minute, c.second
                )
            }
            HeaderValue::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<&'static str> for HeaderValue {
    fn from(text: &'static str) -> Self {
        HeaderValue::Text(Cow::Borrowed(text))
    }
}

impl From<String> for HeaderValue {
    fn from(text: String) -> Self {
        HeaderValue::Text(Cow::Owned(text))
    }
}

const NGINX_WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// The port an image's server listens on, when it is fixed by the image.
fn image_port(container: &Container) -> Option<i32> {
    let (name, _) = images::split(&container.image);
    match name {
        "nginx" | "httpd" | "traefik/whoami" | "traefik" => Some(80),
        BOOTCAMP | BOOTCAMP_V2 => Some(8080),
        // `agnhost netexec --http-port=N` (kubernetes.io's Hello Minikube), 8080 by default.
        AGNHOST => {
            let words = container.command.iter().chain(&container.args);
            let port = words
                .filter_map(|a| a.strip_prefix("--http-port="))
                .next_back();
            Some(port.and_then(|p| p.parse().ok()).unwrap_or(8080))
        }
        "hashicorp/http-echo" => {
            let listen = container.args.iter().find_map(|a| {
                a.strip_prefix("-listen=")
                    .or_else(|| a.strip_prefix("--listen="))
            });
            Some(
                listen
                    .and_then(|l| l.rsplit(':').next())
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(5678),
            )
        }
        _ => None,
    }
}

/// The container that listens on `port`, if any.
pub(super) fn listener(pod: &Pod, port: u16) -> Option<&Container> {
    let port = i32::from(port);
    pod.spec.containers.iter().find(|c| match image_port(c) {
        Some(p) => p == port || (images::split(&c.image).0 == "traefik" && port == 8080),
        None => c.ports.iter().any(|cp| cp.container_port == port),
    })
}

/// Where a pod's containers listen, for explanations.
pub(super) fn listening(pod: &Pod) -> Vec<Why> {
    pod.spec
        .containers
        .iter()
        .map(|c| match image_port(c) {
            Some(p) => why!(Msg::ListensOn, &c.image, p),
            None if c.ports.is_empty() => why!(Msg::NoContainerPort, &c.image),
            None => why!(
                Msg::ListensOn,
                &c.image,
                c.ports
                    .iter()
                    .map(|p| p.container_port.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

/// The answer of a container to a request, one function per image kplay knows.
/// `image` is the container's image as `images::split` reads it, which the caller has at hand.
pub(super) fn answer(
    pod: &Pod,
    container: &Container,
    (name, tag): (&str, &str),
    request: &Request,
    now: Millis,
) -> Response {
    let date = HeaderValue::Date(now);
    match name {
        "nginx" => nginx(tag, request, date),
        "hashicorp/http-echo" => http_echo(container, date),
        "traefik/whoami" => whoami(pod, request, now, date),
        BOOTCAMP | BOOTCAMP_V2 => bootcamp(pod, tag, date),
        AGNHOST => agnhost(pod, request, now, date),
        "httpd" => Response {
            status: 200,
            reason: "OK",
            headers: vec![
                ("Date".into(), date),
                ("Server".into(), "Apache/2.4.62 (Unix)".into()),
                ("Content-Type".into(), "text/html".into()),
            ],
            body: "<html><body><h1>It works!</h1></body></html>\n".into(),
        },
        _ => text(
            format!(
                "Hello from pod {} ({})\n",
                pod.metadata.name, container.image
            ),
            date,
        ),
    }
}

/// The Kubernetes test image that kubernetes.io's Hello Minikube runs.
const AGNHOST: &str = "registry.k8s.io/e2e-test-images/agnhost";

/// `agnhost netexec`: `/hostname` is the pod's name, `/echo?msg=X` is X, and any other path is Go's `time.Now()`
/// after `NOW: `, with its monotonic reading since the server started.
fn agnhost(pod: &Pod, request: &Request, now: Millis, date: HeaderValue) -> Response {
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    let body = match path {
        "/hostname" => pod.metadata.name.clone(),
        "/echo" => query
            .split('&')
            .find_map(|pair| pair.strip_prefix("msg="))
            .unwrap_or_default()
            .to_string(),
        _ => {
            let stamp = crate::engine::timestamp(now);
            let (day, time) = stamp
                .trim_end_matches('Z')
                .split_once('T')
                .unwrap_or((&stamp, ""));
            let up = now.saturating_sub(pod.status.started_at.unwrap_or(now));
            format!(
                "NOW: {day} {time}.{:03}000000 +0000 UTC m=+{}.{:03}000001",
                now % 1000,
                up / 1000,
                up % 1000
            )
        }
    };
    text(body, date)
}

/// The Node.js server of "Learn Kubernetes Basics": its pod's name and the image's version.
const BOOTCAMP: &str = "gcr.io/google-samples/kubernetes-bootcamp";
const BOOTCAMP_V2: &str = "jocatalin/kubernetes-bootcamp";

fn bootcamp(pod: &Pod, tag: &str, date: HeaderValue) -> Response {
    let version = tag.trim_start_matches('v');
    Response {
        status: 200,
        reason: "OK",
        headers: vec![
            ("Content-Type".into(), "text/plain".into()),
            ("Date".into(), date),
            ("Connection".into(), "keep-alive".into()),
            ("Keep-Alive".into(), "timeout=5".into()),
            ("Transfer-Encoding".into(), "chunked".into()),
        ],
        body: format!(
            "Hello Kubernetes bootcamp! | Running on: {} | v={version}\n",
            pod.metadata.name
        )
        .into(),
    }
}

/// A plain-text 200, as the echo servers answer.
fn text(body: String, date: HeaderValue) -> Response {
    Response {
        status: 200,
        reason: "OK",
        headers: vec![
            ("Content-Type".into(), "text/plain; charset=utf-8".into()),
            ("Date".into(), date),
            ("Content-Length".into(), HeaderValue::Number(body.len())),
        ],
        body: body.into(),
    }
}

/// nginx serves its welcome page at `/` and `/index.html` (GET and HEAD only) and 404 elsewhere.
fn nginx(tag: &str, request: &Request, date: HeaderValue) -> Response {
    let server = HeaderValue::Text(nginx_server(tag));
    let path = request.path.split('?').next().unwrap_or("/");
    let welcome = path == "/" || path == "/index.html";
    if !welcome {
        return nginx_page(404, "Not Found", server, date);
    }
    if request.method != "GET" && request.method != "HEAD" {
        return nginx_page(405, "Not Allowed", server, date);
    }
    let body = if request.method == "HEAD" {
        ""
    } else {
        NGINX_WELCOME
    };
    Response {
        status: 200,
        reason: "OK",
        headers: vec![
            ("Server".into(), server),
            ("Date".into(), date),
            ("Content-Type".into(), "text/html".into()),
            ("Content-Length".into(), "612".into()),
            (
                "Last-Modified".into(),
                "Tue, 14 Apr 2020 14:19:26 GMT".into(),
            ),
            ("Connection".into(), "keep-alive".into()),
            ("ETag".into(), "\"5e95c66e-264\"".into()),
            ("Accept-Ranges".into(), "bytes".into()),
        ],
        body: body.into(),
    }
}

/// http-echo answers its `-text` argument.
fn http_echo(container: &Container, date: HeaderValue) -> Response {
    let said = container
        .args
        .iter()
        .find_map(|a| {
            a.strip_prefix("-text=")
                .or_else(|| a.strip_prefix("--text="))
        })
        .unwrap_or("hello-world");
    let mut response = text(format!("{said}\n"), date);
    response
        .headers
        .push(("X-App-Name".into(), "http-echo".into()));
    response
}

/// whoami answers with the pod's name and addresses and the request as it arrived.
fn whoami(pod: &Pod, request: &Request, now: Millis, date: HeaderValue) -> Response {
    let mut lines = vec![
        format!("Hostname: {}", pod.metadata.name),
        "IP: 127.0.0.1".to_string(),
        format!("IP: {}", pod.status.pod_ip.clone().unwrap_or_default()),
        format!("RemoteAddr: {}:{}", "10.244.0.1", 40000 + (now % 20000)),
        format!("{} {} HTTP/1.1", request.method, request.path),
        format!("Host: {}", request.host),
    ];
    lines.extend(request.headers.iter().map(|(k, v)| format!("{k}: {v}")));
    text(lines.join("\r\n") + "\r\n\r\n", date)
}

fn nginx_page(
    status: u16,
    reason: &'static str,
    server: HeaderValue,
    date: HeaderValue,
) -> Response {
    let body = format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n"
    );
    Response {
        status,
        reason,
        headers: vec![
            ("Server".into(), server),
            ("Date".into(), date),
            ("Content-Type".into(), "text/html".into()),
            ("Content-Length".into(), HeaderValue::Number(body.len())),
            ("Connection".into(), "keep-alive".into()),
        ],
        body: body.into(),
    }
}

/// What Go's HTTP server (Traefik) answers plain HTTP sent to a TLS port.
pub(super) fn plain_http_to_tls() -> Response {
    let body = "Client sent an HTTP request to an HTTPS server.\n";
    Response {
        status: 400,
        reason: "Bad Request",
        headers: vec![("Content-Length".into(), HeaderValue::Number(body.len()))],
        body: body.into(),
    }
}

/// What the ingress controller answers itself: Traefik's bodies for 404, 502 and 503.
pub(super) fn controller_error(status: u16) -> Response {
    let (reason, body) = match status {
        404 => ("Not Found", "404 page not found\n"),
        500 => ("Internal Server Error", "Internal Server Error"),
        502 => ("Bad Gateway", "Bad Gateway"),
        _ => ("Service Unavailable", "Service Unavailable"),
    };
    Response {
        status,
        reason,
        headers: vec![
            ("Content-Type".into(), "text/plain; charset=utf-8".into()),
            ("X-Content-Type-Options".into(), "nosniff".into()),
            ("Content-Length".into(), HeaderValue::Number(body.len())),
        ],
        body: body.into(),
    }
}

/// nginx's Server header for an image tag: the last release of that line.
fn nginx_server(tag: &str) -> Cow<'static, str> {
    let line = tag.split('-').next().unwrap_or(tag);
    Cow::Borrowed(match line {
        "1.17" => "nginx/1.17.10",
        "1.18" => "nginx/1.18.0",
        "1.19" => "nginx/1.19.10",
        "1.20" => "nginx/1.20.2",
        "1.21" => "nginx/1.21.6",
        "1.22" => "nginx/1.22.1",
        "1.23" => "nginx/1.23.4",
        "1.24" => "nginx/1.24.0",
        "1.25" => "nginx/1.25.5",
        "1.26" => "nginx/1.26.3",
        "1.27" => "nginx/1.27.5",
        "latest" | "mainline" | "alpine" => "nginx/1.29.3",
        "stable" => "nginx/1.28.0",
        other if other.matches('.').count() >= 2 => return Cow::Owned(format!("nginx/{other}")),
        other => return Cow::Owned(format!("nginx/{other}.0")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_welcome_page_is_the_famous_612_bytes() {
        assert_eq!(NGINX_WELCOME.len(), 612);
        assert_eq!(nginx_server("1.17"), "nginx/1.17.10");
        assert_eq!(nginx_server("1.25.3-alpine"), "nginx/1.25.3");
        assert_eq!(
            HeaderValue::Date(15 * 60 * 1000).to_string(),
            "Thu, 01 Jan 2026 00:15:00 GMT"
        );
    }
}
