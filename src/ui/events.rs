//! The events timeline: the cluster's newest Events, as `kubectl get events` lists them.

use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::shell::table::human_duration;
use crate::ui::state::ClusterView;

/// How many events the timeline shows.
const SHOWN: usize = 12;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub playground: ClusterView,
    pub lang: Lang,
}

#[function_component(Events)]
pub fn events(props: &EventsProps) -> Html {
    let shell = props.playground.shell();
    let now = shell.cluster().now();
    let events = &shell.cluster().store().events;
    html! {
        <section class="events" aria-label={t(props.lang, Text::Events)}>
            <h2 class="pane-title">{ t(props.lang, Text::Events) }</h2>
            if events.is_empty() {
                <p class="empty">{ t(props.lang, Text::NoEvents) }</p>
            }
            <ol class="timeline" data-testid="events" translate="no" tabindex="0" aria-label={t(props.lang, Text::Events)}>
                // Keyed, so a new event adds one item instead of rewriting every item below it.
                { for events.iter().rev().take(SHOWN).map(|e| html! {
                    <li key={format!("{}/{}/{}/{}", e.uid, e.reason, e.first, e.message)}
                        class={classes!(e.warning.then_some("warning"))} data-reason={e.reason.clone()}>
                        <span class="age">{ human_duration(now.saturating_sub(e.last)) }</span>
                        <span class="reason">{ e.reason.clone() }</span>
                        <span class="object">{ format!("{}/{}", e.kind.singular(), e.object) }</span>
                        <span class="message">{ e.message.clone() }</span>
                        if e.count > 1 { <span class="count">{ format!("×{}", e.count) }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}
