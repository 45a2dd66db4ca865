//! kplay's own explanations, as data: a message and its arguments. Why a request went where it went (a trace's hops,
//! a refusal), and the hints kplay adds to kubectl's messages. The engine says them in English (curl -v, the CLI,
//! `Display`); `i18n::explain` says them in the page's language from the same value. Arguments are names, numbers,
//! addresses and Kubernetes' own words, which stay as they are in every language, or other explanations.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One argument of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arg {
    /// Said the same in every language: a name, a number, an address, a label, a field path.
    Text(String),
    /// An explanation inside an explanation.
    Why(Box<Why>),
    /// Several sentences, one after another.
    List(Vec<Why>),
    /// Several items of one list.
    Items(Vec<Why>),
}

impl From<Why> for Arg {
    fn from(why: Why) -> Arg {
        Arg::Why(Box::new(why))
    }
}

impl From<Vec<Why>> for Arg {
    fn from(list: Vec<Why>) -> Arg {
        Arg::List(list)
    }
}

macro_rules! text_args {
    ($($t:ty),*) => { $(impl From<$t> for Arg { fn from(x: $t) -> Arg { Arg::Text(x.to_string()) } })* };
}
text_args!(
    String,
    &String,
    &str,
    &&str,
    u16,
    i32,
    usize,
    u32,
    std::net::Ipv4Addr
);

impl From<&std::borrow::Cow<'_, str>> for Arg {
    fn from(x: &std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(x.to_string())
    }
}

/// An explanation: a message with `{0}`, `{1}`... filled by its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why {
    pub msg: Msg,
    pub args: Vec<Arg>,
}

/// `why!(Msg::X, a, b)`: an explanation with arguments converted by `Arg::from`.
macro_rules! why {
    ($msg:expr $(, $arg:expr)* $(,)?) => {
        $crate::engine::why::Why { msg: $msg, args: vec![$($crate::engine::why::Arg::from($arg)),*] }
    };
}
pub(crate) use why;

/// How a language says explanations: a template for each message, and how it joins sentences and list items.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    pub template: fn(Msg) -> &'static str,
    pub sentences: &'static str,
    pub items: &'static str,
}

/// The engine's own language.
pub const ENGLISH: Language = Language {
    template: Msg::english,
    sentences: "; ",
    items: ", ",
};

impl Why {
    /// The text in `language`.
    pub fn render(&self, language: &Language) -> String {
        let join = |list: &[Why], by: &str| {
            let parts: Vec<String> = list.iter().map(|w| w.render(language)).collect();
            parts.join(by)
        };
        let mut out = String::new();
        let mut rest = (language.template)(self.msg);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some((n, tail)) = after
                .split_once('}')
                .and_then(|(n, tail)| Some((n.parse::<usize>().ok()?, tail)))
            else {
                out.push('{');
                rest = after;
                continue;
            };
            match self.args.get(n) {
                Some(Arg::Text(text)) => out.push_str(text),
                Some(Arg::Why(why)) => out.push_str(&why.render(language)),
                Some(Arg::List(list)) => out.push_str(&join(list, language.sentences)),
                Some(Arg::Items(list)) => out.push_str(&join(list, language.items)),
                None => {}
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&ENGLISH))
    }
}

macro_rules! messages {
    ($($name:ident => $en:literal,)*) => {
        /// Every explanation kplay gives.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// The English template.
            pub fn english(self) -> &'static str {
                match self { $(Msg::$name => $en,)* }
            }
        }
    };
}

messages! {
    // The client.
    ClientOutside => "{0} {1}://{2}:{3}{4} from a client outside the cluster",
    ClientFromPod => "{0} {1}://{2}:{3}{4} from pod/{5} in {6}",
    ClusterIpFromOutside => "{0} is the ClusterIP of service/{1}: it is reachable only from inside the cluster; from outside, go through an Ingress, a NodePort or a LoadBalancer",
    PodIpFromOutside => "{0} is a pod IP: pod networks are not reachable from outside the cluster",
    NoSuchAddress => "nothing in the cluster has the address {0}",
    // Nodes.
    MachineDown => "the machine is down",
    NodeDown => "node {0} is down: nothing answers at {1}",
    HostPort => "port {0} is the hostPort of pod/{1}",
    HostPortNotRunning => "pod/{0} holds hostPort {1} but is not running",
    NodePort => "port {0} is a NodePort of service/{1}; kube-proxy forwards it",
    NothingOnPort => "nothing listens on port {0}",
    NothingOnNode => "nothing listens on {0}:{1}: no hostPort and no NodePort there",
    // The ingress controller.
    ControllerGone => "the ingress controller is gone",
    Traefik1Serves => "Traefik on {0} serves {1} Ingress(es) of class traefik. (On a real cluster Traefik 1.7 reads only extensions/v1beta1 Ingresses, which Kubernetes 1.22 removed; kplay lets it read networking.k8s.io/v1 ones so the tutorial works.)",
    TraefikServes => "Traefik ({0}) on {1} serves {2} Ingress(es) of class traefik",
    SkipsMissingServices => "{0} leaves out {1} because its Service does not exist (Traefik drops such a path; the Kubernetes spec mode keeps the rule and answers 503)",
    SkipsEmptyServices => "{0} skips {1} because the Service has no ready endpoints (allowEmptyServices is off); Traefik 1.x and the Kubernetes spec mode would keep the rule and answer 503",
    ModesDiffer => "the modes differ here: {0} picks {1}, {2} would pick {3}",
    ModeSpec => "the Kubernetes spec",
    ModeTraefik => "Traefik",
    TraefikGateways => "Traefik ({0}) on {1} runs its Kubernetes Gateway provider for {2} Gateway(s) of its classes",
    NoIngressProvider => "no Gateway listener takes port {0} and this Traefik does not run its Ingress provider (--providers.kubernetesingress): it answers 404",
    RouteNotAttached => "httproute/{0} names gateway/{1} but is not attached to it ({2}: see its status.parents), so its rules take no requests",
    RouteOtherHosts => "httproute/{0} serves {1}, not {2}",
    GatewayListener => "listener {0} of gateway/{1} (port {2}, hostname {3}) takes host {4}",
    NoListenerForHost => "no listener on port {0} of the Gateways Traefik runs accepts host {1}: Traefik answers 404",
    NoRouteMatches => "no HTTPRoute attached to listener {0} matches host {1} and path {2}: Traefik answers 404",
    RouteRuleMatches => "httproute/{0} rule {1} matches ({2}) for host {3}",
    RouteAt => "httproute/{0} rule {1} ({2})",
    LowerPrecedence => "also matched, but later in the Gateway API's precedence (host, Exact before PathPrefix, longest prefix, method, headers, query parameters, oldest route, name): {0}",
    RouteWeights => "rule {0} splits by weight ({1}): this request goes to {2}, {3} of every {4}",
    BackendWeight => "{0} {1}",
    NoBackends => "the rule has no backend to send to (no backendRefs, or every weight is 0): Traefik answers {0}",
    BackendUnresolved => "{0}: Traefik answers 500 for this backend's share of the requests",
    FilterRedirect => "RequestRedirect: Traefik answers {0} with Location {1}",
    FilterRewrite => "URLRewrite: the backend sees host {0} and path {1}",
    FilterRequestHeaders => "RequestHeaderModifier: {0}",
    FilterResponseHeaders => "ResponseHeaderModifier: {0}",
    FilterUnsupported => "Traefik's Gateway provider does not load the {0} filter: it answers 500",
    RuleIndex => "rule {0} path {1}",
    RuleAt => "ingress/{0} {1}",
    RuleOf => "ingress/{0} {1} ({2} {3})",
    NoRule => "no rule",
    RuleMatches => "{0}: host {1} and path {2} ({3}) match {4}",
    DefaultBackend => "no rule matches host {0} and path {1}; ingress/{2} has a defaultBackend",
    NoRuleMatches => "no rule of any Ingress matches host {0} and path {1}, and none has a defaultBackend",
    IgnoredIngress => "this Ingress would match, but Traefik ignores it: {0}",
    OtherClassAnnotation => "its annotation {0}: {1} names another controller's class, not traefik",
    UnknownClassName => "its spec.ingressClassName {0} names no IngressClass (kubectl get ingressclass lists them)",
    OtherControllerClass => "its spec.ingressClassName {0} is an IngressClass of controller {1}, not Traefik",
    NoSuchService => "no Service named {0} in {1} (there are: {2})",
    NoSuchServicePort => "has no port {0} (its ports: {1})",
    // TLS.
    NoTlsEntryPoint => "Traefik has no entry point on port {0}: its pod opens the hostPort, but no argument makes Traefik listen there (Traefik 1.x: --entrypoints=Name:https Address::443 TLS; v2 and later: --entrypoints.websecure.address=:443)",
    TlsEntryPlainRequest => "port {0} is a TLS entry point, but the request is plain HTTP",
    PlainEntryTlsRequest => "port {0} is a plain HTTP entry point: it does not speak TLS",
    NoSni => "(none: the URL names an address)",
    SecretCertificate => "SNI {0}: Traefik presents the certificate {1} of this Secret",
    SecretCertificateUnread => "SNI {0}: Traefik presents the certificate {1} of this Secret (kplay cannot read a real certificate, so it takes the Ingress's tls.hosts as its names)",
    DefaultCertificate => "SNI {0}: no tls Secret of a served Ingress has a certificate for it, so Traefik presents its default certificate ({1}), which no client trusts",
    HandshakePlainHttp => "the server answered the handshake with plain HTTP",
    SelfSigned => "the certificate is self-signed and not trusted",
    NameMismatch => "the certificate does not cover {0}",
    // Services.
    ServiceGone => "service {0} is gone",
    ServiceNoPort => "has no port {0}",
    ServiceNoPortReason => "service/{0} has no port {1}",
    NoReadyEndpoints => "service/{0} has no ready endpoints",
    Picked => "port {0} selects pods by {1}: {2} ready endpoint(s); {3} picked {4} on {5}",
    PickedAgain => "port {0} selects pods by {1}: {2} ready endpoint(s); {3} picked {4} on {5} (sessionAffinity ClientIP: {6} had it before)",
    PickedToKeep => "port {0} selects pods by {1}: {2} ready endpoint(s); {3} picked {4} on {5} (sessionAffinity ClientIP: {6} keeps it from now on)",
    EndpointNamedPort => "{0}:{1} by targetPort {2} (containerPort {1})",
    EndpointPort => "{0}:{1} by targetPort {1}",
    LocalNoEndpoint => "externalTrafficPolicy Local: no ready endpoint on node {0}, so the request is dropped",
    ScaledToZero => "selector {0} matches no pod: deployment/{1} that would run them has replicas 0",
    SelectsNoPod => "selector {0} matches no pod",
    SelectsNoPodHere => "selector {0} matches no pod; pods here have {1}",
    NoneReady => "selector {0} matches {1} pod(s), but none is ready",
    // Pods.
    PodGone => "pod {0} is gone",
    ItsNodeDown => "its node {0} is down",
    OnDownNode => "pod/{0} is on a node that is down",
    NotAnswering => "is {0}: nothing answers",
    PodIs => "pod/{0} is {1}",
    PlainHttpNotTls => "port {0} speaks plain HTTP, not TLS",
    NothingOnPodPort => "nothing listens on port {0}: {1}",
    ListensOn => "{0} listens on {1}",
    NoContainerPort => "{0} declares no containerPort",
    PodNothingListening => "pod/{0} has nothing listening on port {1}",
    Answered => "container {0} ({1}) answered {2}",
    // Hints beside kubectl's messages in the editor.
    DidYouMean => "did you mean `{0}`?",
    NotAscii => "the value contains \"{0}\" (U+{1}), which is not an ASCII character; retype it",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_fill_their_places_and_nest() {
        let inner = why!(Msg::UnknownClassName, "nginx");
        let outer = why!(Msg::IgnoredIngress, inner);
        assert_eq!(
            outer.to_string(),
            "this Ingress would match, but Traefik ignores it: its spec.ingressClassName nginx names no IngressClass (kubectl get ingressclass lists them)"
        );
        let twice = why!(Msg::EndpointPort, "10.244.1.2", 80);
        assert_eq!(twice.to_string(), "10.244.1.2:80 by targetPort 80");
        let list = why!(
            Msg::NothingOnPodPort,
            8080,
            vec![
                why!(Msg::ListensOn, "nginx:1.17", 80),
                why!(Msg::NoContainerPort, "busybox")
            ]
        );
        assert_eq!(
            list.to_string(),
            "nothing listens on port 8080: nginx:1.17 listens on 80; busybox declares no containerPort"
        );
    }
}
