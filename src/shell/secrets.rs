//! Making Secrets from files, as a tutorial does it: `openssl req -x509` writes a (stand-in) self-signed certificate
//! and key, and `kubectl create secret tls|generic` turns files and literals into a Secret.

use std::collections::BTreeMap;

use crate::engine::api::{encode_base64, Object, ObjectMeta, Secret};
use crate::engine::certs;
use crate::engine::manifest::Manifest;
use crate::shell::apply::{apply_manifests, Verb};
use crate::shell::{Output, Shell};

/// `openssl req -x509 -nodes -days N -newkey rsa:2048 -keyout KEY -out CERT -subj /CN=HOST [-addext subjectAltName=DNS:HOST]`
/// and `openssl x509 -in CERT -noout -subject -issuer`.
pub(super) fn openssl(shell: &mut Shell, args: &[String]) -> Output {
    let mut words = args.iter();
    let command = words.next().map(String::as_str);
    let mut options: BTreeMap<&str, &str> = BTreeMap::new();
    let mut switches: Vec<&str> = Vec::new();
    let mut alt_names: Vec<String> = Vec::new();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-days" | "-newkey" | "-keyout" | "-out" | "-subj" | "-in" => match words.next() {
                Some(value) => {
                    options.insert(word.as_str(), value.as_str());
                }
                None => return Output::err(format!("req: Option {word} needs a value\n")),
            },
            "-addext" => {
                let ext = words.next().map(String::as_str).unwrap_or("");
                if let Some(names) = ext.strip_prefix("subjectAltName=") {
                    alt_names.extend(names.split(',').map(|n| n.trim().to_string()));
                }
            }
            other => switches.push(other),
        }
    }
    match command {
        Some("req") if switches.contains(&"-x509") => {
            let subject = options
                .get("-subj")
                .map(|s| {
                    s.split('/')
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            if !subject.contains("CN=") {
                return Output::err("kplay: openssl req here needs -subj \"/CN=HOST\" (it asks no questions)\n");
            }
            let days = options.get("-days").and_then(|d| d.parse().ok()).unwrap_or(30);
            let (cert, key) = certs::self_signed(&subject, &alt_names, days, shell.cluster.now());
            let (Some(cert_file), Some(key_file)) = (options.get("-out"), options.get("-keyout")) else {
                return Output::err("kplay: openssl req here needs -keyout FILE and -out FILE\n");
            };
            shell.write_file(cert_file, &cert);
            shell.write_file(key_file, &key);
            Output::err("-----\n")
        }
        Some("x509") => {
            let Some(file) = options.get("-in") else {
                return Output::err("kplay: openssl x509 here reads -in FILE\n");
            };
            let Some(text) = shell.files().get(*file).cloned() else {
                return Output::err(format!("Could not open file or uri for loading certificate from {file}\n"));
            };
            let Some(info) = certs::read(&text) else {
                return Output::err("kplay: this is not a certificate kplay's openssl wrote; kplay cannot read X.509\n");
            };
            let mut out = String::new();
            for switch in switches {
                match switch {
                    "-subject" => out.push_str(&format!("subject={}\n", spaced(&info.subject))),
                    "-issuer" => out.push_str(&format!("issuer={}\n", spaced(&info.issuer))),
                    _ => {}
                }
            }
            Output::out(out)
        }
        _ => Output::err("kplay: its openssl makes self-signed certificates (openssl req -x509 ...) and shows them (openssl x509 -in FILE -noout -subject)\n"),
    }
}

/// `CN=foo; O=bar` as openssl prints a name: `CN = foo, O = bar`.
fn spaced(name: &str) -> String {
    name.split("; ")
        .map(|p| p.replacen('=', " = ", 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `kubectl create secret tls NAME --cert=FILE --key=FILE` and `kubectl create secret generic NAME
/// --from-literal=KEY=VALUE --from-file=[KEY=]FILE`.
pub(super) fn create_secret(
    shell: &mut Shell,
    words: &[String],
    namespace: Option<&str>,
) -> Output {
    let args = SecretArgs::parse(words);
    let (kind, names) = match args.positional.split_first() {
        Some((kind, names)) => (*kind, names),
        None => {
            return Output::err("error: Unexpected args: []\nkplay knows: kubectl create secret tls NAME --cert=FILE --key=FILE, kubectl create secret generic NAME --from-literal=KEY=VALUE\n")
        }
    };
    let [name] = names else {
        return Output::err(format!(
            "error: exactly one NAME is required, got {}\n",
            names.len()
        ));
    };
    let mut secret = Secret {
        metadata: ObjectMeta {
            name: name.to_string(),
            ..ObjectMeta::default()
        },
        ..Secret::default()
    };
    let filled = match kind {
        "tls" => fill_tls(shell, &args, &mut secret),
        "generic" => fill_generic(shell, &args, &mut secret),
        other => Err(format!("error: unknown command \"{other}\" for \"kubectl create secret\"\nkplay knows: tls, generic\n")),
    };
    match filled {
        Ok(()) => submit(shell, Object::Secret(secret), namespace),
        Err(message) => Output::err(message),
    }
}

/// Creates an object a `kubectl create <kind>` command built, as kubectl sends it: JSON with apiVersion and kind.
pub(super) fn submit(shell: &mut Shell, object: Object, namespace: Option<&str>) -> Output {
    let kind = object.kind();
    let mut json = crate::shell::render::object(&object);
    if let Some(map) = json.as_object_mut() {
        map.retain(|key, _| !matches!(key.as_str(), "metadata" | "status"));
        map.insert(
            "metadata".into(),
            serde_json::json!({ "name": object.meta().name }),
        );
        map.insert("apiVersion".into(), kind.api_version().into());
        map.insert("kind".into(), kind.name().into());
    }
    let manifest = Manifest {
        object,
        json,
        file: "STDIN".into(),
        line: 1,
        document: 0,
    };
    apply_manifests(shell, "STDIN", vec![manifest], namespace, Verb::Create).0
}

/// `kubectl create secret|configmap`'s words: the type and name, and the `--flag=value` or `--flag value` pairs in
/// order.
pub(super) struct SecretArgs<'a> {
    pub(super) positional: Vec<&'a str>,
    pub(super) flags: Vec<(String, String)>,
}

impl SecretArgs<'_> {
    pub(super) fn parse(words: &[String]) -> SecretArgs<'_> {
        let mut positional: Vec<&str> = Vec::new();
        let mut flags: Vec<(String, String)> = Vec::new();
        let mut iter = words.iter();
        while let Some(word) = iter.next() {
            match word.strip_prefix("--") {
                Some(flag) => {
                    let (name, value) = match flag.split_once('=') {
                        Some((n, v)) => (n.to_string(), v.to_string()),
                        None => (flag.to_string(), iter.next().cloned().unwrap_or_default()),
                    };
                    flags.push((name, value));
                }
                None => positional.push(word),
            }
        }
        SecretArgs { positional, flags }
    }

    /// The first value given for a flag.
    fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A file of the shell's filesystem, or kubectl's message for a missing one.
pub(super) fn read(shell: &Shell, file: &str) -> Result<String, String> {
    shell
        .files()
        .get(file)
        .cloned()
        .ok_or_else(|| format!("error: open {file}: no such file or directory\n"))
}

/// `tls`: the certificate and key files, each checked for its PEM block.
fn fill_tls(shell: &Shell, args: &SecretArgs, secret: &mut Secret) -> Result<(), String> {
    let (Some(cert_file), Some(key_file)) = (args.flag("cert"), args.flag("key")) else {
        return Err("error: required flag(s) \"cert\", \"key\" not set\n".to_string());
    };
    let cert = read(shell, cert_file)?;
    let key = read(shell, key_file)?;
    if !certs::has_block(&cert, "CERTIFICATE") {
        return Err("error: failed to load key pair tls: failed to find any PEM data in certificate input\n".to_string());
    }
    if !certs::has_block(&key, "PRIVATE KEY") {
        return Err(
            "error: failed to load key pair tls: failed to find any PEM data in key input\n"
                .to_string(),
        );
    }
    secret.type_ = Some("kubernetes.io/tls".into());
    secret
        .data
        .insert("tls.crt".into(), encode_base64(cert.as_bytes()));
    secret
        .data
        .insert("tls.key".into(), encode_base64(key.as_bytes()));
    Ok(())
}

/// `generic`: literals, files and a type, in the order given.
fn fill_generic(shell: &Shell, args: &SecretArgs, secret: &mut Secret) -> Result<(), String> {
    for (flag_name, value) in &args.flags {
        match flag_name.as_str() {
            "from-literal" => {
                let Some((k, v)) = value.split_once('=') else {
                    return Err(format!(
                        "error: invalid literal source {value}, expected key=value\n"
                    ));
                };
                secret
                    .data
                    .insert(k.to_string(), encode_base64(v.as_bytes()));
            }
            "from-file" => {
                let (k, file) = value
                    .split_once('=')
                    .unwrap_or((value.rsplit('/').next().unwrap_or(value), value));
                let text = read(shell, file)?;
                secret
                    .data
                    .insert(k.to_string(), encode_base64(text.as_bytes()));
            }
            "type" => secret.type_ = Some(value.clone()),
            _ => {}
        }
    }
    Ok(())
}
