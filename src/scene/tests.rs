//! Layout tests on the seed tutorial's cluster.

use crate::scene::{layout, EdgeKind, Scene};
use crate::shell::Shell;

fn seed_scene(replicas: Option<u32>) -> Scene {
    let mut shell = Shell::new(1);
    if let Some(n) = replicas {
        let text =
            shell.files()["deployment.yaml"].replace("replicas: 3", &format!("replicas: {n}"));
        shell.write_file("deployment.yaml", &text);
    }
    for file in ["deployment.yaml", "service.yaml", "ingress.yaml"] {
        let applied = shell.apply_file(file);
        assert!(applied.diagnostics.is_empty(), "{applied:?}");
    }
    shell.advance(10_000);
    layout(shell.cluster())
}

fn inside(scene: &Scene, x: f32, y: f32, node: &str) -> bool {
    scene.nodes.iter().any(|n| {
        let b = &n.block;
        b.name == node && x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h
    })
}

#[test]
fn the_seed_shows_one_ingress_one_service_and_three_pods_in_their_nodes() {
    let scene = seed_scene(None);
    assert_eq!(scene.ingresses.len(), 1);
    assert_eq!(scene.services.len(), 1);
    assert_eq!(scene.pods.len(), 3);
    assert_eq!(scene.nodes.len(), 3);
    for pod in &scene.pods {
        assert_eq!(pod.status, "Running");
        assert!(
            inside(&scene, pod.x, pod.y, &pod.node),
            "{pod:?} outside its node"
        );
    }
    let count = |kind| {
        scene
            .edges
            .iter()
            .filter(|e| e.kind == kind && !e.broken)
            .count()
    };
    assert_eq!(count(EdgeKind::Entry), 1);
    assert_eq!(count(EdgeKind::Route), 1);
    assert_eq!(count(EdgeKind::Select), 3);
    let route = scene
        .edges
        .iter()
        .find(|e| e.kind == EdgeKind::Route)
        .and_then(|e| e.label.clone());
    assert_eq!(route.as_deref(), Some("/ (Prefix)"));
}

#[test]
fn pods_spread_over_the_workers_and_never_the_control_plane() {
    let scene = seed_scene(Some(5));
    assert_eq!(scene.pods.len(), 5);
    assert!(scene.pods.iter().all(|p| p.node != "kplay-control-plane"));
    let on_first = scene
        .pods
        .iter()
        .filter(|p| p.node == "kplay-worker")
        .count();
    assert!(
        (2..=3).contains(&on_first),
        "{on_first} of 5 on the first worker"
    );
}

#[test]
fn many_pods_grow_the_drawing_instead_of_overlapping() {
    let scene = seed_scene(Some(60));
    assert_eq!(scene.pods.len(), 60);
    for (i, a) in scene.pods.iter().enumerate() {
        for b in &scene.pods[i + 1..] {
            let far = (a.x - b.x).abs() >= 2.0 * a.r || (a.y - b.y).abs() >= 2.0 * a.r;
            assert!(far, "{} overlaps {}", a.name, b.name);
        }
        assert!(a.y + a.r <= scene.height);
    }
}

#[test]
fn a_selector_that_matches_nothing_is_a_broken_edge() {
    let mut shell = Shell::new(1);
    let text = shell.files()["service.yaml"].replace("app: nginx", "app: ngnix");
    shell.write_file("service.yaml", &text);
    shell.apply_file("deployment.yaml");
    shell.apply_file("service.yaml");
    let scene = layout(shell.cluster());
    assert!(scene
        .edges
        .iter()
        .any(|e| e.kind == EdgeKind::Select && e.broken));
}
