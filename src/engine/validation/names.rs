//! Names, labels and annotations: the DNS and qualified-name rules of apimachinery, with their messages.

use crate::engine::api::{Labels, ObjectMeta};
use crate::engine::validation::{invalid, required, Bad, FieldError};

const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const WILDCARD_MSG: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// Which rule a kind's names follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    Subdomain,
    Label,
    Dns1035,
    /// RBAC names: anything that is a valid path segment.
    Path,
}

fn alnum_lower(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| alnum_lower(c) || c == '-')
        && s.starts_with(alnum_lower)
        && s.ends_with(alnum_lower)
}

fn is_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_label)
}

/// `IsDNS1123Subdomain`.
pub(crate) fn subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !is_subdomain(s) {
        errs.push(SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// `IsDNS1123Label`.
pub(crate) fn label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s) {
        errs.push(if is_subdomain(s) {
            "must not contain dots".to_string()
        } else {
            LABEL_MSG.to_string()
        });
    }
    errs
}

/// `IsDNS1035Label`.
pub(crate) fn dns1035(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !(is_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())) {
        errs.push(DNS1035_MSG.to_string());
    }
    errs
}

/// `IsWildcardDNS1123Subdomain`.
pub(crate) fn wildcard(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !s.strip_prefix("*.").is_some_and(is_subdomain) {
        errs.push(WILDCARD_MSG.to_string());
    }
    errs
}

fn qualified_part(s: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric();
    !s.is_empty()
        && s.chars().all(|c| ok(c) || "-_.".contains(c))
        && s.starts_with(ok)
        && s.ends_with(ok)
}

/// `IsQualifiedName`: label and annotation keys.
pub(crate) fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            name
        }
        _ => {
            errs.push(format!("a qualified name {QUALIFIED_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !qualified_part(name) {
        errs.push(format!("name part {QUALIFIED_MSG}"));
    }
    errs
}

/// `IsValidLabelValue`.
pub(crate) fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !qualified_part(s) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// `ValidateLabels`: the path does not name the key.
pub(crate) fn labels(map: &Labels, field: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in map {
        errs.extend(
            qualified_name(k)
                .into_iter()
                .map(|m| invalid(field, Bad::Str(k.clone()), m)),
        );
        errs.extend(
            label_value(v)
                .into_iter()
                .map(|m| invalid(field, Bad::Str(v.clone()), m)),
        );
    }
    errs
}

/// `ValidateAnnotations`: keys are qualified names in any case; all of them together at most 256 KiB.
pub(crate) fn annotations(map: &Labels, field: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in map.keys() {
        errs.extend(
            qualified_name(&k.to_ascii_lowercase())
                .into_iter()
                .map(|m| invalid(field, Bad::Str(k.clone()), m)),
        );
    }
    let size: usize = map.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > 256 * 1024 {
        errs.push(FieldError::TooLong {
            field: field.to_string(),
            max: 256 * 1024,
        });
    }
    errs
}

/// `ValidateObjectMeta`: the name by the kind's rule, then the namespace, labels and annotations.
pub(crate) fn object_meta(meta: &ObjectMeta, rule: Rule, namespaced: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if meta.name.is_empty() {
        errs.push(required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        let messages = match rule {
            Rule::Subdomain => subdomain(&meta.name),
            Rule::Label => label(&meta.name),
            Rule::Dns1035 => dns1035(&meta.name),
            Rule::Path => path_segment(&meta.name),
        };
        errs.extend(
            messages
                .into_iter()
                .map(|m| invalid("metadata.name", Bad::Str(meta.name.clone()), m)),
        );
    }
    if namespaced {
        let namespace = meta.namespace();
        errs.extend(
            label(namespace)
                .into_iter()
                .map(|m| invalid("metadata.namespace", Bad::Str(namespace.to_string()), m)),
        );
    }
    errs.extend(labels(&meta.labels, "metadata.labels"));
    errs.extend(annotations(&meta.annotations, "metadata.annotations"));
    errs
}

fn path_segment(s: &str) -> Vec<String> {
    if s == "." || s == ".." {
        return vec![format!("may not be '{s}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|bad| s.contains(*bad))
        .map(|bad| format!("may not contain '{bad}'"))
        .collect()
}

/// `IsValidPortNum`.
pub(crate) fn port_number(n: i64) -> Vec<String> {
    if (1..=65535).contains(&n) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".to_string()]
    }
}

/// `IsValidPortName` (IANA service names).
pub(crate) fn port_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}
