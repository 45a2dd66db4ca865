//! TLS at the ingress controller: which entry point speaks TLS, and which certificate Traefik presents for a host
//! name (the Secret of an Ingress `tls` entry whose certificate covers it, or Traefik's own default certificate).

use crate::engine::api::{Ingress, Kind, ObjectRef};
use crate::engine::certs::{self, CertInfo};
use crate::engine::traffic::traefik::{tls_entrypoint, Traefik};
use crate::engine::traffic::{
    responses, why, Arg, HopObject, HopStep, Hops, Msg, Outcome, Request, TlsClient, TlsFailure,
};
use crate::engine::Cluster;

/// The certificate Traefik generates for itself and presents when no Secret matches.
const DEFAULT_CERT: &str = "CN=TRAEFIK DEFAULT CERT";

/// A certificate a server presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The Secret it came from; None for the controller's default certificate.
    pub secret: Option<ObjectRef>,
    pub info: CertInfo,
    /// The PEM text (empty for the default certificate), so a client can compare it with what it trusts.
    pub pem: String,
}

impl Cluster {
    /// Checks that the request speaks the entry point's protocol: TLS to a TLS entry point, plain HTTP otherwise.
    /// `Err` is how the request ends when it does not.
    pub(super) fn entry_point(
        &self,
        traefik: Traefik,
        container_port: u16,
        request: &Request,
        hops: &mut Hops,
    ) -> Result<(), Outcome> {
        let (controller, tls) = (traefik.pod, tls_entrypoint(traefik, container_port));
        // Without a TLS entry point there, Traefik listens on its HTTP port 80 (and the API's 8080), not on 443.
        if !tls && container_port == 443 {
            return Err(Outcome::Refused {
                reason: why!(Msg::NoTlsEntryPoint, container_port),
            });
        }
        match (request.tls.is_some(), tls) {
            (false, true) => {
                hops.push(
                    HopStep::Controller,
                    || HopObject::of(Kind::Pod, &controller.metadata),
                    || why!(Msg::TlsEntryPlainRequest, container_port),
                );
                Err(Outcome::Answered {
                    response: responses::plain_http_to_tls(),
                    pod: None,
                })
            }
            (true, false) => {
                hops.push(
                    HopStep::Controller,
                    || HopObject::of(Kind::Pod, &controller.metadata),
                    || why!(Msg::PlainEntryTlsRequest, container_port),
                );
                Err(Outcome::HandshakeFailed(TlsFailure::WrongVersion))
            }
            _ => Ok(()),
        }
    }

    /// Traefik's certificate for the handshake: the first `tls` Secret of a served Ingress whose certificate covers
    /// the SNI host name, else its default certificate.
    pub(super) fn present_certificate<'a>(
        &self,
        served: impl Iterator<Item = CertSource<'a>>,
        client: &TlsClient,
        hops: &mut Hops,
    ) -> Result<(), Outcome> {
        let server_name = client.server_name.as_deref();
        let chosen = server_name.and_then(|sni| self.secret_certificate(served, sni));
        let sni = || server_name.map_or(why!(Msg::NoSni).into(), Arg::from);
        let certificate = match chosen {
            Some((certificate, read)) => {
                let secret = certificate.secret.clone();
                hops.push(
                    HopStep::Tls,
                    || secret.map_or(HopObject::Controller, HopObject::Object),
                    || {
                        let msg = if read {
                            Msg::SecretCertificate
                        } else {
                            Msg::SecretCertificateUnread
                        };
                        why!(msg, sni(), &certificate.info.subject)
                    },
                );
                certificate
            }
            None => {
                hops.push(
                    HopStep::Tls,
                    || HopObject::Controller,
                    || why!(Msg::DefaultCertificate, sni(), DEFAULT_CERT),
                );
                default_certificate()
            }
        };
        let verdict = verify(client, &certificate);
        hops.certificate = Some(certificate);
        hops.tls_terminated = true;
        verdict.map_err(Outcome::HandshakeFailed)
    }

    /// The first Secret of the served Ingresses' `tls` entries (or Gateway listeners' certificateRefs) whose
    /// certificate covers the SNI name, and whether kplay could read it.
    fn secret_certificate<'a>(
        &self,
        served: impl Iterator<Item = CertSource<'a>>,
        sni: &str,
    ) -> Option<(Certificate, bool)> {
        served
            .filter_map(|source| self.tls_certificate(&source))
            .find(|(certificate, _)| certificate.info.covers(sni))
    }

    /// The certificate in one Secret, and whether kplay could read it. A real certificate cannot be read here: it
    /// then covers the hosts the Ingress (or listener) says it does.
    fn tls_certificate(&self, source: &CertSource) -> Option<(Certificate, bool)> {
        let secret = ObjectRef::new(Kind::Secret, source.namespace, source.secret);
        let pem = self
            .store
            .secrets()
            .get(&secret.key())
            .and_then(|s| s.value("tls.crt"))?;
        let (info, read) = match certs::read(&pem) {
            Some(info) => (info, true),
            None => (
                CertInfo {
                    subject: format!("CN={}", source.hosts.first().cloned().unwrap_or_default()),
                    issuer: "unknown".into(),
                    names: source.hosts.to_vec(),
                    not_after: u64::MAX,
                },
                false,
            ),
        };
        let secret = Some(secret);
        Some((Certificate { secret, info, pem }, read))
    }
}

/// A Secret that may hold the certificate for a handshake: an Ingress's `tls` entry or a listener's certificateRef,
/// with the hosts it is said to serve.
pub(super) struct CertSource<'a> {
    pub namespace: &'a str,
    pub secret: &'a str,
    pub hosts: &'a [String],
}

/// The certificate sources of an Ingress's `tls` entries.
pub(super) fn ingress_sources(ingress: &Ingress) -> impl Iterator<Item = CertSource<'_>> {
    ingress.spec.tls.iter().filter_map(|entry| {
        Some(CertSource {
            namespace: ingress.metadata.namespace(),
            secret: entry.secret_name.as_deref()?,
            hosts: &entry.hosts,
        })
    })
}

/// Traefik's own self-signed certificate, for a host no Secret covers.
fn default_certificate() -> Certificate {
    Certificate {
        secret: None,
        info: CertInfo {
            subject: DEFAULT_CERT.into(),
            issuer: DEFAULT_CERT.into(),
            names: Vec::new(),
            not_after: u64::MAX,
        },
        pem: String::new(),
    }
}

/// The client's check of the certificate: trusted (a self-signed one only when the client holds it), then the host.
fn verify(client: &TlsClient, certificate: &Certificate) -> Result<(), TlsFailure> {
    let Some(trusted) = &client.trust else {
        return Ok(());
    };
    let info = &certificate.info;
    let known = trusted.iter().any(|pem| {
        certs::read(pem).is_some_and(|t| &t == info) || (!pem.is_empty() && *pem == certificate.pem)
    });
    if info.self_signed() && !known {
        return Err(TlsFailure::SelfSigned);
    }
    if !info.covers(&client.verify_host) {
        return Err(TlsFailure::NameMismatch {
            host: client.verify_host.clone(),
        });
    }
    Ok(())
}
