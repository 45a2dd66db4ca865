//! Each validation message, exactly as kubectl v1.34 prints it for a manifest.

use crate::engine::manifest;
use crate::engine::{Cluster, Command, Event};

/// Applies `yaml` (after `setup`, if any) and returns what the API server refused it with.
fn refusal(setup: &str, yaml: &str) -> String {
    let mut cluster = Cluster::new(1, 2);
    if !setup.is_empty() {
        cluster.apply(Command::Apply(
            manifest::parse("setup.yaml", setup).manifests,
        ));
    }
    let parsed = manifest::parse("x.yaml", yaml);
    assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
    let events = cluster.apply(Command::Apply(parsed.manifests));
    match events.as_slice() {
        [Event::Rejected { message, .. }] => message.clone(),
        other => panic!("not refused: {other:?}"),
    }
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
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
          image: nginx:1.17
";

fn deployment(from: &str, to: &str) -> String {
    assert!(DEPLOYMENT.contains(from), "{from}");
    refusal("", &DEPLOYMENT.replacen(from, to, 1))
}

#[test]
fn negative_replicas() {
    assert_eq!(
        deployment("replicas: 1", "replicas: -1"),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
}

#[test]
fn kplay_caps_replicas() {
    assert_eq!(
        deployment("replicas: 1", "replicas: 1000000000"),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: 1000000000: kplay limits replicas to 1000"
    );
}

#[test]
fn a_missing_selector_gives_two_causes() {
    assert_eq!(
        deployment("  selector:\n    matchLabels:\n      app: web\n", ""),
        "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn an_empty_selector_has_its_own_message() {
    assert_eq!(
        deployment("  selector:\n    matchLabels:\n      app: web\n", "  selector: {}\n"),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment"
    );
}

#[test]
fn a_selector_that_does_not_match_the_template() {
    assert_eq!(
        deployment("      app: web\n  template", "      app: nginx\n  template"),
        "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn names_follow_the_dns_rules() {
    assert_eq!(
        deployment("name: web\n", "name: Web\n"),
        "The Deployment \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    );
    assert_eq!(
        refusal("", "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports:\n    - port: 80\n"),
        "The Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    );
    assert_eq!(
        refusal("", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my.ns\n"),
        "The Namespace \"my.ns\" is invalid: metadata.name: Invalid value: \"my.ns\": must not contain dots"
    );
}

#[test]
fn a_long_name_gives_both_causes() {
    let name = "a".repeat(300);
    let message = deployment("name: web\n", &format!("name: {name}\n"));
    assert!(message.starts_with(&format!("The Deployment \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": must be no more than 253 characters")), "{message}");
}

#[test]
fn labels_report_the_map_not_the_key() {
    assert_eq!(
        deployment("  name: web\n", "  name: web\n  labels:\n    app: my app\n"),
        "The Deployment \"web\" is invalid: metadata.labels: Invalid value: \"my app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
}

#[test]
fn rolling_update_bounds() {
    let strategy = |surge: &str, unavailable: &str| {
        deployment(
            "  replicas: 1\n",
            &format!("  replicas: 1\n  strategy:\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n"),
        )
    };
    assert_eq!(
        strategy("0", "0"),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"
    );
    assert_eq!(
        strategy("1", "150%"),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"
    );
    assert_eq!(
        strategy("abc", "1"),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
    );
    assert_eq!(
        deployment("  replicas: 1\n", "  replicas: 1\n  strategy:\n    type: Blue\n"),
        "The Deployment \"web\" is invalid: spec.strategy: Unsupported value: {\"Type\":\"Blue\",\"RollingUpdate\":null}: supported values: \"Recreate\", \"RollingUpdate\""
    );
}

#[test]
fn containers_need_a_name_and_an_image() {
    assert_eq!(
        deployment("          image: nginx:1.17\n", ""),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value"
    );
    assert_eq!(
        deployment("        - name: web\n", "        - name: Web\n"),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
}

#[test]
fn deployments_restart_always() {
    assert_eq!(
        deployment("    spec:\n      containers", "    spec:\n      restartPolicy: Never\n      containers"),
        "The Deployment \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
    );
}

#[test]
fn a_pods_restart_policy_is_one_of_three() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n  containers:\n    - name: web\n      image: nginx\n";
    assert_eq!(
        refusal("", pod),
        "The Pod \"web\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
    );
}

#[test]
fn the_selector_is_immutable() {
    let changed = DEPLOYMENT.replace("app: web", "app: web2");
    assert_eq!(
        refusal(DEPLOYMENT, &changed),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable"
    );
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";

fn service(from: &str, to: &str) -> String {
    assert!(SERVICE.contains(from), "{from}");
    refusal("", &SERVICE.replacen(from, to, 1))
}

#[test]
fn service_ports() {
    assert_eq!(
        service("  ports:\n    - port: 80\n", ""),
        "The Service \"web\" is invalid: spec.ports: Required value"
    );
    assert_eq!(
        service("- port: 80\n", "- port: 80\n    - port: 443\n"),
        "The Service \"web\" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value"
    );
    assert_eq!(
        service("- port: 80\n", "- port: 80\n      targetPort: 70000\n"),
        "The Service \"web\" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
    assert_eq!(
        service("- port: 80\n", "- port: 80\n      protocol: HTTP\n"),
        "The Service \"web\" is invalid: spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""
    );
    assert_eq!(
        service("- port: 80\n", "- port: 80\n      nodePort: 30080\n"),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
    );
}

#[test]
fn service_types_and_node_ports() {
    assert_eq!(
        service("spec:\n", "spec:\n  type: Foo\n"),
        "The Service \"web\" is invalid: spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
    );
    assert_eq!(
        service("- port: 80\n", "- port: 80\n      nodePort: 8080\n  type: NodePort\n"),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767"
    );
    let first = SERVICE
        .replace(
            "- port: 80\n",
            "- port: 80\n      nodePort: 30080\n  type: NodePort\n",
        )
        .replace("name: web", "name: first");
    assert_eq!(
        refusal(&first, &SERVICE.replace("- port: 80\n", "- port: 80\n      nodePort: 30080\n  type: NodePort\n")),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"
    );
}

const INGRESS: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
";

fn ingress(from: &str, to: &str) -> String {
    assert!(INGRESS.contains(from), "{from}");
    refusal("", &INGRESS.replacen(from, to, 1))
}

#[test]
fn ingress_paths() {
    assert_eq!(
        ingress("            pathType: Prefix\n", ""),
        "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
    );
    assert_eq!(
        ingress("pathType: Prefix", "pathType: Regex"),
        "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""
    );
    assert_eq!(
        ingress("path: /", "path: api"),
        "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path"
    );
}

#[test]
fn ingress_backends() {
    assert_eq!(
        ingress("                  number: 80\n", "                  number: 80\n                  name: http\n"),
        "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: \"\": cannot set both port name & port number"
    );
    assert_eq!(
        ingress("                port:\n                  number: 80\n", ""),
        "The Ingress \"web\" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required"
    );
}

#[test]
fn ingress_hosts() {
    assert_eq!(
        ingress("host: example.com", "host: 10.0.0.1"),
        "The Ingress \"web\" is invalid: spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address"
    );
    assert!(ingress("host: example.com", "host: Foo.com").starts_with(
        "The Ingress \"web\" is invalid: spec.rules[0].host: Invalid value: \"Foo.com\": a lowercase RFC 1123 subdomain"
    ));
    assert!(ingress("host: example.com", "host: \"*bar.com\"").starts_with(
        "The Ingress \"web\" is invalid: spec.rules[0].host: Invalid value: \"*bar.com\": a wildcard DNS-1123 subdomain must start with '*.'"
    ));
}

#[test]
fn ingress_needs_rules_or_a_default_backend() {
    assert_eq!(
        refusal("", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec: {}\n"),
        "The Ingress \"web\" is invalid: spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"
    );
}

#[test]
fn ingress_class_name_and_annotation_must_agree() {
    let both = INGRESS
        .replacen(
            "  name: web\n",
            "  name: web\n  annotations:\n    kubernetes.io/ingress.class: nginx\n",
            1,
        )
        .replacen("spec:\n", "spec:\n  ingressClassName: traefik\n", 1);
    assert_eq!(
        refusal("", &both),
        "The Ingress \"web\" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match `ingressClassName` when both are specified"
    );
}

#[test]
fn daemonsets_report_only_the_mismatch_when_the_selector_is_missing() {
    let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  template:\n    metadata:\n      labels:\n        app: ds\n    spec:\n      containers:\n        - name: c\n          image: busybox\n";
    assert_eq!(
        refusal("", ds),
        "The DaemonSet \"ds\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"ds\"}: `selector` does not match template `labels`"
    );
}
