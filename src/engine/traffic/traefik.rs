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

/// Traefik from v2 on leaves out routes to Services without endpoints unless
/// `--providers.kubernetesingress.allowEmptyServices=true`; Traefik 1.x keeps them and answers 503.
pub(super) fn skips_empty_services(controller: &Pod) -> bool {
    let Some(container) = controller.spec.containers.first() else {
        return false;
    };
    let v1 = traefik_major(controller) == Some(1);
    let allow = container.args.iter().chain(&container.command).any(|a| {
        a.eq_ignore_ascii_case("--providers.kubernetesingress.allowemptyservices=true")
            || a.eq_ignore_ascii_case("--providers.kubernetesingress.allowemptyservices")
    });
    !v1 && !allow
}

/// The major version in the controller's image tag (`traefik:v1.7` is 1); `None` for `latest` or no tag.
pub(super) fn traefik_major(controller: &Pod) -> Option<u32> {
    let image = &controller.spec.containers.first()?.image;
    let (_, tag) = image.rsplit_once(':')?;
    tag.trim_start_matches('v').split('.').next()?.parse().ok()
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
        assert!(!skips_empty_services(&controller("traefik:v1.7", &[])));
        assert!(!skips_empty_services(&controller("traefik:1.7.34", &[])));
        assert!(skips_empty_services(&controller("traefik:v2.11", &[])));
        assert!(skips_empty_services(&controller("traefik", &[])));
        assert!(!skips_empty_services(&controller(
            "traefik:v3.1",
            &["--providers.kubernetesingress.allowEmptyServices=true"]
        )));
        assert_eq!(traefik_major(&controller("traefik:v3.1", &[])), Some(3));
    }
}
