//! `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the patch applied to the object as the API
//! server applies it, then stored as any change is. JSON patches (RFC 6902) and merge patches (RFC 7386) are the
//! json-patch crate's; the strategic merge patch, which no crate speaks, merges lists of named things (containers,
//! ports, env, volumes) by their merge key as Kubernetes' struct tags declare it, and replaces other lists.

use serde_json::{Map, Value};

use crate::engine::api::Kind;
use crate::engine::manifest;
use crate::engine::{Change, Command, Event};
use crate::shell::flags::{Args, DryRun};
use crate::shell::generators::shown;
use crate::shell::kubectl::plural_qualified;
use crate::shell::{render, verbs, Output, Shell};

/// The field a list of objects is merged by, per list field name, as the API types' `patchMergeKey` tags say.
const MERGE_KEYS: [(&str, &str); 11] = [
    ("containers", "name"),
    ("initContainers", "name"),
    ("ephemeralContainers", "name"),
    ("env", "name"),
    ("volumes", "name"),
    ("volumeMounts", "mountPath"),
    ("imagePullSecrets", "name"),
    ("hostAliases", "ip"),
    ("conditions", "type"),
    ("tolerations", "key"),
    ("ownerReferences", "uid"),
];

/// `kubectl patch`.
pub(super) fn patch(shell: &mut Shell, args: &Args) -> Output {
    let (kind, name) = match verbs::targets(&args.positional, |_| true).as_deref() {
        Ok([one]) => one.clone(),
        Ok(_) => return Output::err("error: only one resource may be patched at a time\n"),
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let Some(text) = &args.patch else {
        return Output::err(
            "error: must specify --patch or --patch-file containing the contents of the patch\n",
        );
    };
    let namespace = args.namespace();
    let Some(current) = render::stored(shell.cluster(), kind, namespace, &name) else {
        return Output::err(format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            plural_qualified(kind)
        ));
    };
    let patched = match patched(&current, text, args.type_value.as_deref()) {
        Ok(patched) => patched,
        Err(message) => return Output::err(message),
    };
    if args.dry_run == DryRun::Client {
        return shown(&patched, kind, &name, args, "patched");
    }
    let mut trial = (args.dry_run == DryRun::Server).then(|| shell.clone());
    let target = trial.as_mut().unwrap_or(shell);
    store(target, kind, &name, &patched, args)
}

/// The object with the patch applied, or kubectl's message for a patch it cannot read or apply.
fn patched(current: &Value, text: &str, kind_of_patch: Option<&str>) -> Result<Value, String> {
    // YAML read as the manifests are (a YAML value, then JSON), so the page carries one YAML decoder.
    let yaml: serde_yaml::Value = serde_yaml::from_str(text)
        .map_err(|e| format!("error: unable to parse \"{text}\": yaml: {e}\n"))?;
    let patch = serde_json::to_value(&yaml)
        .map_err(|e| format!("error: unable to parse \"{text}\": {e}\n"))?;
    let mut doc = current.clone();
    match kind_of_patch.unwrap_or("strategic") {
        "json" => {
            let ops: json_patch::Patch = crate::engine::json::from_value(patch)
                .map_err(|e| format!("error: unable to parse \"{text}\": {e}\n"))?;
            json_patch::patch(&mut doc, &ops).map_err(|e| {
                format!("Error from server (UnprocessableEntity): the server rejected our request due to an error in our request: {e}\n")
            })?;
        }
        "merge" => json_patch::merge(&mut doc, &patch),
        "strategic" => strategic(&mut doc, &patch)?,
        other => {
            return Err(format!(
                "error: --type must be one of [json merge strategic], not \"{other}\"\n"
            ))
        }
    }
    Ok(doc)
}

/// A strategic merge patch: maps merge key by key (`null` deletes), lists of objects with a merge key merge item by
/// item, other lists are replaced.
fn strategic(doc: &mut Value, patch: &Value) -> Result<(), String> {
    let (Value::Object(target), Value::Object(changes)) = (&mut *doc, patch) else {
        *doc = patch.clone();
        return Ok(());
    };
    for (key, change) in changes {
        match (target.get_mut(key), change) {
            (_, Value::Null) => {
                target.remove(key);
            }
            (Some(Value::Array(items)), Value::Array(new)) => match merge_key(key) {
                Some(merge_key) => merge_list(items, new, merge_key)?,
                None => *items = new.clone(),
            },
            (Some(existing @ Value::Object(_)), Value::Object(_)) => strategic(existing, change)?,
            _ => {
                target.insert(key.clone(), without_nulls(change));
            }
        }
    }
    Ok(())
}

fn merge_key(field: &str) -> Option<&'static str> {
    MERGE_KEYS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, key)| *key)
}

/// Merges list items by their merge key; an item with `$patch: delete` is removed, a new key is appended.
fn merge_list(items: &mut Vec<Value>, new: &[Value], key: &str) -> Result<(), String> {
    for change in new {
        let Some(id) = change.get(key) else {
            return Err(format!(
                "Error from server: map: {change} does not contain declared merge key: {key}\n"
            ));
        };
        let delete = change.get("$patch").and_then(Value::as_str) == Some("delete");
        let at = items.iter().position(|item| item.get(key) == Some(id));
        match (at, delete) {
            (Some(at), true) => {
                items.remove(at);
            }
            (Some(at), false) => strategic(&mut items[at], change)?,
            (None, true) => {}
            (None, false) => items.push(without_nulls(change)),
        }
    }
    Ok(())
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            // Inserted one by one: collecting sorts first, with a copy of the sort of its own (engine/order.rs).
            let mut kept = Map::new();
            kept.extend(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), without_nulls(v))),
            );
            Value::Object(kept)
        }
        other => other.clone(),
    }
}

/// Stores the patched object, as the API server does after patching: validated, then written.
fn store(shell: &mut Shell, kind: Kind, name: &str, patched: &Value, args: &Args) -> Output {
    let parsed = manifest::parse("PATCH", &patched.to_string());
    if let Some(d) = parsed.diagnostics.first() {
        return Output::err(format!("{}\n", d.detail));
    }
    let events = shell.cluster.apply(Command::Apply(parsed.manifests));
    let mut output = Output::default();
    for event in events {
        match event {
            Event::Applied { change, .. } => {
                let done = match change {
                    Change::Unchanged => "patched (no change)",
                    _ => "patched",
                };
                let object = render::stored(shell.cluster(), kind, args.namespace(), name)
                    .unwrap_or_default();
                output.extend(shown(&object, kind, name, args, done));
            }
            Event::Rejected { message, .. } => output.push_err(format!("{message}\n")),
            Event::NotFound { .. } | Event::Deleted { .. } | Event::Served(_) => {}
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::strategic;
    use serde_json::json;

    #[test]
    fn containers_merge_by_name_and_other_lists_are_replaced() {
        let mut doc = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "web", "image": "nginx:1.17", "ports": [{"containerPort": 80}]},
                           {"name": "side", "image": "busybox"}],
            "args": ["a"]
        }}}});
        let patch = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "web", "image": "nginx:1.18"}, {"name": "side", "$patch": "delete"},
                           {"name": "new", "image": "redis"}],
            "args": ["b"]
        }}}});
        strategic(&mut doc, &patch).expect("the patch applies");
        assert_eq!(
            doc,
            json!({"spec": {"template": {"spec": {
                "containers": [{"name": "web", "image": "nginx:1.18", "ports": [{"containerPort": 80}]},
                               {"name": "new", "image": "redis"}],
                "args": ["b"]
            }}}})
        );
    }

    #[test]
    fn null_removes_a_key_and_a_list_item_needs_its_merge_key() {
        let mut doc =
            json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"containers": []}});
        strategic(&mut doc, &json!({"metadata": {"labels": {"a": null}}})).expect("applies");
        assert_eq!(doc["metadata"]["labels"], json!({"b": "2"}));
        let missing = strategic(&mut doc, &json!({"spec": {"containers": [{"image": "x"}]}}));
        assert!(missing.is_err_and(|e| e.contains("does not contain declared merge key: name")));
    }
}
