//! The details of what the learner clicked: a pod (describe, its recent requests, Delete) or a node (describe,
//! stop/start the machine, cordon). Every action runs as the command it is, so the terminal shows it.

use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::session::Action;
use crate::ui::state::ClusterView;
use crate::ui::topology::Selection;

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub playground: ClusterView,
    pub selection: Selection,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(Details)]
pub fn details(props: &DetailsProps) -> Html {
    let lang = props.lang;
    let run = |line: String| {
        let playground = props.playground.clone();
        Callback::from(move |_: MouseEvent| playground.dispatch(Action::Exec(line.clone())))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let shell = props.playground.shell();
    let (title, describe, actions, logs) = match &props.selection {
        Selection::Pod { namespace, name } => {
            let ns = if namespace == "default" {
                String::new()
            } else {
                format!(" -n {namespace}")
            };
            let actions = html! {
                <button class="danger" data-testid="delete-pod" onclick={run(format!("kubectl delete pod {name}{ns}"))}>
                    { t(lang, Text::DeletePod) }
                </button>
            };
            (
                format!("pod/{name}"),
                shell.describe("pod", name, namespace),
                actions,
                Some(shell.recent_logs(name, namespace, 5)),
            )
        }
        Selection::Node(name) => {
            let node = shell.cluster().nodes().iter().find(|n| &n.name == name);
            let running = node.is_some_and(|n| n.stopped.is_none());
            let cordoned = node.is_some_and(|n| n.unschedulable);
            let actions = html! {
                <>
                    if running {
                        <button data-testid="stop-node" onclick={run(format!("kplay node stop {name}"))}>{ t(lang, Text::StopNode) }</button>
                    } else {
                        <button data-testid="start-node" onclick={run(format!("kplay node start {name}"))}>{ t(lang, Text::StartNode) }</button>
                    }
                    if cordoned {
                        <button data-testid="uncordon" onclick={run(format!("kubectl uncordon {name}"))}>{ t(lang, Text::Uncordon) }</button>
                    } else {
                        <button data-testid="cordon" onclick={run(format!("kubectl cordon {name}"))}>{ t(lang, Text::Cordon) }</button>
                    }
                </>
            };
            (
                format!("node/{name}"),
                shell.describe("node", name, "default"),
                actions,
                None,
            )
        }
    };
    html! {
        <section class="details" data-testid="details" aria-label={t(lang, Text::Details)}>
            <div class="details-head">
                <h2 class="pane-title">{ title }</h2>
                <div class="actions">{ actions }</div>
                <button class="close" data-testid="close-details" onclick={close} aria-label={t(lang, Text::Close)}>{ "×" }</button>
            </div>
            if let Some(lines) = logs {
                <h3>{ t(lang, Text::RecentRequests) }</h3>
                <pre class="logs" data-testid="pod-logs">{ lines.join("\n") }</pre>
            }
            <pre class="describe" translate="no" tabindex="0">{ describe }</pre>
        </section>
    }
}
