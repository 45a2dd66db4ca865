//! The container images kplay knows: which tags exist, and whether a container keeps running or exits at once.

use crate::engine::api::Container;

/// What pulling an image gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pull {
    Ok,
    /// The repository exists but not this tag.
    NoSuchTag,
    /// A name one typo away from a known repository: the registry refuses it.
    NoSuchRepository,
}

/// Repositories whose tags kplay checks; any other repository is taken to exist.
const KNOWN: [&str; 10] = [
    "nginx",
    "traefik",
    "traefik/whoami",
    "hashicorp/http-echo",
    "httpd",
    "busybox",
    "alpine",
    "ubuntu",
    "debian",
    "redis",
];

/// `nginx:1.17` → (`nginx`, `1.17`); no tag means `latest`. A registry host (`localhost:5000/app`) is not a tag.
pub fn split(image: &str) -> (&str, &str) {
    let (name, tag) = match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (image, "latest"),
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    (name.strip_prefix("library/").unwrap_or(name), tag)
}

/// The reference containerd resolves: `docker.io/library/nginx:1.17`.
pub fn reference(image: &str) -> String {
    let (name, tag) = split(image);
    let path = if name.contains('/') {
        name.to_string()
    } else {
        format!("library/{name}")
    };
    format!("docker.io/{path}:{tag}")
}

pub fn pull(image: &str) -> Pull {
    let (name, tag) = split(image);
    if !KNOWN.contains(&name) {
        let typo = KNOWN
            .iter()
            .any(|known| strsim::damerau_levenshtein(known, name) <= 2 && known.len() > 3);
        return if typo {
            Pull::NoSuchRepository
        } else {
            Pull::Ok
        };
    }
    let version = |prefix: &str, majors: std::ops::RangeInclusive<u32>| {
        let rest = tag.strip_prefix(prefix).unwrap_or(tag);
        let core = rest.split('-').next().unwrap_or(rest);
        let mut parts = core.split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let rest_numeric = parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        major.is_some_and(|m| majors.contains(&m)) && rest_numeric
    };
    let words = [
        "latest", "stable", "mainline", "alpine", "slim", "perl", "bookworm", "jammy", "noble",
    ];
    let exists = words.contains(&tag)
        || match name {
            "nginx" => tag.starts_with("1.") && version("1.", 9..=29),
            "traefik" => version("v", 1..=3),
            "traefik/whoami" => version("v", 1..=1),
            "hashicorp/http-echo" => version("", 0..=1),
            "httpd" => version("", 2..=2),
            "busybox" => version("", 1..=1),
            "alpine" => version("", 3..=3),
            "ubuntu" => version("", 14..=25),
            "debian" => version("", 8..=13) || ["bullseye", "buster"].contains(&tag),
            _ => version("", 1..=8),
        };
    if exists {
        Pull::Ok
    } else {
        Pull::NoSuchTag
    }
}

/// Whether the container keeps running: servers do; a bare shell image with nothing to run exits at once.
pub fn keeps_running(container: &Container) -> bool {
    let (name, _) = split(&container.image);
    let shell_image = ["busybox", "alpine", "ubuntu", "debian"].contains(&name);
    if !shell_image {
        return true;
    }
    let words: Vec<&str> = container
        .command
        .iter()
        .chain(&container.args)
        .map(String::as_str)
        .collect();
    words.iter().any(|w| {
        ["sleep", "tail", "while", "httpd", "nc", "watch"]
            .iter()
            .any(|k| w.contains(k))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_known_images() {
        assert_eq!(pull("nginx:1.17"), Pull::Ok);
        assert_eq!(pull("nginx:1.25.3-alpine"), Pull::Ok);
        assert_eq!(pull("nginx"), Pull::Ok);
        assert_eq!(pull("nginx:1.99"), Pull::NoSuchTag);
        assert_eq!(pull("nginx:latestt"), Pull::NoSuchTag);
        assert_eq!(pull("traefik:v1.7"), Pull::Ok);
        assert_eq!(pull("ngnix:1.17"), Pull::NoSuchRepository);
        assert_eq!(pull("example/myapp:0.1"), Pull::Ok);
        assert_eq!(reference("nginx:1.17"), "docker.io/library/nginx:1.17");
        assert_eq!(
            reference("traefik/whoami"),
            "docker.io/traefik/whoami:latest"
        );
    }

    #[test]
    fn bare_shell_images_exit() {
        let busybox = Container {
            image: "busybox".into(),
            ..Container::default()
        };
        assert!(!keeps_running(&busybox));
        let sleeping = Container {
            image: "busybox".into(),
            command: vec!["sleep".into(), "3600".into()],
            ..Container::default()
        };
        assert!(keeps_running(&sleeping));
        assert!(keeps_running(&Container {
            image: "nginx".into(),
            ..Container::default()
        }));
    }
}
