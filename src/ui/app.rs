//! The page: header, manifest editors and the live topology, with the clock ticking underneath.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::engine::Millis;
use crate::i18n::{t, Text};
use crate::scene;
use crate::ui::editor::Editor;
use crate::ui::prefs;
use crate::ui::state::{Action, Playground, FILES};
use crate::ui::topology::Topology;

/// How often the page advances virtual time, and by how much: real time, at 1x.
const TICK_MILLIS: u32 = 250;

#[function_component(App)]
pub fn app() -> Html {
    let playground = use_reducer(Playground::seeded);
    let lang = use_state(prefs::initial_lang);
    let active = use_state(|| FILES[0].to_string());

    {
        // The interval lives as long as the page; dropping the handle cancels it.
        let dispatcher = playground.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MILLIS, move || {
                dispatcher.dispatch(Action::Tick(Millis::from(TICK_MILLIS)))
            });
            move || drop(interval)
        });
    }
    {
        let lang = *lang;
        use_effect_with(lang, move |lang| prefs::save_lang(*lang));
    }

    let scene = {
        let playground = playground.clone();
        use_memo(playground.version, move |_| {
            Rc::new(scene::layout(playground.shell().cluster()))
        })
    };

    let on_toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    let on_edit = {
        let dispatcher = playground.dispatcher();
        Callback::from(move |(file, text): (String, String)| {
            dispatcher.dispatch(Action::Edit { file, text })
        })
    };
    let on_apply = {
        let dispatcher = playground.dispatcher();
        Callback::from(move |file: String| dispatcher.dispatch(Action::Apply { file }))
    };

    let file = (*active).clone();
    let text = playground
        .shell()
        .files()
        .get(&file)
        .cloned()
        .unwrap_or_default();
    let diagnostics = playground
        .diagnostics
        .get(&file)
        .cloned()
        .unwrap_or_default();
    let tabs = FILES.iter().map(|name| {
        let selected = *name == file;
        let onclick = {
            let active = active.clone();
            let name = name.to_string();
            Callback::from(move |_: MouseEvent| active.set(name.clone()))
        };
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} data-testid={format!("tab-{name}")} {onclick}>
                { *name }
            </button>
        }
    });

    html! {
        <div class="app">
            <header class="bar">
                <h1>{ "kplay" }</h1>
                <p class="tagline">{ t(*lang, Text::Tagline) }</p>
                <button class="lang" data-testid="lang-toggle" onclick={on_toggle_lang}
                    lang={lang.other().code()}>
                    { t(*lang, Text::SwitchLanguage) }
                </button>
            </header>
            <main class="panes">
                <section class="editors" aria-label={t(*lang, Text::Manifests)}>
                    <div role="tablist" class="tabs">{ for tabs }</div>
                    <Editor key={file.clone()} file={file.clone()} {text} {diagnostics} lang={*lang}
                        {on_edit} {on_apply} />
                </section>
                <section class="topology-pane" aria-label={t(*lang, Text::Topology)}>
                    <Topology scene={(*scene).clone()} lang={*lang} />
                </section>
            </main>
        </div>
    }
}
