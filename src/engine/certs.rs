//! Stand-in TLS certificates. kplay does no cryptography: `openssl req -x509` in its shell writes PEM files whose
//! body is a readable description of the certificate (subject, issuer, names, validity), base64-encoded like a real
//! one, so Secrets, Ingress `tls` and curl's verification behave as they would. A real certificate pasted in is kept
//! as it is; kplay cannot read its names.

use crate::engine::api::{decode_base64, encode_base64};
use crate::engine::traffic::host_matches;
use crate::engine::Millis;

/// The first line of a stand-in certificate's body.
const MARK: &str = "kplay stand-in certificate";

/// What a certificate says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// `CN=foo.bar.com`.
    pub subject: String,
    pub issuer: String,
    /// The DNS names it is valid for (its subjectAltName, or its common name when it has none).
    pub names: Vec<String>,
    /// Seconds since the epoch at which it expires.
    pub not_after: u64,
}

impl CertInfo {
    /// The name of the certificate that covers a host name: the same name (case-insensitive) or a wildcard for one
    /// label, as an Ingress host matches.
    pub fn name_for(&self, host: &str) -> Option<&str> {
        let host = host.to_ascii_lowercase();
        self.names
            .iter()
            .find(|name| host_matches(&name.to_ascii_lowercase(), &host))
            .map(String::as_str)
    }

    pub fn covers(&self, host: &str) -> bool {
        self.name_for(host).is_some()
    }

    pub fn self_signed(&self) -> bool {
        self.subject == self.issuer
    }
}

/// A self-signed certificate and its key, as PEM text: `openssl req -x509 -subj /CN=... -addext subjectAltName=...`.
pub fn self_signed(
    subject: &str,
    alt_names: &[String],
    days: u64,
    now: Millis,
) -> (String, String) {
    let serial = serial(subject, now);
    let not_after = now / 1000 + days * 86_400;
    let body = format!(
        "{MARK}\nsubject={subject}\nissuer={subject}\nsan={}\nnotAfter={not_after}\nserial={serial:016x}\n",
        alt_names.join(",")
    );
    let key = format!("kplay stand-in private key\nserial={serial:016x}\n");
    (pem("CERTIFICATE", &body), pem("PRIVATE KEY", &key))
}

/// Reads a stand-in certificate; None for anything else (including real certificates).
pub fn read(pem_text: &str) -> Option<CertInfo> {
    let body = block(pem_text, "CERTIFICATE")?;
    let text = String::from_utf8(decode_base64(&body).ok()?).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MARK {
        return None;
    }
    let mut info = CertInfo {
        subject: String::new(),
        issuer: String::new(),
        names: Vec::new(),
        not_after: 0,
    };
    for line in lines {
        match line.split_once('=') {
            Some(("subject", v)) => info.subject = v.to_string(),
            Some(("issuer", v)) => info.issuer = v.to_string(),
            Some(("san", v)) => {
                info.names = v
                    .split(',')
                    .filter_map(|n| n.trim().strip_prefix("DNS:"))
                    .map(str::to_string)
                    .collect();
            }
            Some(("notAfter", v)) => info.not_after = v.parse().unwrap_or(0),
            _ => {}
        }
    }
    if info.names.is_empty() {
        if let Some(cn) = info.subject.split("; ").find_map(|p| p.strip_prefix("CN=")) {
            info.names.push(cn.to_string());
        }
    }
    Some(info)
}

/// Whether a text holds a PEM block of this label (`CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`...).
pub fn has_block(pem_text: &str, label_suffix: &str) -> bool {
    pem_text.lines().any(|l| {
        l.starts_with("-----BEGIN ") && l.trim_end().ends_with(&format!("{label_suffix}-----"))
    })
}

/// The base64 body of the first PEM block with this label.
fn block(pem_text: &str, label: &str) -> Option<String> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem_text.find(&begin)? + begin.len();
    let stop = pem_text[start..].find(&end)? + start;
    Some(pem_text[start..stop].split_whitespace().collect())
}

fn pem(label: &str, body: &str) -> String {
    let encoded = encode_base64(body.as_bytes());
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A serial number that depends only on the subject and the moment, so runs with one seed repeat.
fn serial(subject: &str, now: Millis) -> u64 {
    subject.bytes().fold(now ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_certificate_reads_back_and_covers_its_names() {
        let (cert, key) = self_signed(
            "CN=foo.bar.com",
            &["DNS:foo.bar.com".into(), "DNS:*.foo.com".into()],
            365,
            0,
        );
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(has_block(&key, "PRIVATE KEY"));
        let info = read(&cert).expect("readable");
        assert!(info.self_signed());
        assert!(info.covers("FOO.bar.com"));
        assert!(info.covers("x.foo.com"));
        assert!(!info.covers("a.b.foo.com"));
        assert!(!info.covers("bar.com"));
        let (cn_only, _) = self_signed("CN=example.com", &[], 1, 0);
        assert!(read(&cn_only).expect("readable").covers("example.com"));
        assert_eq!(
            read("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            None
        );
    }
}
