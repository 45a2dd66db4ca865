//! kplay's own commands, for what no kubectl command does: machines failing, starting, joining and leaving, a
//! load balancer's address pool, the ingress controller's reading of rules, and `kplay load`.

use crate::engine::traffic::IngressMode;
use crate::engine::{Change, Command, Event, NodeChange};
use crate::shell::{compare, ingress2gateway, load, Output, Shell};

impl Shell {
    /// kplay's own commands, for what no kubectl command does: machines failing, starting, joining, leaving.
    pub(super) fn kplay(&mut self, args: &[String]) -> Output {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        if let ["lb-pool", range] = words.as_slice() {
            return self.lb_pool(range);
        }
        if let ["ingress-mode", mode] = words.as_slice() {
            let mode = match *mode {
                "spec" => IngressMode::Spec,
                "traefik" => IngressMode::Traefik,
                other => {
                    return Output::err(format!(
                        "kplay: ingress-mode is spec or traefik, not \"{other}\"\n"
                    ))
                }
            };
            self.cluster.apply(Command::IngressMode(mode));
            return Output::out(format!(
                "ingress controller now reads rules as {}\n",
                match mode {
                    IngressMode::Spec => "the Kubernetes spec says",
                    IngressMode::Traefik => "Traefik does",
                }
            ));
        }
        if let ["compare", rest @ ..] = words.as_slice() {
            return compare::compare(self, rest);
        }
        if let ["ingress2gateway", rest @ ..] = words.as_slice() {
            return ingress2gateway::ingress2gateway(self, rest);
        }
        if let ["load", rest @ ..] = words.as_slice() {
            return load::load(self, rest);
        }
        let (change, done) = match words.as_slice() {
            ["node", "stop", name] => (NodeChange::Stop(name.to_string()), "stopped: its kubelet stops reporting, and Kubernetes marks it NotReady after 40s and evicts its pods 5m later"),
            ["node", "start", name] => (NodeChange::Start(name.to_string()), "started"),
            ["node", "add"] => (NodeChange::Add, "joined the cluster"),
            ["node", "remove", name] => (NodeChange::Remove(name.to_string()), "removed"),
            _ => return Output::out(KPLAY_HELP),
        };
        let events = self.cluster.apply(Command::Node(change));
        match events.first() {
            Some(Event::Applied {
                name,
                change: Change::Unchanged,
                ..
            }) => Output::out(format!("node/{name} unchanged\n")),
            Some(Event::Applied { name, .. } | Event::Deleted { name, .. }) => {
                Output::out(format!("node/{name} {done}\n"))
            }
            Some(Event::Rejected { message, .. }) => Output::err(format!("kplay: {message}\n")),
            Some(Event::NotFound { name, .. }) => {
                Output::err(format!("kplay: no node named \"{name}\"\n"))
            }
            Some(Event::Served(_)) | None => Output::default(),
        }
    }

    /// `kplay lb-pool FIRST-LAST`: a MetalLB-style load balancer for LoadBalancer Services.
    fn lb_pool(&mut self, range: &str) -> Output {
        let parsed = range
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
        match parsed {
            Some((first, last)) if u32::from(first) <= u32::from(last) => {
                self.cluster
                    .apply(Command::LoadBalancerPool { first, last });
                Output::out(format!(
                    "load balancer installed: LoadBalancer Services get addresses from {first} to {last}\n"
                ))
            }
            _ => Output::err(format!(
                "kplay: \"{range}\" is not a range like 192.168.0.240-192.168.0.250\n"
            )),
        }
    }
}

const KPLAY_HELP: &str = "\
kplay node stop NAME      power a node off (Kubernetes notices after 40s)
kplay node start NAME     power it back on
kplay node add            add a worker
kplay node remove NAME    remove a worker, as kubectl delete node does
kplay lb-pool FIRST-LAST  install a MetalLB-style load balancer with this address range
kplay ingress-mode spec|traefik  read Ingress rules as the Kubernetes docs say (default) or as Traefik does
kplay load [-n N] [--rate R] [-H 'Host: h'] URL  send N requests (R a second) and tally who answered
";
