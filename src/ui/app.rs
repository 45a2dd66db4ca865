//! The page: header with the clock, the manifest editors and terminal on one side, the live topology, details,
//! requests and events on the other.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::manifest::find_field;
use crate::engine::Millis;
use crate::i18n::{t, Lang, Text};
use crate::scene::{self, FieldRef};
use crate::session::embed::EmbedOptions;
use crate::session::share::ShareError;
use crate::session::{Action, Opening, Session, FILES, GATEWAY_FILE, TO_GATEWAY};
use crate::ui::details::Details;
use crate::ui::editor::Highlight;
use crate::ui::embed::OpenInKplay;
use crate::ui::events::Events;
use crate::ui::header::Header;
use crate::ui::lesson::{LessonChooser, LessonPanel};
use crate::ui::manifests::{ManifestFile, Manifests};
use crate::ui::packets::Packets;
use crate::ui::requests::Requests;
use crate::ui::share::{link_error_text, ShareControls};
use crate::ui::state::{ClusterView, Playground, SessionHandle};
use crate::ui::terminal::Terminal;
use crate::ui::topology::{Selection, Topology};
use crate::ui::{embed, hooks, prefs};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The embed page's options; None on the full page.
    pub embed: Option<Rc<EmbedOptions>>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embed = props.embed.clone();
    let playground = {
        let embed = embed.clone();
        use_reducer(move || Playground::restored(embed.as_deref()))
    };
    let lang = {
        let wanted = embed.as_ref().and_then(|e| e.lang);
        use_state(move || wanted.unwrap_or_else(prefs::initial_lang))
    };
    let active = use_state(|| FILES[0].to_string());
    let selected = use_state(|| None::<Selection>);
    // The line an editor shows and selects.
    let highlight = use_state(|| None::<(String, Highlight)>);

    {
        let (handle, dispatcher) = (playground.handle(), playground.dispatcher());
        use_effect_with((), move |_| hooks::install(handle, dispatcher));
    }
    {
        let saves = embed.is_none();
        use_effect_with(*lang, move |lang| prefs::show_lang(*lang, saves));
    }
    embed::use_host_api(embed.clone(), &playground, &lang);
    let clock = use_clock_callbacks(&playground, &lang, &selected);

    let editing = use_editing_callbacks(&playground, &active);
    let on_locate = use_locate(playground.handle(), active.clone(), highlight.clone());

    let session = playground.session();
    let files = manifest_files(&session);
    let edit_file = session.shell.editing_file().map(str::to_string);
    let (tab, link_error) = (session.tab.clone(), session.link_error.clone());
    let lesson_error = session.lesson_error.clone();
    let now = session.shell.cluster().now();
    let (storage_full, terminal_lines, flights) = (
        session.storage_full,
        session.terminal_version,
        session.flights_version,
    );
    drop(session);
    use_tabs(edit_file, tab, active.clone());

    let panels = embed.as_ref().map(|e| e.panels).unwrap_or_default();
    let read_only = embed.as_ref().is_some_and(|e| e.read_only);
    let left = panels.editors || panels.terminal;
    let right = panels.topology || panels.requests;
    html! {
        <div class={classes!("app", embed.is_some().then_some("embed"))}>
            <Header {now} lang={*lang} on_tick={clock.on_tick} on_step={clock.on_step}
                on_reset={clock.on_reset} on_toggle_lang={clock.on_toggle_lang} compact={embed.is_some()}>
                { header_controls(&playground, embed.as_deref(), &active, *lang) }
            </Header>
            { banners(storage_full, link_error.as_ref(), lesson_error, *lang) }
            <main class={classes!("panes", (!left || !right).then_some("single"))}>
                if left {
                    <div class="column">
                        <LessonPanel session={playground.handle()} dispatcher={playground.dispatcher()}
                            version={playground.version} lang={*lang} />
                        if panels.editors {
                            <Manifests {files} active={(*active).clone()} highlight={(*highlight).clone()}
                                lang={*lang} {read_only} on_open={editing.on_open} on_edit={editing.on_edit}
                                on_apply={editing.on_apply}
                                on_gateway={(!read_only).then_some(editing.on_gateway)} />
                        }
                        if panels.terminal {
                            <Terminal session={playground.handle()} dispatcher={playground.dispatcher()}
                                lines={terminal_lines} lang={*lang} />
                        }
                    </div>
                }
                if right {
                    <div class="column">
                        if !left {
                            <LessonPanel session={playground.handle()} dispatcher={playground.dispatcher()}
                                version={playground.version} lang={*lang} />
                        }
                        if panels.topology {
                            <TopologyPane playground={ClusterView::new(&playground)} lang={*lang} {flights}
                                selected={selected.clone()} on_locate={on_locate.clone()} />
                        }
                        if panels.requests {
                            <Requests playground={ClusterView::new(&playground)} lang={*lang} {on_locate} />
                            <Events playground={ClusterView::new(&playground)} lang={*lang} />
                        }
                    </div>
                }
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TopologyPaneProps {
    playground: ClusterView,
    lang: Lang,
    /// The session's flights_version: the packet layer redraws when it changes.
    flights: u64,
    /// What is selected in the topology (Reset clears it too).
    selected: UseStateHandle<Option<Selection>>,
    on_locate: Callback<FieldRef>,
}

/// The topology with its packets, and the details of what is selected in it.
#[function_component(TopologyPane)]
fn topology_pane(props: &TopologyPaneProps) -> Html {
    let pane = use_centred();
    let scene = {
        let playground = props.playground.clone();
        use_memo(playground.cluster_version(), move |_| {
            Rc::new(scene::layout(playground.shell().cluster()))
        })
    };
    // Stable callbacks, so the topology redraws only when the scene or the selection changes.
    let on_select = {
        let selected = props.selected.clone();
        use_callback((), move |s: Selection, _| selected.set(Some(s)))
    };
    let on_close = {
        let selected = props.selected.clone();
        Callback::from(move |_: ()| selected.set(None))
    };
    // A deleted pod's details close by themselves.
    let selection = (*props.selected)
        .clone()
        .filter(|s| still_there(&props.playground.session(), s));
    let (lang, scene) = (props.lang, (*scene).clone());
    html! {
        <>
            <section class="topology-pane" ref={pane} aria-label={t(lang, Text::Topology)}>
                // Scrolls sideways on a narrow screen rather than shrink its text away.
                <div class="topology-canvas">
                    <Topology scene={scene.clone()} {lang} selected={selection.clone()} {on_select}
                        on_locate={props.on_locate.clone()} />
                    <Packets session={props.playground.handle()} flights={props.flights} {scene} />
                </div>
            </section>
            if let Some(selection) = selection {
                <Details playground={props.playground.clone()} {selection} {lang} {on_close} />
            }
        </>
    }
}

/// A pane that scrolls sideways (the topology on a narrow screen) opens scrolled to its middle, where the Internet
/// and the Ingress are drawn.
#[hook]
fn use_centred() -> NodeRef {
    let pane = use_node_ref();
    {
        let pane = pane.clone();
        use_effect_with((), move |_| {
            if let Some(el) = pane.cast::<web_sys::Element>() {
                el.set_scroll_left((el.scroll_width() - el.client_width()).max(0) / 2);
            }
        });
    }
    pane
}

/// The header's own controls: Share, Open and Export on the page; Reset to the embed's start and "Open in kplay"
/// in an embed.
fn header_controls(
    playground: &UseReducerHandle<Playground>,
    embed: Option<&EmbedOptions>,
    active: &UseStateHandle<String>,
    lang: Lang,
) -> Html {
    let (session, dispatcher, active) = (
        playground.handle(),
        playground.dispatcher(),
        (**active).clone(),
    );
    let Some(options) = embed else {
        return html! {
            <>
                <LessonChooser dispatcher={dispatcher.clone()} {lang} />
                <ShareControls {session} {dispatcher} {active} {lang} />
            </>
        };
    };
    let start = options.start.clone();
    let on_reset = Callback::from(move |_: MouseEvent| {
        dispatcher.dispatch(Action::Load(Box::new(start.clone())))
    });
    html! {
        <>
            <button data-testid="embed-reset" onclick={on_reset}>{ t(lang, Text::Reset) }</button>
            <OpenInKplay {session} {active} {lang} />
        </>
    }
}

/// `kubectl edit` opens its file's tab, and when the edit ends the first file's tab opens again; a replayed link
/// opens the tab it had open.
#[hook]
fn use_tabs(edit_file: Option<String>, tab: Option<String>, active: UseStateHandle<String>) {
    {
        let active = active.clone();
        use_effect_with(edit_file, move |edit_file| match edit_file {
            Some(file) => active.set(file.clone()),
            None if !FILES.contains(&active.as_str()) && *active != GATEWAY_FILE => {
                active.set(FILES[0].to_string())
            }
            None => {}
        });
    }
    use_effect_with(tab, move |tab| {
        if let Some(tab) = tab
            .as_ref()
            .filter(|t| FILES.contains(&t.as_str()) || *t == GATEWAY_FILE)
        {
            active.set(tab.clone());
        }
    });
}

/// The page's banners: storage it cannot use, a link it could not open, a lesson it could not load.
fn banners(
    storage_full: bool,
    link_error: Option<&ShareError>,
    lesson_error: Option<String>,
    lang: Lang,
) -> Html {
    html! {
        <>
            if let Some(error) = lesson_error {
                <p class="banner warning" role="status" data-testid="lesson-error">
                    { t(lang, Text::LessonBroken) }{ " " }{ error }
                </p>
            }
            if storage_full {
                <p class="banner warning" role="status" data-testid="storage-full">{ t(lang, Text::StorageFull) }</p>
            }
            if let Some(error) = link_error {
                <p class="banner warning" role="status" data-testid="link-error">{ t(lang, link_error_text(error)) }</p>
            }
        </>
    }
}

/// What the header asks of the page: time to pass, a step, a reset, the other language.
struct ClockCallbacks {
    on_tick: Callback<Millis>,
    on_step: Callback<()>,
    on_reset: Callback<Opening>,
    on_toggle_lang: Callback<()>,
}

#[hook]
fn use_clock_callbacks(
    playground: &UseReducerHandle<Playground>,
    lang: &UseStateHandle<Lang>,
    selected: &UseStateHandle<Option<Selection>>,
) -> ClockCallbacks {
    let on_tick = {
        let dispatcher = playground.dispatcher();
        use_callback((), move |millis: Millis, _| {
            dispatcher.dispatch(Action::Tick(millis))
        })
    };
    let on_step = {
        let dispatcher = playground.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Step))
    };
    let on_reset = {
        let (dispatcher, selected) = (playground.dispatcher(), selected.clone());
        Callback::from(move |opening: Opening| {
            selected.set(None);
            dispatcher.dispatch(Action::Reset(opening));
        })
    };
    let on_toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |()| lang.set(lang.other()))
    };
    ClockCallbacks {
        on_tick,
        on_step,
        on_reset,
        on_toggle_lang,
    }
}

/// What the manifests pane asks of the page: open a tab, take an edit, apply a file.
struct EditingCallbacks {
    on_open: Callback<String>,
    on_edit: Callback<(String, String)>,
    on_apply: Callback<String>,
    /// Runs one of the Gateway API buttons' lines (`kplay ingress2gateway > gateway.yaml`, `kplay compare`).
    on_gateway: Callback<&'static str>,
}

/// Stable, so a clock tick does not redraw the three editors.
#[hook]
fn use_editing_callbacks(
    playground: &UseReducerHandle<Playground>,
    active: &UseStateHandle<String>,
) -> EditingCallbacks {
    let on_open = {
        let active = active.clone();
        use_callback((), move |file: String, _| active.set(file))
    };
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
    let on_gateway = {
        let (dispatcher, active) = (playground.dispatcher(), active.clone());
        use_callback((), move |line: &'static str, _| {
            dispatcher.dispatch(Action::Exec(line.to_string()));
            if line == TO_GATEWAY {
                active.set(GATEWAY_FILE.to_string());
            }
        })
    };
    EditingCallbacks {
        on_open,
        on_edit,
        on_apply,
        on_gateway,
    }
}

/// Each file the editors show, with its text and its problems from its last apply, and the file of an open
/// `kubectl edit` after them.
fn manifest_files(session: &Session) -> Vec<ManifestFile> {
    let edit = session.shell.editing_file();
    session
        .editor_files()
        .into_iter()
        .chain(edit)
        .map(|name| ManifestFile {
            name: name.to_string(),
            text: session.shell.files().get(name).cloned().unwrap_or_default(),
            diagnostics: session.diagnostics.get(name).cloned().unwrap_or_default(),
            auto_apply: Some(name) != edit,
        })
        .collect()
}

/// Whether the pod or node a selection names still exists.
fn still_there(session: &Session, selection: &Selection) -> bool {
    let cluster = session.shell.cluster();
    match selection {
        Selection::Pod { namespace, name } => cluster
            .store()
            .pods()
            .contains_key(&format!("{namespace}/{name}")),
        Selection::Node(name) => cluster.nodes().iter().any(|n| &n.name == name),
    }
}

/// Show a manifest field in its editor: open its file's tab and select the field's block. Stable, like the
/// topology's other callbacks.
#[hook]
fn use_locate(
    handle: SessionHandle,
    active: UseStateHandle<String>,
    highlight: UseStateHandle<Option<(String, Highlight)>>,
) -> Callback<FieldRef> {
    // A counter, so asking for the same line twice selects it again.
    let asks = use_mut_ref(|| 0u64);
    use_callback((), move |field: FieldRef, _| {
        let session = handle.0.borrow();
        let shell = &session.shell;
        let files = FILES
            .iter()
            .filter_map(|f| Some((*f, shell.files().get(*f)?.as_str())));
        if let Some((file, line, _)) = find_field(files, field.kind, &field.name, &field.path) {
            // A counter, not the state's value: this callback outlives the render that made it.
            *asks.borrow_mut() += 1;
            let ask = *asks.borrow();
            active.set(file.clone());
            highlight.set(Some((file, Highlight { line, ask })));
        }
    })
}
