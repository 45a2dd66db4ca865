//! What the page asks of the shell besides command lines: its opening script, requests from the requests panel,
//! and read-only views for the details panel.

use crate::engine::traffic::{Request, Trace};
use crate::engine::{Command, Event, Millis};
use crate::shell::curl::AGENT;
use crate::shell::{describe, verbs, Shell};

/// The seed tutorial's commands in its order: Traefik from its two URLs, then the three files. The page runs them
/// on a bare cluster so it opens on the tutorial's end state.
pub const OPENING: [&str; 5] = [
    "kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-rbac.yaml",
    "kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-ds.yaml",
    "kubectl apply -f deployment.yaml",
    "kubectl apply -f service.yaml",
    "kubectl apply -f ingress.yaml",
];

impl Shell {
    /// A bare cluster on which the opening script ran, settled for `settle` of virtual time: the tutorial's end
    /// state, as the page opens on it (the page also shows the script in its terminal).
    pub fn at_tutorial_end(seed: u64, settle: Millis) -> Shell {
        let mut shell = Shell::new(seed);
        for line in OPENING {
            shell.exec(line);
        }
        shell.advance(settle);
        shell
    }

    /// What `kubectl describe KIND NAME -n NAMESPACE` prints, without running a command (the page's details panel).
    pub fn describe(&self, kind: &str, name: &str, namespace: &str) -> String {
        describe::describe(
            &self.cluster,
            &[kind.to_string(), name.to_string()],
            namespace,
        )
        .combined()
    }

    /// The last `lines` lines of what `kubectl logs NAME -n NAMESPACE` prints.
    pub fn recent_logs(&self, name: &str, namespace: &str, lines: usize) -> Vec<String> {
        let text = verbs::logs(self, &[name.to_string()], namespace).stdout();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..]
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    /// One request from outside the cluster, as the page's requests panel sends it: explained hop by hop, with
    /// curl's headers. None only if the cluster returned no trace.
    pub fn send(
        &mut self,
        method: &str,
        address: &str,
        port: u16,
        host: &str,
        path: &str,
    ) -> Option<Trace> {
        let request = Request {
            method: method.to_string(),
            address: address.to_string(),
            port,
            host: host.to_string(),
            path: path.to_string(),
            headers: vec![
                ("User-Agent".into(), AGENT.into()),
                ("Accept".into(), "*/*".into()),
            ],
            from_pod: None,
            explain: true,
            tls: None,
        };
        match self
            .cluster
            .apply(Command::Request(request))
            .into_iter()
            .next()
        {
            Some(Event::Served(trace)) => Some(*trace),
            _ => None,
        }
    }
}
