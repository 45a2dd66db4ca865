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
    // Virtual seconds per real second; 0 is paused.
    let speed = use_state(|| 1u32);
    let last_speed = use_mut_ref(|| 1u32);

    {
        // The interval lives while the clock runs at this speed; dropping the handle cancels it.
        let dispatcher = playground.dispatcher();
        use_effect_with(*speed, move |speed| {
            let speed = *speed;
            let interval = (speed > 0).then(|| {
                Interval::new(TICK_MILLIS, move || {
                    dispatcher.dispatch(Action::Tick(Millis::from(TICK_MILLIS * speed)))
                })
            });
            move || drop(interval)
        });
    }
    let on_play_pause = {
        let (speed, last_speed) = (speed.clone(), last_speed.clone());
        Callback::from(move |_: MouseEvent| {
            if *speed == 0 {
                speed.set(*last_speed.borrow());
            } else {
                *last_speed.borrow_mut() = *speed;
                speed.set(0);
            }
        })
    };
    let on_speed = {
        let (speed, last_speed) = (speed.clone(), last_speed.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let chosen = select.value().parse().unwrap_or(1);
            // While paused, a new speed waits for Play.
            if *speed == 0 {
                *last_speed.borrow_mut() = chosen;
            } else {
                speed.set(chosen);
            }
        })
    };
    let clock = crate::shell::table::human_duration(playground.shell().cluster().now());
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
                <div class="clock" role="group" aria-label={t(*lang, Text::ClusterTime)}>
                    <span class="clock-label">{ t(*lang, Text::Clock) }</span>
                    <span data-testid="clock" class="clock-value" title={t(*lang, Text::ClusterTime)}>{ clock }</span>
                    <button data-testid="play-pause" onclick={on_play_pause} aria-pressed={(*speed == 0).to_string()}>
                        { if *speed == 0 { t(*lang, Text::Play) } else { t(*lang, Text::Pause) } }
                    </button>
                    <select data-testid="speed" aria-label={t(*lang, Text::Speed)} onchange={on_speed}>
                        { for [1u32, 4, 16].into_iter().map(|s| html! {
                            <option value={s.to_string()} selected={*speed == s || (*speed == 0 && *last_speed.borrow() == s)}>
                                { format!("{s}×") }
                            </option>
                        }) }
                    </select>
                </div>
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
