//! A ClusterRoleBinding in kubectl's words.

use crate::engine::api::ClusterRoleBinding;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, Printed};

impl Printed for ClusterRoleBinding {
    const COLUMNS: &'static [&'static str] = &["NAME", "ROLE", "AGE"];
    const WIDE: &'static [&'static str] = &["USERS", "GROUPS", "SERVICEACCOUNTS"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                format!("{}/{}", self.role_ref.kind, self.role_ref.name),
                age(cluster, &self.metadata),
            ],
            wide: vec![
                subjects(self, "User"),
                subjects(self, "Group"),
                subjects(self, "ServiceAccount"),
            ],
        }
    }
}

/// The binding's subjects of one kind, service accounts with their namespace.
fn subjects(binding: &ClusterRoleBinding, kind: &str) -> String {
    let names: Vec<String> = binding
        .subjects
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| match &s.namespace {
            Some(ns) if kind == "ServiceAccount" => format!("{ns}/{}", s.name),
            _ => s.name.clone(),
        })
        .collect();
    names.join(", ")
}
