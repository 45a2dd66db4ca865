//! Layout tests on the seed tutorial's cluster.

use crate::engine::api::Kind;
use crate::engine::traffic::HopObject;
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

fn inside(scene: &Scene, x: f32, y: f32, node: &Option<String>) -> bool {
    scene.nodes.iter().any(|n| {
        let b = &n.block;
        Some(&b.name) == node.as_ref() && x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h
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
    assert_eq!(route.as_deref(), Some("*/ (Prefix)"));
}

#[test]
fn pods_spread_over_the_workers_and_never_the_control_plane() {
    let scene = seed_scene(Some(5));
    assert_eq!(scene.pods.len(), 5);
    assert!(scene
        .pods
        .iter()
        .all(|p| p.node.as_deref() != Some("kplay-control-plane")));
    let on_first = scene
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some("kplay-worker"))
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

#[test]
fn hops_map_to_points_and_many_pods_are_compacted() {
    let scene = seed_scene(None);
    let pod = &scene.pods[0];
    let hop = |kind: Kind, namespace: &str, name: &str| HopObject::named(kind, namespace, name);
    assert_eq!(
        scene.point(&hop(Kind::Pod, "default", &pod.name)),
        Some((pod.x, pod.y))
    );
    assert!(scene
        .point(&hop(Kind::Ingress, "default", "nginx-ingress"))
        .is_some());
    assert!(scene
        .point(&hop(Kind::Service, "default", "nginx-service"))
        .is_some());
    assert!(scene.point(&hop(Kind::Node, "", "kplay-worker")).is_some());
    assert!(scene.point(&HopObject::Client).is_some());
    assert_eq!(scene.point(&hop(Kind::Pod, "default", "nothing")), None);
    // The same name in another namespace is another object.
    assert_eq!(scene.point(&hop(Kind::Pod, "other", &pod.name)), None);
    assert_eq!(
        scene.point(&hop(Kind::Service, "other", "nginx-service")),
        None
    );
    let big = seed_scene(Some(200));
    assert_eq!(big.pods.len(), 200);
    assert!(big.pods.iter().all(|p| p.r < 10.0));
    assert!(big.height < 1_000.0, "{}", big.height);
    // One selector edge per node, not per pod, labelled with how many pods it selects there.
    let selects: Vec<&str> = big
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Select)
        .filter_map(|e| e.label.as_deref())
        .collect();
    assert_eq!(selects.len(), 2, "{selects:?}");
    let total: usize = selects
        .iter()
        .filter_map(|l| l.strip_suffix(" pods")?.parse::<usize>().ok())
        .sum();
    assert_eq!(total, 200);
    for pod in big.pods.iter().filter(|p| p.status == "Running") {
        assert!(
            inside(&big, pod.x, pod.y, &pod.node),
            "{pod:?} outside its node"
        );
    }
}

#[test]
fn rule_edges_name_host_path_and_type_and_point_at_their_field() {
    let scene = seed_scene(None);
    let route = scene
        .edges
        .iter()
        .find(|e| e.kind == EdgeKind::Route)
        .expect("a route edge");
    assert_eq!(route.label.as_deref(), Some("*/ (Prefix)"));
    let source = route.source.as_ref().expect("a source field");
    assert_eq!(source.path, "spec.rules[0].http.paths[0]");
}

#[test]
fn targets_and_summary_describe_the_seed() {
    let mut shell = Shell::at_tutorial_end(1, 20_000);
    let targets = crate::scene::targets(shell.cluster());
    let labels: Vec<&str> = targets.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels[..2],
        [
            "192.168.0.11:80 (kplay-worker)",
            "192.168.0.12:80 (kplay-worker2)"
        ]
    );
    // Traefik's manifest brings a NodePort Service: one target per worker for each of its ports.
    assert!(labels
        .iter()
        .any(|l| l.contains("(NodePort traefik-ingress-service)")));
    let trace = shell
        .send("GET", "192.168.0.11", 80, "192.168.0.11", "/")
        .expect("a trace");
    let summary = crate::scene::RequestSummary::of(shell.cluster(), &trace);
    assert_eq!(summary.status, Some(200));
    assert_eq!(summary.version.as_deref(), Some("1.17"));
    assert_eq!(summary.ending, crate::scene::Ending::Answered);
    let refused = shell
        .send("GET", "192.168.0.11", 9999, "x", "/")
        .expect("a trace");
    let refused = crate::scene::RequestSummary::of(shell.cluster(), &refused);
    assert_eq!(refused.ending, crate::scene::Ending::Refused);
    assert_eq!(
        (refused.status, refused.result.as_str()),
        (None, "connection refused")
    );
    assert!(refused.reason.is_some());
    let state = crate::scene::summary(shell.cluster(), Some(&summary));
    assert_eq!(state["nodes"].as_array().map(Vec::len), Some(3));
    assert_eq!(state["lastRequest"]["status"], 200);
    assert_eq!(state["lastRequest"]["ending"], "answered");
    let ready = state["pods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["namespace"] == "default" && p["ready"] == true)
        .count();
    assert_eq!(ready, 3);
    let nginx = state["services"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == "nginx-service")
        .expect("nginx-service");
    assert_eq!(nginx["endpoints"], 3);
}

#[test]
fn a_detail_too_wide_for_its_block_breaks_at_its_dots_then_ends_in_an_ellipsis() {
    use crate::scene::place::fitted;
    let traefik = "NodePort 10.102.135.80\n80:32396,8080:31933 · k8s-app=traefik-ingress-lb";
    assert_eq!(
        fitted(traefik, 220.0),
        "NodePort 10.102.135.80\n80:32396,8080:31933\nk8s-app=traefik-ingress-lb"
    );
    assert_eq!(
        fitted("ClusterIP 10.0.0.1\n80 · app=nginx", 220.0),
        "ClusterIP 10.0.0.1\n80 · app=nginx"
    );
    let long = format!("ClusterIP 10.0.0.1\n80 · app={}", "x".repeat(60));
    let fitted_long = fitted(&long, 220.0);
    let last = fitted_long.lines().last().unwrap_or_default();
    assert!(
        last.ends_with('…') && last.chars().count() == 31,
        "{fitted_long}"
    );
    let many = "a\nb\nc\nd";
    assert_eq!(fitted(many, 220.0), "a\nb\nc…");
}

#[test]
fn gateways_take_a_row_and_their_routes_lead_to_services_with_their_weights() {
    let mut shell = Shell::new(1);
    for file in ["deployment.yaml", "service.yaml"] {
        shell.apply_file(file);
    }
    let script = "kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
kubectl create deployment canary --image=nginx:1.27
kubectl expose deployment canary --port=80
cat <<EOF | kubectl apply -f -
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
spec:
  gatewayClassName: traefik
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: split
spec:
  parentRefs:
  - name: web
  rules:
  - backendRefs:
    - name: nginx-service
      port: 80
      weight: 90
    - name: canary
      port: 80
      weight: 10
    - name: missing
      port: 80
      weight: 0
EOF";
    for line in script.lines() {
        shell.exec(line);
    }
    shell.advance(10_000);
    let scene = layout(shell.cluster());
    assert_eq!(scene.gateways.len(), 1);
    assert_eq!(scene.routes.len(), 1);
    let (gateway, route) = (&scene.gateways[0], &scene.routes[0]);
    assert!(gateway.detail.contains("http:80"), "{gateway:?}");
    assert!(route.y > gateway.y && scene.services[0].y > route.y);
    let attach = scene
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Attach)
        .count();
    assert_eq!(attach, 1);
    let labels: Vec<&str> = scene
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Route)
        .filter_map(|e| e.label.as_deref())
        .collect();
    assert!(labels.contains(&"90%"), "{labels:?}");
    assert!(labels.contains(&"10%"), "{labels:?}");
    assert!(scene
        .edges
        .iter()
        .any(|e| e.broken && e.label.as_deref() == Some("0% → missing")));
    let object = HopObject::named(Kind::HttpRoute, "default", "split");
    assert_eq!(
        scene.point(&object),
        Some((route.x + route.w / 2.0, route.y + route.h / 2.0))
    );
}

#[test]
fn a_pod_is_drawn_by_its_phase_readiness_and_deletion_not_by_its_status_text() {
    use crate::engine::api::PodPhase;
    use crate::scene::PodLook;
    let mut shell = Shell::new(1);
    shell.apply_file("deployment.yaml");
    shell.advance(10_000);
    let mut pod = shell
        .cluster()
        .store()
        .pods()
        .values()
        .next()
        .cloned()
        .expect("a pod");
    assert_eq!(PodLook::of(&pod), PodLook::Running);
    pod.status.ready = false;
    assert_eq!(PodLook::of(&pod), PodLook::Unready);
    pod.status.waiting_reason = Some("CrashLoopBackOff".into());
    assert_eq!(PodLook::of(&pod), PodLook::Pending);
    pod.status.waiting_reason = None;
    pod.status.phase = PodPhase::Pending;
    assert_eq!(PodLook::of(&pod), PodLook::Pending);
    pod.metadata.deleted = Some(1);
    assert_eq!(PodLook::of(&pod), PodLook::Terminating);
    assert_eq!(PodLook::Terminating.class(), "terminating");
}

#[test]
fn a_crowd_of_pods_is_drawn_still_and_a_few_pods_move() {
    assert!(!seed_scene(None).crowded());
    assert!(!seed_scene(Some(crate::scene::CROWD_ABOVE as u32)).crowded());
    assert!(seed_scene(Some(crate::scene::CROWD_ABOVE as u32 + 1)).crowded());
}
