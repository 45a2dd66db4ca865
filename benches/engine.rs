//! Native engine benchmarks: applying and validating the seed manifests, reconciling a 1,000-replica Deployment,
//! and printing `kubectl get pods` at 1,000 pods. Run with `make bench`; figures, not pass/fail.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use kplay::engine::manifest;
use kplay::engine::traffic::{Request, LOAD_AGENT};
use kplay::engine::{Cluster, Command};
use kplay::shell::{Shell, SEED_FILES};

fn apply_seed(c: &mut Criterion) {
    c.bench_function("parse+validate+apply the 3 seed manifests", |b| {
        b.iter(|| {
            let mut cluster = Cluster::new(1, 2);
            for (file, text) in SEED_FILES {
                let parsed = manifest::parse(file, text);
                black_box(cluster.apply(Command::Apply(parsed.manifests)));
            }
            cluster
        })
    });
}

fn thousand_replicas(text: &str) -> String {
    text.replace("replicas: 3", "replicas: 1000")
}

/// Ten workers: at the kubelet's 110 pods per node, enough room for a thousand.
fn reconcile_1000(c: &mut Criterion) {
    let text = thousand_replicas(SEED_FILES[0].1);
    c.bench_function(
        "apply a 1000-replica Deployment and run until all Running",
        |b| {
            b.iter(|| {
                let mut cluster = Cluster::new(1, 10);
                cluster.apply(Command::Apply(
                    manifest::parse("deployment.yaml", &text).manifests,
                ));
                cluster.apply(Command::Advance(10_000));
                black_box(cluster)
            })
        },
    );
    let mut cluster = Cluster::new(1, 10);
    cluster.apply(Command::Apply(
        manifest::parse("deployment.yaml", &text).manifests,
    ));
    cluster.apply(Command::Advance(10_000));
    c.bench_function("one virtual second of a 1000-pod cluster", |b| {
        b.iter_batched(
            || cluster.clone(),
            |mut cluster| black_box(cluster.apply(Command::Advance(1_000))),
            criterion::BatchSize::LargeInput,
        )
    });
}

/// What the page does when `replicas` changes in the editor at 1,000 pods: apply the file, then lay out the scene.
fn edit_at_1000(c: &mut Criterion) {
    let mut shell = Shell::with_workers(1, 10);
    let text = thousand_replicas(&shell.files()["deployment.yaml"]);
    shell.write_file("deployment.yaml", &text);
    shell.apply_file("deployment.yaml");
    shell.exec("sleep 30");
    let fewer = text.replace("replicas: 1000", "replicas: 999");
    c.bench_function("editor: replicas 1000 -> 999, apply and lay out", |b| {
        b.iter_batched(
            || shell.clone(),
            |mut shell| {
                shell.write_file("deployment.yaml", &fewer);
                black_box(shell.apply_file("deployment.yaml"));
                black_box(kplay::scene::layout(shell.cluster()))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("scene layout at 1000 pods", |b| {
        b.iter(|| black_box(kplay::scene::layout(shell.cluster())))
    });
}

fn get_pods_1000(c: &mut Criterion) {
    let mut shell = Shell::with_workers(1, 10);
    let text = thousand_replicas(&shell.files()["deployment.yaml"]);
    shell.write_file("deployment.yaml", &text);
    shell.exec("kubectl apply -f deployment.yaml");
    shell.exec("sleep 10");
    c.bench_function("kubectl get pods at 1000 pods", |b| {
        b.iter(|| black_box(shell.exec("kubectl get pods")))
    });
}

/// The seed tutorial's cluster, Traefik included, ready for requests.
fn seed_with_traefik() -> Shell {
    Shell::at_tutorial_end(1, 20_000)
}

fn route_requests(c: &mut Criterion) {
    let shell = seed_with_traefik();
    let mut cluster = shell.cluster().clone();
    let request = Request {
        method: "GET".into(),
        address: "192.168.0.11".into(),
        port: 80,
        host: "192.168.0.11".into(),
        path: "/".into(),
        // What `kplay load` sends (its User-Agent is one the access log keeps without copying).
        headers: vec![("User-Agent".into(), LOAD_AGENT.into())],
        from_pod: None,
        explain: false,
        tls: None,
    };
    let mut group = c.benchmark_group("routing");
    group.throughput(criterion::Throughput::Elements(1));
    group.bench_function(
        "one request, routed (kplay load): node -> Traefik -> Ingress -> Service -> nginx pod",
        |b| b.iter(|| black_box(cluster.apply(Command::Request(request.clone())))),
    );
    let explained = Request {
        explain: true,
        ..request.clone()
    };
    group.bench_function("one request, explained hop by hop (curl, the UI)", |b| {
        b.iter(|| black_box(cluster.apply(Command::Request(explained.clone()))))
    });
    group.finish();
    // The same command the browser benchmark times in wasm, so the two figures compare like for like.
    let mut loaded = seed_with_traefik();
    let mut group = c.benchmark_group("routing");
    group.throughput(criterion::Throughput::Elements(10_000));
    group.bench_function("kplay load -n 10000 http://192.168.0.11/", |b| {
        b.iter(|| black_box(loaded.exec("kplay load -n 10000 http://192.168.0.11/")))
    });
    group.finish();
}

criterion_group!(
    benches,
    apply_seed,
    reconcile_1000,
    get_pods_1000,
    edit_at_1000,
    route_requests
);
criterion_main!(benches);
