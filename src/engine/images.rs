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

/// Repositories whose tags kplay checks (any other repository is taken to exist), each with the size kubelet reports
/// after pulling it: roughly the compressed linux/amd64 image as the registries list it today, not an exact figure.
const KNOWN: [(&str, u64); 12] = [
    ("nginx", 72_195_292),
    // The image of kubernetes.io's "Learn Kubernetes Basics", and the copy with the v2 its update module uses.
    ("gcr.io/google-samples/kubernetes-bootcamp", 83_494_528),
    ("jocatalin/kubernetes-bootcamp", 83_494_528),
    ("traefik", 24_103_347),
    ("traefik/whoami", 3_457_728),
    ("hashicorp/http-echo", 3_266_118),
    ("httpd", 58_154_373),
    ("busybox", 2_155_001),
    ("alpine", 3_653_068),
    ("ubuntu", 29_754_290),
    ("debian", 48_490_208),
    ("redis", 45_017_431),
];

/// The size kubelet reports for a pulled image: the table's, or for an image kplay does not know a steady figure
/// made from its name, so the same image always reports the same size.
pub fn size(image: &str) -> u64 {
    let (name, _) = split(image);
    KNOWN
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, size)| *size)
        .unwrap_or_else(|| {
            let spread = name
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            20_000_000 + spread % 60_000_000
        })
}

/// `nginx:1.17` → (`nginx`, `1.17`); no tag means `latest`. A registry host (`localhost:5000/app`) is not a tag.
pub fn split(image: &str) -> (&str, &str) {
    // Several times for every routed request, so it looks at bytes (':' and '/' are ASCII) rather than chars.
    let colon = image.bytes().rposition(|b| b == b':');
    let (name, tag) = match colon.map(|at| image.split_at(at)) {
        Some((name, tag)) if !tag.as_bytes().contains(&b'/') => (name, &tag[1..]),
        _ => (image, "latest"),
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    (name.strip_prefix("library/").unwrap_or(name), tag)
}

/// The reference containerd resolves: `docker.io/library/nginx:1.17`.
pub fn reference(image: &str) -> String {
    let (name, tag) = split(image);
    // A first part with a dot or a port, or `localhost`, names a registry of its own.
    let first = name.split('/').next().unwrap_or(name);
    if name.contains('/') && (first.contains(['.', ':']) || first == "localhost") {
        return format!("{name}:{tag}");
    }
    let path = if name.contains('/') {
        name.to_string()
    } else {
        format!("library/{name}")
    };
    format!("docker.io/{path}:{tag}")
}

pub fn pull(image: &str) -> Pull {
    let (name, tag) = split(image);
    if !KNOWN.iter().any(|(known, _)| *known == name) {
        let typo = KNOWN
            .iter()
            .any(|(known, _)| strsim::damerau_levenshtein(known, name) <= 2 && known.len() > 3);
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
            "gcr.io/google-samples/kubernetes-bootcamp" => tag == "v1",
            "jocatalin/kubernetes-bootcamp" => matches!(tag, "v1" | "v2"),
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

/// Whether the container keeps running: servers do, and shells reading an open standard input; a bare shell image
/// with nothing to run exits at once.
pub fn keeps_running(container: &Container) -> bool {
    let (name, _) = split(&container.image);
    let shell_image = ["busybox", "alpine", "ubuntu", "debian"].contains(&name);
    // A shell whose standard input stays open (`kubectl run -i`) waits for it.
    let stdin = container.extra.get("stdin") == Some(&serde_json::Value::Bool(true));
    if !shell_image || stdin {
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
        assert_eq!(
            pull("gcr.io/google-samples/kubernetes-bootcamp:v1"),
            Pull::Ok
        );
        assert_eq!(
            pull("gcr.io/google-samples/kubernetes-bootcamp:v10"),
            Pull::NoSuchTag
        );
        assert_eq!(pull("docker.io/jocatalin/kubernetes-bootcamp:v2"), Pull::Ok);
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
