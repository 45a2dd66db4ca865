//! The requests panel: send 1, 10 or 100 requests to a node, a NodePort or a LoadBalancer address, see who
//! answered, how the answers spread over pods, and the selected request's path hop by hop.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::engine::api::Kind;
use crate::engine::traffic::Hop;
use crate::i18n::{explain, step_name, t, Lang, Text};
use crate::scene::{targets, Ending, FieldRef, RequestSummary};
use crate::session::{Action, Fire, Sent};
use crate::ui::request_form::RequestForm;
use crate::ui::state::ClusterView;

/// How many results the list shows.
const LISTED: usize = 20;

#[derive(Properties, PartialEq)]
pub struct RequestsProps {
    pub playground: ClusterView,
    pub lang: Lang,
    /// Show a field of a manifest in its editor.
    pub on_locate: Callback<FieldRef>,
}

/// The CSS class of a result, by how it ended.
pub fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(200..=399) => "ok",
        Some(400..=499) => "client-error",
        Some(_) => "server-error",
        None => "failed",
    }
}

#[function_component(Requests)]
pub fn requests(props: &RequestsProps) -> Html {
    let lang = props.lang;
    let selected = use_state(|| None::<u64>);

    let session = props.playground.session();
    let on_fire = {
        let (playground, selected) = (props.playground.clone(), selected.clone());
        Callback::from(move |fire: Fire| {
            selected.set(None);
            playground.dispatch(Action::Fire(fire));
        })
    };
    let shown: Option<&Sent> = match *selected {
        Some(id) => session.sent.iter().find(|s| s.id == id),
        None => session.sent.front(),
    };

    html! {
        <section class="requests" aria-label={t(lang, Text::Requests)}>
            <h2 class="pane-title">{ t(lang, Text::Requests) }</h2>
            <RequestForm targets={targets(session.shell.cluster())} {lang} {on_fire} />
            <p class="visually-hidden" aria-live="polite" data-testid="request-announcement">
                { session.sent.front().map(|s| format!("{} {}", s.summary.result, s.summary.pod.clone().unwrap_or_default())).unwrap_or_default() }
            </p>
            if session.sent.is_empty() {
                <p class="empty">{ t(lang, Text::NoRequests) }</p>
            } else {
                <div class="request-columns">
                    <div>
                        <h3>{ t(lang, Text::Results) }</h3>
                        <ol class="results">
                            { for session.sent.iter().take(LISTED).map(|s| {
                                let current = shown.is_some_and(|x| x.id == s.id);
                                result(lang, s, current, &selected)
                            }) }
                        </ol>
                    </div>
                    <div>
                        <h3>{ t(lang, Text::PerPod) }</h3>
                        { distribution(&session.sent) }
                        { by_version(lang, &session.sent) }
                    </div>
                </div>
                if let Some(sent) = shown {
                    { trace(lang, sent, &props.on_locate) }
                }
            }
        </section>
    }
}

/// One request in the results list; clicking it shows its trace.
fn result(lang: Lang, s: &Sent, current: bool, selected: &UseStateHandle<Option<u64>>) -> Html {
    let onclick = {
        let (selected, id) = (selected.clone(), s.id);
        Callback::from(move |_: MouseEvent| selected.set(Some(id)))
    };
    html! {
        <li><button data-testid="request-result" class={classes!("result", status_class(s.summary.status), current.then_some("current"))}
            aria-pressed={current.to_string()}
            data-status={s.summary.status.map(|c| c.to_string()).unwrap_or_else(|| "none".into())}
            data-pod={s.summary.pod.clone().unwrap_or_default()} {onclick}>
            <span class="status">{ outcome_text(lang, &s.summary) }</span>
            <span class="pod">{ s.summary.pod.clone().unwrap_or_default() }</span>
            if let Some(v) = &s.summary.version { <span class="version">{ v.clone() }</span> }
        </button></li>
    }
}

/// How the answers spread over pods (or, with no pod, over results), as bars.
fn distribution<'a>(sent: impl IntoIterator<Item = &'a Sent>) -> Html {
    let mut per_pod: BTreeMap<String, usize> = BTreeMap::new();
    for sent in sent {
        let key = sent
            .summary
            .pod
            .clone()
            .unwrap_or_else(|| sent.summary.result.clone());
        *per_pod.entry(key).or_default() += 1;
    }
    let most = per_pod.values().copied().max().unwrap_or(1);
    html! {
        <ul class="bars" data-testid="distribution">
            { for per_pod.iter().map(|(pod, n)| html! {
                <li data-pod={pod.clone()} data-count={n.to_string()}>
                    <span class="bar-label" title={pod.clone()}>{ short_name(pod) }</span>
                    // An SVG bar: its width is an attribute, not an inline style the CSP would refuse.
                    <svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                        <rect width={(100 * n / most).to_string()} height="8" rx="3" />
                    </svg>
                    <span class="bar-count">{ n.to_string() }</span>
                </li>
            }) }
        </ul>
    }
}

/// When answers came from more than one version (a rollout, a canary behind weighted backends), how they spread
/// over the versions, as bars: a 90/10 split reads as 90/10 whatever the pods.
fn by_version<'a>(lang: Lang, sent: impl IntoIterator<Item = &'a Sent>) -> Html {
    let mut per_version: BTreeMap<String, usize> = BTreeMap::new();
    for version in sent.into_iter().filter_map(|s| s.summary.version.clone()) {
        *per_version.entry(version).or_default() += 1;
    }
    if per_version.len() < 2 {
        return Html::default();
    }
    let total: usize = per_version.values().sum();
    html! {
        <>
            <h3>{ t(lang, Text::PerVersion) }</h3>
            <ul class="bars" data-testid="versions">
                { for per_version.iter().map(|(version, n)| html! {
                    <li data-version={version.clone()} data-count={n.to_string()}>
                        <span class="bar-label">{ version.clone() }</span>
                        <svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                            <rect width={(100 * n / total).to_string()} height="8" rx="3" />
                        </svg>
                        <span class="bar-count">{ format!("{n} ({}%)", 100 * n / total) }</span>
                    </li>
                }) }
            </ul>
        </>
    }
}

/// The end of a pod's name that tells it from its siblings: `57f55d494c-qpprq`.
fn short_name(pod: &str) -> String {
    let parts: Vec<&str> = pod.rsplitn(3, '-').collect();
    match parts.as_slice() {
        [last, hash, _] => format!("…{hash}-{last}"),
        _ => pod.to_string(),
    }
}

/// The outcome in the page's language; an HTTP status stays as HTTP says it.
fn outcome_text(lang: Lang, summary: &RequestSummary) -> String {
    let text = match summary.ending {
        Ending::Answered => return summary.result.clone(),
        Ending::Refused => Text::Refused,
        Ending::TimedOut => Text::TimedOut,
        Ending::UnknownHost => Text::UnknownHost,
        Ending::HandshakeFailed => Text::HandshakeFailed,
    };
    t(lang, text).to_string()
}

fn trace(lang: Lang, sent: &Sent, on_locate: &Callback<FieldRef>) -> Html {
    let s = &sent.summary;
    html! {
        <div class="trace" data-testid="trace">
            <h3>{ t(lang, Text::TraceTitle) }</h3>
            <p class="trace-url"><code>{ format!("{} {}", s.method, s.url) }</code></p>
            <ol>
                { for sent.hops.iter().map(|hop| hop_item(lang, hop, on_locate)) }
            </ol>
            <p class={classes!("outcome", status_class(s.status))} data-testid="outcome">
                <strong>{ outcome_text(lang, s) }</strong>
                if let Some(pod) = &s.pod { { format!(" ← pod/{pod}") } }
                if let Some(reason) = &s.reason { <span class="detail">{ format!(": {}", explain(lang, reason)) }</span> }
            </p>
        </div>
    }
}

/// One hop of a trace, with a link to the manifest field that decided it.
fn hop_item(lang: Lang, hop: &Hop, on_locate: &Callback<FieldRef>) -> Html {
    let field = hop.object.object().and_then(|o| {
        let path = match o.kind {
            Kind::Ingress => "spec.rules",
            Kind::Service => "spec.selector",
            Kind::Gateway => "spec.listeners",
            Kind::HttpRoute => "spec.rules",
            _ => return None,
        };
        Some(FieldRef {
            kind: o.kind,
            name: o.name.clone(),
            path: path.into(),
        })
    });
    html! {
        <li data-testid="hop" data-step={hop.step.as_str()}>
            <span class="step">{ step_name(lang, hop.step) }</span>
            <code class="object">{ hop.object.to_string() }</code>
            <span class="detail">{ explain(lang, &hop.why) }</span>
            if let Some(field) = field {
                <button class="link" onclick={on_locate.reform(move |_: MouseEvent| field.clone())}>
                    { t(lang, Text::ShowInManifest) }
                </button>
            }
        </li>
    }
}
