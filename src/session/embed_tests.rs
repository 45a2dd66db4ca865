use serde_json::json;

use super::*;
use crate::session::share::Step;
use crate::session::{MemoryStorage, Session};

#[test]
fn an_empty_fragment_opens_the_seed_with_every_panel() {
    let options = options("");
    assert_eq!(options.panels, Panels::default());
    assert_eq!(options.start.opening, Opening::Seed);
    assert!(options.start.steps.is_empty());
    assert!(options.problems.is_empty());
    assert!(!options.read_only);
}

#[test]
fn options_are_read_from_the_fragment_and_percent_decoded() {
    let options = options(
        "#panels=terminal,topology&tab=service.yaml&readonly&lang=ja&height=480&workers=3\
         &origin=https://a.example,https://b.example&persist=lesson1\
         &script=kubectl%20get%20pods%0Akubectl+get+svc",
    );
    assert_eq!(
        options.panels,
        Panels {
            editors: false,
            terminal: true,
            topology: true,
            requests: false
        }
    );
    assert!(options.read_only);
    assert_eq!(options.lang, Some(Lang::Ja));
    assert_eq!(options.height, Some(480));
    assert_eq!(options.start.workers, 3);
    assert_eq!(options.start.tab.as_deref(), Some("service.yaml"));
    assert_eq!(options.origins, ["https://a.example", "https://b.example"]);
    assert_eq!(options.persist.as_deref(), Some("lesson1"));
    assert_eq!(
        options.start.steps,
        [
            Step::Line("kubectl get pods".into()),
            Step::Line("kubectl get svc".into()),
            Step::Time(share::SETTLE_MILLIS)
        ]
    );
    assert!(options.problems.is_empty(), "{:?}", options.problems);
}

#[test]
fn what_cannot_be_read_is_listed_and_the_rest_is_taken() {
    let options = options(
        "panels=editors,chat&height=9&colour=red&lang=fr&workers=x&tab=secret.yaml&readonly=0",
    );
    assert_eq!(options.panels, Panels::default());
    assert!(!options.read_only);
    assert_eq!(options.height, None);
    assert_eq!(options.problems.len(), 6, "{:?}", options.problems);
    assert!(options.problems[0].contains("unknown panel \"chat\""));
    assert!(options.problems[2].contains("unknown option \"colour\""));
}

#[test]
fn files_in_the_fragment_are_applied_and_the_embed_runs_them() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
    let encoded: String = form_urlencoded::byte_serialize(deployment.as_bytes()).collect();
    let options = options(&format!(
        "opening=bare&deployment.yaml={encoded}&script=kubectl%20get%20deploy"
    ));
    assert!(options.problems.is_empty(), "{:?}", options.problems);
    let session = Session::embedded(&options.start, Box::new(MemoryStorage::default()), false);
    assert_eq!(session.shell.files()["deployment.yaml"], deployment);
    let pods = session.shell.cluster().store().pods();
    assert_eq!(pods.len(), 1);
    assert!(pods.keys().all(|k| k.starts_with("default/web-")));
    let terminal: Vec<_> = session.terminal.iter().map(|l| format!("{l:?}")).collect();
    assert!(
        terminal.iter().any(|l| l.contains("kubectl get deploy")),
        "{terminal:?}"
    );
}

#[test]
fn a_persisting_embed_keeps_its_files_under_its_own_name() {
    use crate::session::{storage, Action, Prefixed, Storage};
    let start = options("persist=one").start;
    let shared = std::rc::Rc::new(std::cell::RefCell::new(MemoryStorage::default()));
    let prefixed = |name: &str| Prefixed {
        inner: Box::new(SharedStorage(shared.clone())),
        prefix: format!("kplay.embed.{name}."),
    };
    let mut session = Session::embedded(&start, Box::new(prefixed("one")), true);
    let text = session.shell.files()["service.yaml"].replace("port: 80", "port: 8080");
    session.act(Action::Edit {
        file: "service.yaml".into(),
        text: text.clone(),
    });
    assert!(storage::load_files(&prefixed("one"))
        .iter()
        .any(|(_, t)| *t == text));
    assert!(storage::load_files(&prefixed("two")).is_empty());
    assert!(
        shared.borrow().get(storage::FILES_KEY).is_none(),
        "the page's own files are untouched"
    );
    let again = Session::embedded(&start, Box::new(prefixed("one")), true);
    assert_eq!(again.shell.files()["service.yaml"], text);
}

/// One memory storage that several sessions write through, as embeds share a browser's localStorage.
#[derive(Debug)]
struct SharedStorage(std::rc::Rc<std::cell::RefCell<MemoryStorage>>);

impl crate::session::Storage for SharedStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), crate::session::StorageError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) {
        self.0.borrow_mut().remove(key);
    }
}

#[test]
fn a_share_payload_in_the_fragment_is_the_start() {
    let mut session = Session::new(Opening::Seed, Box::new(MemoryStorage::default()));
    session.exec("kubectl scale deployment nginx-deployment --replicas=5");
    let payload = share::encode(&session.snapshot(Some("ingress.yaml")));
    let options = options(&format!("share={payload}&panels=topology"));
    assert!(options.problems.is_empty(), "{:?}", options.problems);
    let embedded = Session::embedded(&options.start, Box::new(MemoryStorage::default()), false);
    assert_eq!(
        embedded.shell.cluster().store().pods().len(),
        session.shell.cluster().store().pods().len()
    );
    assert_eq!(options.start.tab.as_deref(), Some("ingress.yaml"));
}

#[test]
fn messages_without_a_kplay_field_are_not_ours() {
    for data in [
        "",
        "42",
        "\"hello\"",
        "{\"type\":\"run\",\"line\":\"ls\"}",
        "[1,2]",
        "{\"source\":\"devtools\"}",
    ] {
        assert_eq!(incoming(data), Incoming::NotOurs, "{data}");
    }
}

#[test]
fn well_formed_messages_are_taken_with_their_id() {
    let take = |value: serde_json::Value| incoming(&value.to_string());
    assert_eq!(
        take(json!({"kplay": 1, "id": 7, "type": "run", "line": "kubectl get pods"})),
        Incoming::Take {
            id: json!(7),
            message: HostMessage::Run {
                line: "kubectl get pods".into()
            }
        }
    );
    let Incoming::Take {
        message: HostMessage::SetFiles { files, apply },
        ..
    } = take(json!({"kplay": 1, "type": "setFiles", "files": {"service.yaml": "x"}}))
    else {
        panic!("setFiles not taken");
    };
    assert!(apply);
    assert_eq!(files["service.yaml"], "x");
    assert!(matches!(
        take(json!({"kplay": 1, "type": "request", "path": "/", "count": 3})),
        Incoming::Take {
            message: HostMessage::Request { count: Some(3), .. },
            ..
        }
    ));
    assert!(matches!(
        take(json!({"kplay": 1, "type": "reset"})),
        Incoming::Take {
            message: HostMessage::Reset {},
            ..
        }
    ));
}

#[test]
fn malformed_messages_are_refused_with_a_reason() {
    let refused = |value: serde_json::Value| match incoming(&value.to_string()) {
        Incoming::Refused { id, error } => (id, error),
        other => panic!("{value} was {other:?}"),
    };
    let cases = [
        (
            json!({"kplay": 2, "id": "a", "type": "reset"}),
            "unsupported API version 2",
        ),
        (
            json!({"kplay": 1, "type": "launch"}),
            "unknown variant `launch`",
        ),
        (json!({"kplay": 1, "type": "run"}), "missing field `line`"),
        (
            json!({"kplay": 1, "type": "run", "line": 3}),
            "invalid type",
        ),
        (
            json!({"kplay": 1, "type": "run", "line": "ls", "colour": 1}),
            "unknown field `colour`",
        ),
        (
            json!({"kplay": 1, "type": "setFiles", "files": {"../etc/passwd": ""}}),
            "unknown file",
        ),
        (
            json!({"kplay": 1, "type": "request", "count": 0}),
            "count must be",
        ),
        (
            json!({"kplay": 1, "type": "setLanguage", "lang": "fr"}),
            "unknown language",
        ),
        (json!({"kplay": 1}), "missing field `type`"),
    ];
    for (message, expected) in cases {
        let (_, error) = refused(message.clone());
        assert!(error.contains(expected), "{message}: {error}");
    }
    assert_eq!(
        refused(json!({"kplay": 2, "id": "a", "type": "reset"})).0,
        json!("a")
    );
}

#[test]
fn origins_restrict_only_when_given() {
    assert!(allowed(&[], "https://anyone.example"));
    let origins = ["https://docs.example".to_string()];
    assert!(allowed(&origins, "https://docs.example"));
    assert!(!allowed(&origins, "https://evil.example"));
    assert!(!allowed(&origins, "null"));
}

#[test]
fn events_carry_the_api_version_and_their_type() {
    assert_eq!(
        event("output", json!({"id": 1, "output": "ok\n"})),
        json!({"kplay": 1, "type": "output", "id": 1, "output": "ok\n"})
    );
}
