//! What differs between Traefik versions, read from the controller pod's image tag and arguments.

use crate::engine::api::Pod;

pub(super) fn controller_image(controller: &Pod) -> String {
    controller
        .spec
        .containers
        .first()
        .map(|c| c.image.clone())
        .unwrap_or_default()
}

/// A Traefik controller pod with the major version of its image read once: a routed request asks for it at the
/// entry point, for the providers and for the rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Traefik<'p> {
    pub pod: &'p Pod,
    /// From the image tag (`traefik:v1.7` is 1); None for `latest` or no tag.
    pub major: Option<u32>,
}

impl<'p> Traefik<'p> {
    pub(crate) fn of(pod: &'p Pod) -> Traefik<'p> {
        Traefik {
            pod,
            major: traefik_major(pod),
        }
    }

    /// Traefik 1.x, which reads its arguments and Ingresses in its own ways.
    pub(crate) fn v1(self) -> bool {
        self.major == Some(1)
    }
}

/// Traefik from v2 on leaves out routes to Services without endpoints unless
/// `--providers.kubernetesingress.allowEmptyServices=true`; Traefik 1.x keeps them and answers 503.
pub(super) fn skips_empty_services(controller: Traefik) -> bool {
    let Some(container) = controller.pod.spec.containers.first() else {
        return false;
    };
    let v1 = controller.v1();
    let allow = container.args.iter().chain(&container.command).any(|a| {
        a.eq_ignore_ascii_case("--providers.kubernetesingress.allowemptyservices=true")
            || a.eq_ignore_ascii_case("--providers.kubernetesingress.allowemptyservices")
    });
    !v1 && !allow
}

/// The major version in the controller's image tag (`traefik:v1.7` is 1); `None` for `latest` or no tag.
pub(crate) fn traefik_major(controller: &Pod) -> Option<u32> {
    // Asked several times for every routed request, so it reads bytes instead of searching the string by char.
    let image = controller.spec.containers.first()?.image.as_bytes();
    let tag = &image[image.iter().rposition(|&b| b == b':')? + 1..];
    let version = &tag[tag.iter().take_while(|&&b| b == b'v').count()..];
    let major = &version[..version
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(version.len())];
    // ASCII digits only, at most nine (no tag has more), read without checking the bytes are UTF-8 first.
    if major.is_empty() || major.len() > 9 || !major.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(major.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
}

/// The value of a `--flag=value` argument of the controller, the flag's name compared without case.
pub(crate) fn flag<'a>(controller: &'a Pod, name: &str) -> Option<&'a str> {
    let container = controller.spec.containers.first()?;
    container
        .args
        .iter()
        .chain(&container.command)
        .find_map(|a| {
            let (key, value) = a.split_once('=')?;
            key.eq_ignore_ascii_case(name).then_some(value)
        })
}

/// Where the controller says its Ingresses are exposed (`ingressEndpoint`): an IP, a host name, or a Service whose
/// load-balancer address it copies. Without it Traefik leaves Ingress status empty.
pub(crate) enum Published<'a> {
    Ip(&'a str),
    Hostname(&'a str),
    Service(&'a str),
}

pub(super) fn ingress_endpoint(traefik: Traefik<'_>) -> Option<Published<'_>> {
    let controller = traefik.pod;
    let prefix = if traefik.v1() {
        "--kubernetes.ingressEndpoint."
    } else {
        "--providers.kubernetesingress.ingressEndpoint."
    };
    if let Some(ip) = flag(controller, &format!("{prefix}ip")) {
        return Some(Published::Ip(ip));
    }
    if let Some(host) = flag(controller, &format!("{prefix}hostname")) {
        return Some(Published::Hostname(host));
    }
    flag(controller, &format!("{prefix}publishedService")).map(Published::Service)
}

/// Whether the controller has a TLS entry point on `port`: Traefik 1.x `--entrypoints=Name:https Address::443 TLS`,
/// v2 and later `--entrypoints.websecure.address=:443` (Ingresses with `tls` are served there with TLS).
pub(super) fn tls_entrypoint(traefik: Traefik, port: u16) -> bool {
    let controller = traefik.pod;
    let Some(container) = controller.spec.containers.first() else {
        return false;
    };
    // `...:443` or `...:443 TLS`, compared without building strings: this runs for every request.
    let on_port = |w: &str| {
        w.rsplit_once(':')
            .is_some_and(|(_, p)| p.parse::<u16>().ok() == Some(port))
    };
    let starts = |text: &str, prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let v1 = traefik.v1();
    container.args.iter().chain(&container.command).any(|a| {
        if v1 {
            starts(a, "--entrypoints=")
                && a.split_whitespace()
                    .any(|w| w == "TLS" || w.starts_with("TLS:"))
                && a.split_whitespace().any(on_port)
        } else {
            a.split_once('=').is_some_and(|(k, v)| {
                starts(k, "--entrypoints.")
                    && k.len()
                        .checked_sub(8)
                        .and_then(|i| k.get(i..))
                        .is_some_and(|end| end.eq_ignore_ascii_case(".address"))
                    && on_port(v)
                    && secure_entrypoint(controller, &k[14..k.len() - 8])
            })
        }
    })
}

/// Every argument of the controller's first container.
fn args(controller: &Pod) -> impl Iterator<Item = &String> {
    controller
        .spec
        .containers
        .iter()
        .take(1)
        .flat_map(|c| c.args.iter().chain(&c.command))
}

/// Whether a `--name` or `--name=true` switch is on.
fn switch(controller: &Pod, name: &str) -> bool {
    args(controller).any(|a| {
        let (key, value) = a.split_once('=').unwrap_or((a, "true"));
        key.eq_ignore_ascii_case(name) && value.eq_ignore_ascii_case("true")
    })
}

/// Whether Traefik (v2 and later) runs its Kubernetes Gateway provider (`--providers.kubernetesgateway`).
pub(crate) fn gateway_provider(traefik: Traefik) -> bool {
    is_traefik(traefik.pod) && !traefik.v1() && switch(traefik.pod, "--providers.kubernetesgateway")
}

/// Whether Traefik serves Ingresses: 1.x always; later versions when `--providers.kubernetesingress` is on, or
/// when no provider is named at all (kplay's shortcut for a bare `traefik:v3` pod).
pub(super) fn ingress_provider(traefik: Traefik) -> bool {
    let controller = traefik.pod;
    if traefik.v1() || switch(controller, "--providers.kubernetesingress") {
        return true;
    }
    !args(controller).any(|a| {
        a.get(..12)
            .is_some_and(|p| p.eq_ignore_ascii_case("--providers."))
    })
}

/// The ports of Traefik's entry points (`--entrypoints.web.address=:80`), which Gateway listeners must use.
pub(crate) fn entrypoint_ports(controller: &Pod) -> Vec<u16> {
    args(controller)
        .filter_map(|a| {
            let (key, value) = a.split_once('=')?;
            let key = key.to_ascii_lowercase();
            (key.starts_with("--entrypoints.") && key.ends_with(".address")).then_some(())?;
            value.rsplit_once(':')?.1.split('/').next()?.parse().ok()
        })
        .collect()
}

/// Where Traefik says its Gateways are reachable (`--providers.kubernetesgateway.statusaddress.*`).
pub(crate) fn gateway_status_address(controller: &Pod) -> Option<Published<'_>> {
    let prefix = "--providers.kubernetesgateway.statusaddress.";
    if let Some(ip) = flag(controller, &format!("{prefix}ip")) {
        return Some(Published::Ip(ip));
    }
    if let Some(host) = flag(controller, &format!("{prefix}hostname")) {
        return Some(Published::Hostname(host));
    }
    flag(controller, &format!("{prefix}service.name")).map(Published::Service)
}

/// Whether a v2+ entry point speaks TLS: named `websecure`, as Traefik's docs and chart name it, or given
/// `--entrypoints.NAME.http.tls`.
fn secure_entrypoint(controller: &Pod, name: &str) -> bool {
    name.eq_ignore_ascii_case("websecure")
        || switch(controller, &format!("--entrypoints.{name}.http.tls"))
}

/// Whether a pod is a Traefik ingress controller (not traefik/whoami).
pub(crate) fn is_traefik(pod: &Pod) -> bool {
    pod.spec
        .containers
        .first()
        .is_some_and(|c| crate::engine::images::split(&c.image).0 == "traefik")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traefik_versions_treat_empty_services_differently() {
        let controller = |image: &str, args: &[&str]| {
            let mut pod = Pod::default();
            pod.spec.containers.push(crate::engine::api::Container {
                image: image.into(),
                args: args.iter().map(|a| a.to_string()).collect(),
                ..Default::default()
            });
            pod
        };
        let skips = |pod: Pod| skips_empty_services(Traefik::of(&pod));
        assert!(!skips(controller("traefik:v1.7", &[])));
        assert!(!skips(controller("traefik:1.7.34", &[])));
        assert!(skips(controller("traefik:v2.11", &[])));
        assert!(skips(controller("traefik", &[])));
        assert!(!skips(controller(
            "traefik:v3.1",
            &["--providers.kubernetesingress.allowEmptyServices=true"]
        )));
        assert_eq!(traefik_major(&controller("traefik:v3.1", &[])), Some(3));
        assert_eq!(traefik_major(&controller("traefik:1.7.34", &[])), Some(1));
        assert_eq!(
            traefik_major(&controller("docker.io/traefik:v2", &[])),
            Some(2)
        );
        assert_eq!(traefik_major(&controller("traefik:latest", &[])), None);
        assert_eq!(traefik_major(&controller("traefik", &[])), None);
    }
}
