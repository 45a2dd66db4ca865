//! curl's command line: the switches kplay reads, and URLs split into host, port and path.

#[derive(Debug, Default)]
pub(super) struct Flags {
    pub silent: bool,
    pub show_errors: bool,
    pub include: bool,
    pub head: bool,
    pub verbose: bool,
    pub trace: bool,
    pub method: Option<String>,
    pub data: Option<String>,
    pub headers: Vec<(String, String)>,
    pub url: Option<String>,
    /// `-o FILE`: where the body goes instead of the terminal (`/dev/null` drops it).
    pub output: Option<String>,
    /// `-w FORMAT`: printed after the transfer; `%{http_code}` is the status.
    pub write_out: Option<String>,
    /// `-k`: do not check the server's certificate.
    pub insecure: bool,
    /// `--cacert FILE`: the certificate to trust instead of the system's authorities.
    pub cacert: Option<String>,
    /// `--resolve HOST:PORT:ADDRESS`: connect to ADDRESS for HOST:PORT without asking DNS.
    pub resolve: Vec<Resolve>,
}

impl Flags {
    /// The method curl sends: `-X`, else HEAD for `-I`, POST when there is data, GET otherwise.
    pub fn method(&self) -> String {
        self.method.clone().unwrap_or_else(|| {
            if self.head {
                "HEAD".into()
            } else if self.data.is_some() {
                "POST".into()
            } else {
                "GET".into()
            }
        })
    }

    /// The `Host` header: one given with `-H`, else the URL's host, with its port when not the scheme's default.
    pub fn host_header(&self, host: &str, port: u16, https: bool) -> String {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| authority(host, port, https))
    }

    /// The headers sent besides `Host`: curl's own, then those given with `-H`.
    pub fn request_headers(&self) -> Vec<(String, String)> {
        let mut headers: Vec<(String, String)> = vec![
            ("User-Agent".into(), super::AGENT.into()),
            ("Accept".into(), "*/*".into()),
        ];
        headers.extend(
            self.headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
                .cloned(),
        );
        headers
    }

    /// The address to connect to: one `--resolve` gives for this host and port, else the host itself.
    pub fn address(&self, host: &str, port: u16) -> String {
        self.resolve
            .iter()
            .find(|r| r.host.eq_ignore_ascii_case(host) && r.port == port)
            .map_or_else(|| host.to_string(), |r| r.address.clone())
    }
}

/// `--resolve HOST:PORT:ADDRESS`.
#[derive(Debug)]
pub(super) struct Resolve {
    pub host: String,
    pub port: u16,
    pub address: String,
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

pub(super) fn parse(args: &[String]) -> Result<Flags, String> {
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
                    (Some(h), Some(p), Some(a)) => p.parse().ok().map(|port| Resolve {
                        host: h.to_string(),
                        port,
                        address: a.to_string(),
                    }),
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

/// A URL's host, with its port when it is not the scheme's default: what curl sends as `Host`.
pub(in crate::shell) fn authority(host: &str, port: u16, https: bool) -> String {
    let default_port = if https { 443 } else { 80 };
    if port == default_port {
        host.to_string()
    } else {
        format!("{host}:{port}")
    }
}

/// `http://host[:port][/path]` (the scheme may be left out) into host, port and path.
pub(in crate::shell) fn split_url(url: &str) -> Option<(String, u16, String)> {
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
