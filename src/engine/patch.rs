//! Partial changes to one object: what `kubectl scale`, `set image`, `label`, `annotate`, `rollout restart` and
//! `cordon` ask of the API server.

use crate::engine::api::{Kind, Labels, Object, PodTemplateSpec};
use crate::engine::{timestamp, Change, Cluster, Event, Millis, Refusal};

/// One partial change.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// `spec.replicas` of a Deployment or ReplicaSet.
    Replicas(i32),
    /// The image of one container of the pod template (or of a pod); `*` names every container.
    Image { container: String, image: String },
    /// Set (`Some`) or remove (`None`) labels; refused when a label has another value and `overwrite` is false.
    Labels {
        changes: Vec<(String, Option<String>)>,
        overwrite: bool,
    },
    Annotations {
        changes: Vec<(String, Option<String>)>,
        overwrite: bool,
    },
    /// `rollout restart`: stamps the pod template so every pod is replaced.
    Restart,
    /// `rollout undo`: puts back an earlier pod template.
    Template(Box<PodTemplateSpec>),
}

impl Cluster {
    pub(super) fn patch(&mut self, kind: Kind, namespace: &str, name: &str, patch: Patch) -> Event {
        if kind == Kind::Node {
            return self.patch_node(namespace, name, patch);
        }
        let found = self.store.objects(kind).into_iter().find(|o| {
            o.meta().name == name && (!kind.namespaced() || o.meta().namespace() == namespace)
        });
        let Some(mut object) = found else {
            return not_found(kind, namespace, name);
        };
        if let Err(message) = change(&mut object, kind, patch, self.now) {
            return rejected(kind, name, message);
        }
        if let Some((message, _)) = self.invalid(&object) {
            return rejected(kind, name, message);
        }
        let now = self.now;
        let change = self.store.upsert(object, now, &mut self.rng);
        applied(kind, namespace, name, change)
    }

    /// Nodes are not in the store: of a node, only its labels change this way.
    fn patch_node(&mut self, namespace: &str, name: &str, patch: Patch) -> Event {
        let kind = Kind::Node;
        let Some(node) = self.nodes.iter_mut().find(|n| n.name == name) else {
            return not_found(kind, namespace, name);
        };
        match patch {
            Patch::Labels { changes, overwrite } => {
                match change_map(&mut node.labels, changes, overwrite) {
                    Ok(()) => applied(kind, namespace, name, Change::Configured),
                    Err(message) => rejected(kind, name, message),
                }
            }
            _ => rejected(
                kind,
                name,
                format!("kplay cannot change that on node \"{name}\""),
            ),
        }
    }

    pub(super) fn cordon(&mut self, node: &str, unschedulable: bool) -> Event {
        let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) else {
            return not_found(Kind::Node, "", node);
        };
        let change = if n.unschedulable == unschedulable {
            Change::Unchanged
        } else {
            n.unschedulable = unschedulable;
            Change::Configured
        };
        applied(Kind::Node, "", node, change)
    }
}

/// Makes the change on a copy of the stored object, or says why it cannot be made.
fn change(object: &mut Object, kind: Kind, patch: Patch, now: Millis) -> Result<(), String> {
    match patch {
        Patch::Replicas(replicas) => match object {
            Object::Deployment(d) => {
                d.spec.replicas = Some(replicas);
                Ok(())
            }
            Object::ReplicaSet(rs) => {
                rs.spec.replicas = Some(replicas);
                Ok(())
            }
            _ => Err(format!("cannot scale a {}", kind.name())),
        },
        Patch::Image { container, image } => set_image(object, kind, &container, &image),
        Patch::Labels { changes, overwrite } => {
            change_map(&mut object.meta_mut().labels, changes, overwrite)
        }
        Patch::Annotations { changes, overwrite } => {
            change_map(&mut object.meta_mut().annotations, changes, overwrite)
        }
        Patch::Restart => match template(object) {
            Some(template) => {
                let stamp = timestamp(now);
                template
                    .metadata
                    .annotations
                    .insert("kubectl.kubernetes.io/restartedAt".to_string(), stamp);
                Ok(())
            }
            None => Err(format!("error: {} is not restartable", kind.qualified())),
        },
        Patch::Template(earlier) => match template(object) {
            Some(template) => {
                *template = *earlier;
                Ok(())
            }
            None => Err(format!(
                "error: no rollbacker has been implemented for {}",
                kind.name()
            )),
        },
    }
}

/// `kubectl set image`: the image of the named container (`*`: of every container).
fn set_image(object: &mut Object, kind: Kind, container: &str, image: &str) -> Result<(), String> {
    let containers = match object {
        Object::Deployment(d) => &mut d.spec.template.spec.containers,
        Object::ReplicaSet(rs) => &mut rs.spec.template.spec.containers,
        Object::DaemonSet(ds) => &mut ds.spec.template.spec.containers,
        Object::Pod(pod) => &mut pod.spec.containers,
        _ => return Err(format!("error: {} has no containers", kind.name())),
    };
    let mut found = false;
    for c in containers
        .iter_mut()
        .filter(|c| container == "*" || c.name == container)
    {
        c.image = image.to_string();
        found = true;
    }
    if found {
        Ok(())
    } else {
        Err(format!(
            "error: unable to find container named \"{container}\""
        ))
    }
}

fn not_found(kind: Kind, namespace: &str, name: &str) -> Event {
    Event::NotFound {
        kind,
        namespace: namespace.to_string(),
        name: name.to_string(),
    }
}

fn rejected(kind: Kind, name: &str, message: String) -> Event {
    Event::Rejected {
        kind,
        name: name.to_string(),
        reason: Refusal::Invalid,
        message,
        causes: Vec::new(),
    }
}

fn applied(kind: Kind, namespace: &str, name: &str, change: Change) -> Event {
    Event::Applied {
        kind,
        namespace: namespace.to_string(),
        name: name.to_string(),
        change,
    }
}

fn template(object: &mut Object) -> Option<&mut PodTemplateSpec> {
    match object {
        Object::Deployment(d) => Some(&mut d.spec.template),
        Object::DaemonSet(ds) => Some(&mut ds.spec.template),
        Object::ReplicaSet(rs) => Some(&mut rs.spec.template),
        _ => None,
    }
}

/// Sets and removes keys as `kubectl label` does, refusing to change a value unless told to overwrite.
fn change_map(
    map: &mut Labels,
    changes: Vec<(String, Option<String>)>,
    overwrite: bool,
) -> Result<(), String> {
    for (key, value) in &changes {
        if let (Some(old), Some(new)) = (map.get(key), value) {
            if old != new && !overwrite {
                return Err(format!(
                    "error: '{key}' already has a value ({old}), and --overwrite is false"
                ));
            }
        }
    }
    for (key, value) in changes {
        match value {
            Some(value) => {
                map.insert(key, value);
            }
            None => {
                map.remove(&key);
            }
        }
    }
    Ok(())
}
