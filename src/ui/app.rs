//! The page: header with the clock, the manifest editors and terminal on one side, the live topology, details,
//! requests and events on the other.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::manifest::find_field;
use crate::engine::Millis;
use crate::i18n::{t, Text};
use crate::scene::{self, FieldRef};
use crate::session::{Action, Opening, FILES};
use crate::ui::details::Details;
use crate::ui::editor::Editor;
use crate::ui::events::Events;
use crate::ui::packets::Packets;
use crate::ui::requests::Requests;
use crate::ui::state::Playground;
use crate::ui::terminal::Terminal;
use crate::ui::topology::{Selection, Topology};
use crate::ui::{hooks, prefs};

/// How often the page advances virtual time, and by how much: real time, at 1x.
const TICK_MILLIS: u32 = 250;

#[function_component(App)]
pub fn app() -> Html {
    let playground = use_reducer(Playground::restored);
    let lang = use_state(prefs::initial_lang);
    let active = use_state(|| FILES[0].to_string());
    // Virtual seconds per real second; 0 is paused.
    let speed = use_state(|| 1u32);
    let last_speed = use_mut_ref(|| 1u32);
    let selected = use_state(|| None::<Selection>);
    // The line an editor shows and selects, with a counter so asking twice works.
    let highlight = use_state(|| None::<(String, u32, u64)>);
    let asks = use_mut_ref(|| 0u64);

    {
        let (handle, dispatcher) = (playground.handle(), playground.dispatcher());
        use_effect_with((), move |_| hooks::install(handle, dispatcher));
    }
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
    {
        let lang = *lang;
        use_effect_with(lang, move |lang| prefs::save_lang(*lang));
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
            let select: HtmlSelectElement = event.target_unchecked_into();
            let chosen = select.value().parse().unwrap_or(1);
            // While paused, a new speed waits for Play.
            if *speed == 0 {
                *last_speed.borrow_mut() = chosen;
            } else {
                speed.set(chosen);
            }
        })
    };
    let on_step = {
        let dispatcher = playground.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Step))
    };
    let on_reset = {
        let (dispatcher, selected, lang) = (playground.dispatcher(), selected.clone(), *lang);
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let opening = match select.value().as_str() {
                "seed" => Some(Opening::Seed),
                "bare" => Some(Opening::Bare),
                _ => None,
            };
            select.set_value("");
            let sure = gloo::utils::window()
                .confirm_with_message(t(lang, Text::ResetConfirm))
                .unwrap_or(false);
            if let (Some(opening), true) = (opening, sure) {
                selected.set(None);
                dispatcher.dispatch(Action::Reset(opening));
            }
        })
    };
    let clock = crate::shell::table::human_duration(playground.shell().cluster().now());

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
    // Stable too, so a clock tick does not redraw the three editors.
    let on_edit = {
        let dispatcher = playground.dispatcher();
        use_callback((), move |(file, text): (String, String), _| {
            dispatcher.dispatch(Action::Edit { file, text })
        })
    };
    let on_apply = {
        let dispatcher = playground.dispatcher();
        use_callback((), move |file: String, _| {
            dispatcher.dispatch(Action::Apply { file })
        })
    };
    // Stable callbacks, so the topology redraws only when the scene or the selection changes.
    let on_select = {
        let selected = selected.clone();
        use_callback((), move |s: Selection, _| selected.set(Some(s)))
    };
    let on_close = {
        let selected = selected.clone();
        Callback::from(move |_: ()| selected.set(None))
    };
    let on_locate = {
        let (handle, active, highlight, asks) = (
            playground.handle(),
            active.clone(),
            highlight.clone(),
            asks.clone(),
        );
        use_callback((), move |field: FieldRef, _| {
            let session = handle.0.borrow();
            let shell = &session.shell;
            let files = FILES
                .iter()
                .filter_map(|f| Some((*f, shell.files().get(*f)?.as_str())));
            if let Some((file, line, _)) = find_field(files, field.kind, &field.name, &field.path) {
                // A counter, not the state's value: this callback outlives the render that made it.
                *asks.borrow_mut() += 1;
                let count = *asks.borrow();
                active.set(file.clone());
                highlight.set(Some((file, line, count)));
            }
        })
    };

    let file = (*active).clone();
    // Every file keeps its editor (and so its undo history); only the open tab's is shown.
    let editors = FILES.iter().map(|name| {
        let text = playground.shell().files().get(*name).cloned().unwrap_or_default();
        let diagnostics = playground.session().diagnostics.get(*name).cloned().unwrap_or_default();
        let file_highlight = highlight
            .as_ref()
            .filter(|(f, _, _)| f == name)
            .map(|(_, line, n)| (*line, *n));
        html! {
            <Editor key={*name} file={name.to_string()} {text} {diagnostics} lang={*lang} hidden={*name != file}
                highlight={file_highlight} on_edit={on_edit.clone()} on_apply={on_apply.clone()} />
        }
    });
    let tabs = FILES.iter().map(|name| {
        let current = *name == file;
        let broken = playground.session().diagnostics.get(*name).is_some_and(|d| !d.is_empty());
        let onclick = {
            let active = active.clone();
            let name = name.to_string();
            Callback::from(move |_: MouseEvent| active.set(name.clone()))
        };
        html! {
            <button role="tab" class={classes!("tab", current.then_some("selected"), broken.then_some("broken"))}
                aria-selected={current.to_string()} data-testid={format!("tab-{name}")} {onclick}>
                { *name }
            </button>
        }
    });
    // A deleted pod's details close by themselves.
    let selection = (*selected).clone().filter(|s| match s {
        Selection::Pod { namespace, name } => playground
            .shell()
            .cluster()
            .store()
            .pods()
            .contains_key(&format!("{namespace}/{name}")),
        Selection::Node(name) => playground
            .shell()
            .cluster()
            .nodes()
            .iter()
            .any(|n| &n.name == name),
    });
    let (storage_full, terminal_lines, flights) = {
        let session = playground.session();
        (
            session.storage_full,
            session.terminal_version,
            session.flights_version,
        )
    };

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
                    <button data-testid="step" onclick={on_step} title={t(*lang, Text::StepHint)}>{ t(*lang, Text::Step) }</button>
                    <select data-testid="speed" aria-label={t(*lang, Text::Speed)} onchange={on_speed}>
                        { for [1u32, 4, 16].into_iter().map(|s| html! {
                            <option value={s.to_string()} selected={*speed == s || (*speed == 0 && *last_speed.borrow() == s)}>
                                { format!("{s}×") }
                            </option>
                        }) }
                    </select>
                </div>
                <select class="reset" data-testid="reset" aria-label={t(*lang, Text::Reset)} onchange={on_reset}>
                    <option value="" selected=true>{ t(*lang, Text::Reset) }</option>
                    <option value="seed">{ t(*lang, Text::ResetSeed) }</option>
                    <option value="bare">{ t(*lang, Text::ResetBare) }</option>
                </select>
                <button class="lang" data-testid="lang-toggle" onclick={on_toggle_lang} lang={lang.other().code()}>
                    { t(*lang, Text::SwitchLanguage) }
                </button>
            </header>
            if storage_full {
                <p class="banner warning" role="status" data-testid="storage-full">{ t(*lang, Text::StorageFull) }</p>
            }
            <main class="panes">
                <div class="column">
                    <section class="editors" aria-label={t(*lang, Text::Manifests)}>
                        <div role="tablist" class="tabs">{ for tabs }</div>
                        { for editors }
                    </section>
                    <Terminal session={playground.handle()} dispatcher={playground.dispatcher()}
                        lines={terminal_lines} lang={*lang} />
                </div>
                <div class="column">
                    <section class="topology-pane" aria-label={t(*lang, Text::Topology)}>
                        <Topology scene={(*scene).clone()} lang={*lang}
                            selected={selection.clone()} {on_select} on_locate={on_locate.clone()} />
                        <Packets session={playground.handle()} flights={flights} scene={(*scene).clone()} />
                    </section>
                    if let Some(selection) = selection {
                        <Details playground={playground.clone()} {selection} lang={*lang} {on_close} />
                    }
                    <Requests playground={playground.clone()} lang={*lang} {on_locate} />
                    <Events playground={playground.clone()} lang={*lang} />
                </div>
            </main>
        </div>
    }
}
