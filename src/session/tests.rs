//! The session natively: history, the terminal's cap, `clear`, restoring from storage, and a storage that refuses.

use std::cell::RefCell;
use std::rc::Rc;

use crate::session::storage::{self, FILES_KEY, HISTORY_KEY};
use crate::session::{
    Action, HistoryWalk, MemoryStorage, Opening, Session, Storage, StorageError, TermLine,
    HISTORY_KEPT, TERMINAL_LINES,
};

fn bare() -> Session {
    Session::new(Opening::Bare, Box::new(MemoryStorage::default()))
}

fn lines(history: &[&str]) -> Vec<String> {
    history.iter().map(|l| l.to_string()).collect()
}

#[test]
fn history_keeps_typed_lines_but_not_repeats_blanks_or_here_documents() {
    let mut session = bare();
    for line in [
        "kubectl get nodes",
        "kubectl get nodes",
        "  ",
        "echo hi",
        "cat <<EOF > a.txt",
        "inside",
        "EOF",
        "kubectl get nodes",
    ] {
        session.exec(line);
    }
    // A repeat is dropped only when it follows itself; the here-document's body is not a command to recall.
    assert_eq!(
        session.history,
        lines(&[
            "kubectl get nodes",
            "echo hi",
            "cat <<EOF > a.txt",
            "kubectl get nodes"
        ])
    );
    let saved = session
        .storage()
        .get(HISTORY_KEY)
        .expect("history is saved");
    assert_eq!(storage::load_history(session.storage()), session.history);
    assert!(saved.starts_with('['));
}

#[test]
fn the_opening_script_is_shown_but_not_in_the_history() {
    let session = Session::new(Opening::Seed, Box::new(MemoryStorage::default()));
    assert!(session.history.is_empty());
    assert!(session
        .terminal
        .iter()
        .any(|l| matches!(l, TermLine::Input { line, .. } if line.starts_with("kubectl apply"))));
}

#[test]
fn history_keeps_the_newest_lines() {
    let mut session = bare();
    for i in 0..HISTORY_KEPT + 5 {
        session.exec(&format!("echo {i}"));
    }
    assert_eq!(session.history.len(), HISTORY_KEPT);
    assert_eq!(session.history[0], "echo 5");
}

#[test]
fn up_and_down_walk_the_history() {
    let history = lines(&["one", "two", "three"]);
    let mut walk = HistoryWalk::default();
    assert_eq!(walk.down(&history), "");
    assert_eq!(walk.up(&history), "three");
    assert_eq!(walk.up(&history), "two");
    assert_eq!(walk.up(&history), "one");
    // Up stays on the oldest line.
    assert_eq!(walk.up(&history), "one");
    assert_eq!(walk.down(&history), "two");
    assert_eq!(walk.down(&history), "three");
    // Past the newest line the prompt is empty, and Up starts from the newest again.
    assert_eq!(walk.down(&history), "");
    assert_eq!(walk.up(&history), "three");
    walk.reset();
    assert_eq!(walk.up(&history), "three");
    assert_eq!(HistoryWalk::default().up(&[]), "");
}

#[test]
fn the_terminal_keeps_its_newest_lines() {
    let mut session = bare();
    for i in 0..TERMINAL_LINES + 10 {
        session.push(TermLine::Out(format!("{i}\n")));
    }
    assert_eq!(session.terminal.len(), TERMINAL_LINES);
    assert_eq!(
        session.terminal.front(),
        Some(&TermLine::Out("10\n".into()))
    );
}

#[test]
fn clear_empties_the_terminal_and_is_remembered() {
    let mut session = bare();
    session.exec("echo one");
    let before = session.terminal_version;
    session.exec("clear");
    // The `clear` line goes too: it was shown before its output emptied the screen.
    assert!(session.terminal.is_empty());
    assert!(session.terminal_version > before);
    assert_eq!(session.history.last().map(String::as_str), Some("clear"));
}

#[test]
fn restoring_brings_back_saved_files_and_history() {
    let mut store = MemoryStorage::default();
    let changed = "apiVersion: v1\nkind: Service\nmetadata:\n  name: saved-service\nspec:\n  ports:\n  - port: 80\n";
    storage::save_files(&mut store, &[("service.yaml", changed)]).expect("memory keeps it");
    storage::save_history(&mut store, &lines(&["kubectl get pods"])).expect("memory keeps it");
    let session = Session::restored(Box::new(store));
    assert_eq!(session.history, lines(&["kubectl get pods"]));
    assert_eq!(
        session
            .shell
            .files()
            .get("service.yaml")
            .map(String::as_str),
        Some(changed)
    );
    // A changed file is applied again, so the cluster matches the editor.
    assert!(session.shell.cluster().store().contains(
        crate::engine::api::Kind::Service,
        "default",
        "saved-service"
    ));
}

#[test]
fn unreadable_saved_values_are_ignored() {
    let mut store = MemoryStorage::default();
    store.set(FILES_KEY, "not json").expect("memory keeps it");
    store.set(HISTORY_KEY, "{}").expect("memory keeps it");
    let session = Session::restored(Box::new(store));
    assert!(session.history.is_empty());
    assert!(!session.storage_full);
}

#[test]
fn a_storage_that_refuses_turns_saving_off_and_the_session_goes_on() {
    let blocked = MemoryStorage::refusing(StorageError::Unavailable);
    let mut session = Session::restored(Box::new(blocked));
    assert!(!session.storage_full, "nothing was saved yet");
    assert_eq!(session.exec("echo still here"), "still here\n");
    assert!(session.storage_full);
    // The history lives on in the page even though it cannot be saved.
    assert_eq!(session.history, lines(&["echo still here"]));
}

/// A storage the test keeps a hand on after the session takes it, to make it refuse or accept later.
#[derive(Debug, Clone, Default)]
struct Shared(Rc<RefCell<MemoryStorage>>);

impl Storage for Shared {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) {
        self.0.borrow_mut().remove(key)
    }
}

fn edit(session: &mut Session, text: &str) {
    session.act(Action::Edit {
        file: "service.yaml".into(),
        text: text.into(),
    });
}

#[test]
fn saving_files_again_clears_the_banner_once_storage_takes_them() {
    let shared = Shared::default();
    let mut session = Session::new(Opening::Bare, Box::new(shared.clone()));
    shared
        .0
        .borrow_mut()
        .set_refusal(Some(StorageError::Refused));
    edit(&mut session, "kind: Service\n");
    assert!(session.storage_full);
    shared.0.borrow_mut().set_refusal(None);
    edit(&mut session, "kind: Service\n");
    assert!(!session.storage_full);
    let saved = storage::load_files(&shared);
    assert!(saved.contains(&("service.yaml".to_string(), "kind: Service\n".to_string())));
}

#[test]
fn a_refused_history_keeps_the_banner_until_files_are_saved() {
    let shared = Shared::default();
    let mut session = Session::new(Opening::Bare, Box::new(shared.clone()));
    shared
        .0
        .borrow_mut()
        .set_refusal(Some(StorageError::Refused));
    session.exec("echo one");
    assert!(session.storage_full);
    shared.0.borrow_mut().set_refusal(None);
    // Saving the history again does not clear the banner (the page has always done so); saving files does.
    session.exec("echo two");
    assert!(session.storage_full);
    edit(&mut session, "kind: Service\n");
    assert!(!session.storage_full);
}

#[test]
fn reset_keeps_history_and_storage_and_moves_the_counters_on() {
    let mut session = bare();
    session.exec("echo before");
    let version = session.terminal_version;
    session.act(Action::Reset(Opening::Bare));
    assert_eq!(session.history, lines(&["echo before"]));
    assert!(session.terminal.is_empty());
    assert!(session.terminal_version > version);
    assert_eq!(
        storage::load_history(session.storage()),
        lines(&["echo before"])
    );
}

#[test]
fn applying_a_file_records_its_diagnostics_and_the_command() {
    let mut session = bare();
    edit(&mut session, "kind: Service\nspec:\n  bogus: 1\n");
    session.act(Action::Apply {
        file: "service.yaml".into(),
    });
    assert!(session.terminal.contains(&TermLine::Input {
        prompt: "$ ".to_string(),
        line: "kubectl apply -f service.yaml".into()
    }));
    assert!(session.diagnostics.contains_key("service.yaml"));
}

#[test]
fn a_watch_streams_as_the_clock_runs_and_stops_at_ctrl_c_or_the_next_line() {
    let mut session = bare();
    session.exec("kubectl create deployment web --image=nginx --replicas=2");
    let table = session.exec("kubectl get pods -w");
    assert!(table.contains("ContainerCreating"), "{table}");
    assert!(session.shell.watching());
    let before = session.terminal.len();
    for _ in 0..20 {
        session.act(Action::Tick(250));
    }
    let streamed: Vec<&TermLine> = session.terminal.iter().skip(before).collect();
    assert!(
        streamed
            .iter()
            .any(|l| matches!(l, TermLine::Out(text) if text.contains("Running"))),
        "{streamed:?}"
    );
    session.act(Action::Interrupt);
    assert!(!session.shell.watching());
    assert_eq!(
        session.terminal.back(),
        Some(&TermLine::Out("^C\n".to_string()))
    );
    session.exec("kubectl get pods -w");
    session.exec("kubectl get nodes");
    assert!(!session.shell.watching(), "a new line ends the watch");
}

#[test]
fn kubectl_edit_opens_the_object_in_a_file_and_applying_it_saves_the_edit() {
    let mut session = Session::new(Opening::Seed, Box::new(MemoryStorage::default()));
    session.exec("kubectl edit deployment nginx-deployment");
    let file = session
        .shell
        .editing_file()
        .expect("an edit is open")
        .to_string();
    let text = session.shell.files()[&file].clone();
    assert!(
        text.starts_with("# Please edit the object below."),
        "{text}"
    );
    let edited = text.replacen("replicas: 3", "replicas: 5", 1);
    assert_ne!(edited, text);
    session.act(Action::Edit {
        file: file.clone(),
        text: edited,
    });
    session.act(Action::Apply { file: file.clone() });
    assert_eq!(
        session.terminal.back(),
        Some(&TermLine::Out(
            "deployment.apps/nginx-deployment edited\n".to_string()
        ))
    );
    assert_eq!(session.shell.editing_file(), None);
    assert!(!session.shell.files().contains_key(&file));
    let replicas = session.shell.cluster().store().deployments()["default/nginx-deployment"]
        .spec
        .replicas;
    assert_eq!(replicas, Some(5));
    session.exec("kubectl edit service nginx-service");
    session.act(Action::Interrupt);
    assert_eq!(
        session.terminal.back(),
        Some(&TermLine::Out(
            "Edit cancelled, no changes made.\n".to_string()
        ))
    );
    assert_eq!(session.shell.editing_file(), None);
}

#[test]
fn a_share_link_replays_the_same_cluster_terminal_and_files() {
    use crate::scene::Target;
    use crate::session::share::{decode, encode};
    use crate::session::Fire;
    let mut session = Session::new(Opening::Seed, Box::new(MemoryStorage::default()));
    session.exec("kubectl scale deployment nginx-deployment --replicas=4");
    session.act(Action::Tick(5_000));
    session.exec("kubectl delete pod -l app=nginx --wait=false");
    session.act(Action::Step);
    let edited = session.shell.files()["service.yaml"].replace("port: 80", "port: 8080");
    session.act(Action::Edit {
        file: "service.yaml".into(),
        text: edited.clone(),
    });
    session.act(Action::Apply {
        file: "service.yaml".into(),
    });
    session.act(Action::Fire(Fire {
        method: "GET".into(),
        target: Target {
            label: String::new(),
            address: "192.168.0.11".into(),
            port: 80,
        },
        host: String::new(),
        path: "/".into(),
        count: 3,
    }));
    session.act(Action::Edit {
        file: "ingress.yaml".into(),
        text: "# not applied yet\n".into(),
    });
    let link = encode(&session.snapshot(Some("service.yaml")));
    let snapshot = decode(&link).expect("the link decodes");
    let replayed = Session::replayed(&snapshot, Box::new(MemoryStorage::default()));
    let names = |s: &Session| {
        s.shell
            .cluster()
            .store()
            .pods()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&replayed), names(&session));
    assert_eq!(replayed.terminal, session.terminal);
    assert_eq!(replayed.shell.files(), session.shell.files());
    assert_eq!(
        replayed.shell.cluster().now(),
        session.shell.cluster().now()
    );
    assert_eq!(replayed.sent.len(), 3);
    assert_eq!(replayed.tab.as_deref(), Some("service.yaml"));
}

#[test]
fn a_broken_or_newer_link_is_named_so() {
    use crate::session::share::{decode, encode, ShareError, VERSION};
    let session = bare();
    let link = encode(&session.snapshot(None));
    assert!(decode(&link).is_ok());
    assert_eq!(decode(&link[..link.len() / 2]), Err(ShareError::Broken));
    assert_eq!(decode("not a link at all!"), Err(ShareError::Broken));
    assert_eq!(decode(""), Err(ShareError::Broken));
    let mut newer = session.snapshot(None);
    newer.version = VERSION + 1;
    assert_eq!(decode(&encode(&newer)), Err(ShareError::Newer(VERSION + 1)));
}

#[test]
fn the_gateway_button_writes_a_file_that_gets_an_editor_and_travels_in_links() {
    let mut session = Session::new(Opening::Seed, Box::new(MemoryStorage::default()));
    session.act(Action::Tick(30_000));
    assert_eq!(session.editor_files().len(), 3);
    session.act(Action::Exec(crate::session::TO_GATEWAY.to_string()));
    let text = session.shell.files()[crate::session::GATEWAY_FILE].clone();
    assert!(text.contains("kind: HTTPRoute"), "{text}");
    assert_eq!(
        session.editor_files().last(),
        Some(&crate::session::GATEWAY_FILE)
    );
    let snapshot = session.snapshot(Some(crate::session::GATEWAY_FILE));
    let again = Session::replayed(&snapshot, Box::new(MemoryStorage::default()));
    assert_eq!(again.shell.files()[crate::session::GATEWAY_FILE], text);
    assert_eq!(again.tab.as_deref(), Some(crate::session::GATEWAY_FILE));
}
