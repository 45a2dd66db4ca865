//! Strict decoding against the real tables.

use serde_json::json;

use crate::engine::api::Kind;
use crate::engine::schema::{check, dotted, root, Problem};

fn problems(kind: Kind, value: serde_json::Value) -> Vec<(String, Option<String>)> {
    check(&value, root(kind))
        .into_iter()
        .map(|p| match p {
            Problem::Unknown { path, suggestion } => {
                (dotted(&path), suggestion.map(str::to_string))
            }
            Problem::WrongType { message, .. } => (message, None),
        })
        .collect()
}

#[test]
fn the_seed_deployment_is_clean() {
    let value = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx-deployment"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.17"}]}}}
    });
    assert_eq!(problems(Kind::Deployment, value), vec![]);
}

#[test]
fn every_unknown_field_is_reported_with_a_suggestion() {
    let value = json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
        "spec": {"replica": 3, "template": {"spec": {"containers": [{"name": "a", "imagee": "nginx"}]}}}
    });
    assert_eq!(
        problems(Kind::Deployment, value),
        vec![
            ("spec.replica".to_string(), Some("replicas".to_string())),
            (
                "spec.template.spec.containers[0].imagee".to_string(),
                Some("image".to_string())
            ),
        ]
    );
}

#[test]
fn far_off_names_get_no_suggestion() {
    let value = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}, "spec": {"zzzzzzzz": 1}});
    assert_eq!(
        problems(Kind::Service, value),
        vec![("spec.zzzzzzzz".to_string(), None)]
    );
}

#[test]
fn a_wrong_type_gets_gos_decoding_message() {
    let value = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
        "spec": {"replicas": "three"}});
    assert_eq!(
        problems(Kind::Deployment, value),
        vec![(
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32".to_string(),
            None
        )]
    );
    let value = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
        "spec": {"template": {"spec": {"containers": [{"name": "a", "image": 5}]}}}});
    assert_eq!(
        problems(Kind::Deployment, value)[0].0,
        "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string"
    );
}

#[test]
fn the_seed_ingress_and_service_are_clean() {
    let ingress = json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "nginx-ingress", "annotations": {"kubernetes.io/ingress.class": "traefik"}},
        "spec": {"rules": [{"http": {"paths": [{"backend": {"service": {"name": "nginx-service",
            "port": {"number": 80}}}, "path": "/", "pathType": "Prefix"}]}}]}});
    assert_eq!(problems(Kind::Ingress, ingress), vec![]);
    let service = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx-service"},
        "spec": {"ports": [{"port": 80}], "selector": {"app": "nginx"}}});
    assert_eq!(problems(Kind::Service, service), vec![]);
}
