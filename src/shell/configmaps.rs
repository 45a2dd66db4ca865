//! `kubectl create configmap NAME --from-literal=KEY=VALUE --from-file=[KEY=]FILE`.

use crate::engine::api::{Object, ObjectMeta};
use crate::engine::kinds::configmap::ConfigMap;
use crate::shell::secrets::{read, submit, SecretArgs};
use crate::shell::{Output, Shell};

pub(super) fn create_configmap(
    shell: &mut Shell,
    words: &[String],
    namespace: Option<&str>,
) -> Output {
    let args = SecretArgs::parse(words);
    let [name] = args.positional.as_slice() else {
        return Output::err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create configmap -h' for help and examples\n",
            args.positional.len()
        ));
    };
    let mut configmap = ConfigMap {
        metadata: ObjectMeta {
            name: name.to_string(),
            ..ObjectMeta::default()
        },
        ..ConfigMap::default()
    };
    match fill(shell, &args, &mut configmap) {
        Ok(()) => submit(shell, Object::ConfigMap(configmap), namespace),
        Err(message) => Output::err(message),
    }
}

/// Literals and files, in the order given; a key given twice is refused as kubectl refuses it.
fn fill(shell: &Shell, args: &SecretArgs, configmap: &mut ConfigMap) -> Result<(), String> {
    for (flag, value) in &args.flags {
        let (key, text) = match flag.as_str() {
            "from-literal" => {
                let Some((key, text)) = value.split_once('=') else {
                    return Err(format!(
                        "error: invalid literal source {value}, expected key=value\n"
                    ));
                };
                (key.to_string(), text.to_string())
            }
            "from-file" => {
                let (key, file) = match value.split_once('=') {
                    Some((key, file)) => (key, file),
                    None => (value.rsplit('/').next().unwrap_or(value), value.as_str()),
                };
                (key.to_string(), read(shell, file)?)
            }
            other => {
                return Err(format!(
                    "error: unknown flag: --{other}\nSee 'kubectl create configmap --help' for usage.\n"
                ))
            }
        };
        if configmap.data.contains_key(&key) {
            return Err(format!(
                "error: cannot add key {key}, another key by that name already exists in Data for ConfigMap \"{}\"\n",
                configmap.metadata.name
            ));
        }
        configmap.data.insert(key, text);
    }
    Ok(())
}
