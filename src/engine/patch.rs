//! Partial changes to one object: what `kubectl scale`, `set image`, `label`, `annotate`, `rollout restart` and
//! `cordon` ask of the API server.

use crate::engine::api::{Kind, Labels, Object, PodTemplateSpec};
use crate::engine::{timestamp, Change, Cluster, Event, Refusal};

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
        let not_found = || Event::NotFound {
            kind,
            namespace: namespace.to_string(),
            name: name.to_string(),
        };
        let rejected = |message: String| Event::Rejected {
            kind,
            name: name.to_string(),
            reason: Refusal::Invalid,
            message,
            causes: Vec::new(),
        };
        if kind == Kind::Node {
            let Some(node) = self.nodes.iter_mut().find(|n| n.name == name) else {
                return not_found();
            };
            return match patch {
                Patch::Labels { changes, overwrite } => {
                    match change_map(&mut node.labels, changes, overwrite) {
                        Ok(()) => applied(kind, namespace, name, Change::Configured),
                        Err(message) => rejected(message),
                    }
                }
                _ => rejected(format!("kplay cannot change that on node \"{name}\"")),
            };
        }
        let found = self.store.objects(kind).into_iter().find(|o| {
            o.meta().name == name && (!kind.namespaced() || o.meta().namespace() == namespace)
        });
        let Some(mut object) = found else {
            return not_found();
        };
        let outcome = match patch {
            Patch::Replicas(replicas) => match &mut object {
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
            Patch::Image { container, image } => {
                let containers = match &mut object {
                    Object::Deployment(d) => Some(&mut d.spec.template.spec.containers),
                    Object::ReplicaSet(rs) => Some(&mut rs.spec.template.spec.containers),
                    Object::DaemonSet(ds) => Some(&mut ds.spec.template.spec.containers),
                    Object::Pod(pod) => Some(&mut pod.spec.containers),
                    _ => None,
                };
                match containers {
                    Some(containers) => {
                        let mut found = false;
                        for c in containers
                            .iter_mut()
                            .filter(|c| container == "*" || c.name == container)
                        {
                            c.image = image.clone();
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
                    None => Err(format!("error: {} has no containers", kind.name())),
                }
            }
            Patch::Labels { changes, overwrite } => {
                change_map(&mut object.meta_mut().labels, changes, overwrite)
            }
            Patch::Annotations { changes, overwrite } => {
                change_map(&mut object.meta_mut().annotations, changes, overwrite)
            }
            Patch::Restart => match template(&mut object) {
                Some(template) => {
                    let stamp = timestamp(self.now);
                    template
                        .metadata
                        .annotations
                        .insert("kubectl.kubernetes.io/restartedAt".to_string(), stamp);
                    Ok(())
                }
                None => Err(format!("error: {} is not restartable", kind.qualified())),
            },
            Patch::Template(earlier) => match template(&mut object) {
                Some(template) => {
                    *template = *earlier;
                    Ok(())
                }
                None => Err(format!(
                    "error: no rollbacker has been implemented for {}",
                    kind.name()
                )),
            },
        };
        if let Err(message) = outcome {
            return rejected(message);
        }
        if let Some((message, _)) = self.invalid(&object) {
            return rejected(message);
        }
        let now = self.now;
        let change = self.store.upsert(object, now, &mut self.rng);
        applied(kind, namespace, name, change)
    }

    pub(super) fn cordon(&mut self, node: &str, unschedulable: bool) -> Event {
        let namespace = String::new();
        let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) else {
            return Event::NotFound {
                kind: Kind::Node,
                namespace,
                name: node.to_string(),
            };
        };
        let change = if n.unschedulable == unschedulable {
            Change::Unchanged
        } else {
            n.unschedulable = unschedulable;
            Change::Configured
        };
        applied(Kind::Node, &namespace, node, change)
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
