//! Cluster behaviour over virtual time, checked at every tick.

use kplay::engine::api::Pod;
use kplay::engine::manifest;
use kplay::engine::{Cluster, Command};

fn deployment(replicas: i32, surge: &str, unavailable: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  strategy:
    rollingUpdate:
      maxSurge: {surge}
      maxUnavailable: {unavailable}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: {image}
"
    )
}

fn apply(cluster: &mut Cluster, text: &str) {
    let parsed = manifest::parse("web.yaml", text);
    assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
    cluster.apply(Command::Apply(parsed.manifests));
}

fn live(cluster: &Cluster) -> Vec<&Pod> {
    cluster
        .store()
        .pods()
        .values()
        .filter(|p| p.metadata.deleted.is_none())
        .collect()
}

/// Kubernetes' rounding: surge up, unavailable down, and never both zero.
fn bounds(replicas: i32, surge: &str, unavailable: &str) -> (i32, i32) {
    let resolve = |v: &str, up: bool| match v.strip_suffix('%') {
        Some(p) => {
            let scaled = replicas * p.parse::<i32>().unwrap_or(0);
            if up {
                (scaled + 99) / 100
            } else {
                scaled / 100
            }
        }
        None => v.parse().unwrap_or(0),
    };
    let (s, u) = (resolve(surge, true), resolve(unavailable, false));
    if s == 0 && u == 0 {
        (0, 1)
    } else {
        (s, u)
    }
}

#[test]
fn a_rolling_update_stays_within_surge_and_availability_at_every_tick() {
    let cases = [
        (3, "25%", "25%"),
        (1, "25%", "25%"),
        (5, "1", "0"),
        (5, "0", "1"),
        (10, "50%", "0"),
        (10, "30%", "20%"),
        (4, "100%", "50%"),
        (6, "0", "50%"),
    ];
    for (replicas, surge, unavailable) in cases {
        let mut cluster = Cluster::new(7, 3);
        apply(
            &mut cluster,
            &deployment(replicas, surge, unavailable, "nginx:1.17"),
        );
        cluster.apply(Command::Advance(30_000));
        assert_eq!(
            live(&cluster).iter().filter(|p| p.status.ready).count(),
            replicas as usize
        );
        apply(
            &mut cluster,
            &deployment(replicas, surge, unavailable, "nginx:1.18"),
        );
        let (max_surge, max_unavailable) = bounds(replicas, surge, unavailable);
        let case = format!("{replicas} replicas, maxSurge {surge}, maxUnavailable {unavailable}");
        let mut finished = false;
        for tick in 0..1200 {
            let pods = live(&cluster);
            let ready = pods.iter().filter(|p| p.status.ready).count() as i32;
            assert!(
                pods.len() as i32 <= replicas + max_surge,
                "{case}: {} pods at tick {tick}",
                pods.len()
            );
            assert!(
                ready >= replicas - max_unavailable,
                "{case}: {ready} ready at tick {tick}"
            );
            let updated = pods
                .iter()
                .filter(|p| p.spec.containers[0].image == "nginx:1.18" && p.status.ready)
                .count();
            if updated == replicas as usize && pods.len() == replicas as usize {
                finished = true;
                break;
            }
            cluster.apply(Command::Advance(100));
        }
        assert!(finished, "{case}: the rollout did not finish");
    }
}

#[test]
fn recreate_stops_every_old_pod_before_starting_new_ones() {
    let mut cluster = Cluster::new(3, 2);
    let recreate = |image: &str| {
        deployment(3, "25%", "25%", image).replace(
            "  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n",
            "  strategy:\n    type: Recreate\n",
        )
    };
    apply(&mut cluster, &recreate("nginx:1.17"));
    cluster.apply(Command::Advance(30_000));
    apply(&mut cluster, &recreate("nginx:1.18"));
    for _ in 0..300 {
        let images: Vec<&str> = cluster
            .store()
            .pods()
            .values()
            .map(|p| p.spec.containers[0].image.as_str())
            .collect();
        assert!(
            !(images.contains(&"nginx:1.17") && images.contains(&"nginx:1.18")),
            "{images:?}"
        );
        cluster.apply(Command::Advance(100));
    }
    let pods = live(&cluster);
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.spec.containers[0].image == "nginx:1.18" && p.status.ready));
}

#[test]
fn a_deleted_pod_is_replaced_by_one_with_another_name() {
    let mut cluster = Cluster::new(1, 2);
    apply(&mut cluster, &deployment(3, "25%", "25%", "nginx:1.17"));
    cluster.apply(Command::Advance(10_000));
    let before: Vec<String> = live(&cluster)
        .iter()
        .map(|p| p.metadata.name.clone())
        .collect();
    cluster.apply(Command::Delete {
        kind: kplay::engine::api::Kind::Pod,
        namespace: "default".into(),
        name: before[0].clone(),
        grace: None,
    });
    cluster.apply(Command::Advance(10_000));
    let after: Vec<String> = live(&cluster)
        .iter()
        .map(|p| p.metadata.name.clone())
        .collect();
    assert_eq!(after.len(), 3);
    assert!(!after.contains(&before[0]));
    assert_eq!(after.iter().filter(|n| before.contains(n)).count(), 2);
}

#[test]
fn a_grace_period_of_zero_removes_a_pod_at_once_and_one_second_keeps_it_terminating() {
    let mut cluster = Cluster::new(1, 2);
    apply(&mut cluster, &deployment(2, "25%", "25%", "nginx:1.17"));
    cluster.apply(Command::Advance(10_000));
    let names: Vec<String> = live(&cluster)
        .iter()
        .map(|p| p.metadata.name.clone())
        .collect();
    let delete = |name: &str, grace| Command::Delete {
        kind: kplay::engine::api::Kind::Pod,
        namespace: "default".into(),
        name: name.to_string(),
        grace: Some(grace),
    };
    cluster.apply(delete(&names[0], 0));
    cluster.apply(delete(&names[1], 1));
    let key = |name: &str| format!("default/{name}");
    let pods = cluster.store().pods();
    assert!(!pods.contains_key(&key(&names[0])), "forced: gone at once");
    let kept = &pods[&key(&names[1])];
    assert_eq!(kept.metadata.deletion_grace_period_seconds, Some(1));
    cluster.apply(Command::Advance(900));
    assert!(cluster.store().pods().contains_key(&key(&names[1])));
    cluster.apply(Command::Advance(200));
    assert!(!cluster.store().pods().contains_key(&key(&names[1])));
}

#[test]
fn pods_of_a_long_named_deployment_keep_to_63_characters() {
    let mut cluster = Cluster::new(1, 2);
    let long = "a-deployment-whose-name-is-long-enough-to-pass-the-pod-name-limit";
    let text = deployment(2, "25%", "25%", "nginx:1.17").replacen(
        "name: web",
        &format!("name: {long}"),
        1,
    );
    apply(&mut cluster, &text);
    cluster.apply(Command::Advance(10_000));
    let pods = live(&cluster);
    assert_eq!(pods.len(), 2, "{text}");
    for pod in pods {
        assert_eq!(pod.metadata.name.len(), 63, "{}", pod.metadata.name);
        assert!(pod.metadata.name.starts_with(&long[..40]));
    }
}
