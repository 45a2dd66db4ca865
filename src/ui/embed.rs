//! The embed page's side of `session::embed`: reading its options, the postMessage API (messages in from the host
//! page, replies and events out to it), its size for the host, and the "Open in kplay" link. `embed.html` is
//! `index.html` with `data-mode="embed"` on `#app`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::JSON;
use serde_json::{json, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::scene::pods_summary;
use crate::session::embed::{self, EmbedOptions, HostMessage, Incoming};
use crate::session::lessons::LessonAction;
use crate::session::share::{self, FRAGMENT_KEY};
use crate::session::{Action, Fire, Prefixed, Session, Storage};
use crate::ui::prefs::BrowserStorage;
use crate::ui::state::{Playground, SessionHandle};

/// The embed's options, when this page is the embed page.
pub fn options() -> Option<Rc<EmbedOptions>> {
    let app = gloo::utils::document().get_element_by_id("app")?;
    if app.get_attribute("data-mode").as_deref() != Some("embed") {
        return None;
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    Some(Rc::new(embed::options(&hash)))
}

/// An embed's session: in memory, unless its options name a storage to persist in.
pub fn session(options: &EmbedOptions) -> Session {
    let storage: Box<dyn Storage> = match &options.persist {
        Some(name) => Box::new(Prefixed {
            inner: Box::new(BrowserStorage),
            prefix: format!("kplay.embed.{name}."),
        }),
        None => Box::new(crate::session::MemoryStorage::default()),
    };
    let mut session = Session::embedded(&options.start, storage, options.persist.is_some());
    if let Some(lesson) = &options.lesson {
        let hash = format!("{}{lesson}", crate::lesson::FRAGMENT_KEY);
        crate::ui::share::open_lesson_link(&mut session, &hash);
    }
    session
}

/// Sends an event to the host page: to each allowed origin, or to any when none is named.
fn post(options: &EmbedOptions, event: &Value) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Ok(message) = JSON::parse(&event.to_string()) else {
        return;
    };
    if options.origins.is_empty() {
        let _ = parent.post_message(&message, "*");
    }
    for origin in &options.origins {
        let _ = parent.post_message(&message, origin);
    }
}

/// Listens to the host page, says it is ready (with any option it could not read), keeps the host told of its
/// height and of pod changes.
#[hook]
pub fn use_host_api(
    options: Option<Rc<EmbedOptions>>,
    playground: &UseReducerHandle<Playground>,
    lang: &UseStateHandle<Lang>,
) {
    {
        let (options, handle, dispatcher, lang) = (
            options.clone(),
            playground.handle(),
            playground.dispatcher(),
            lang.clone(),
        );
        use_effect_with((), move |_| {
            let started = options.map(|options| start(options, handle, dispatcher, lang));
            move || std::mem::drop(started)
        });
    }
    let last_pods = use_mut_ref(String::new);
    let handle = playground.handle();
    use_effect_with(playground.cluster_version, move |_| {
        if let Some(options) = options {
            tell_pods(&options, &handle, &last_pods);
        }
    });
}

/// Listens to the host and tells it the embed is ready; what it returns must live while the embed does.
fn start(
    options: Rc<EmbedOptions>,
    handle: SessionHandle,
    dispatcher: UseReducerDispatcher<Playground>,
    lang: UseStateHandle<Lang>,
) -> (gloo::events::EventListener, HeightWatch) {
    let listener = listen(options.clone(), handle, dispatcher, lang);
    let ready = json!({ "version": embed::API_VERSION });
    post(&options, &embed::event("ready", ready));
    for problem in &options.problems {
        post(
            &options,
            &embed::event("error", json!({ "error": problem })),
        );
    }
    (listener, observe_height(options))
}

/// Tells the host the pods, when they differ from what it was last told.
fn tell_pods(options: &EmbedOptions, handle: &SessionHandle, last: &RefCell<String>) {
    let pods = pods_summary(handle.0.borrow().shell.cluster());
    let text = pods.to_string();
    if *last.borrow() != text {
        *last.borrow_mut() = text;
        post(options, &embed::event("pods", json!({ "pods": pods })));
    }
}

fn listen(
    options: Rc<EmbedOptions>,
    handle: SessionHandle,
    dispatcher: UseReducerDispatcher<Playground>,
    lang: UseStateHandle<Lang>,
) -> gloo::events::EventListener {
    gloo::events::EventListener::new(&gloo::utils::window(), "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        if !embed::allowed(&options.origins, &event.origin()) {
            return;
        }
        let data = event.data();
        let text = data
            .as_string()
            .or_else(|| JSON::stringify(&data).ok().and_then(|s| s.as_string()))
            .unwrap_or_default();
        let reply = match embed::incoming(&text) {
            Incoming::NotOurs => return,
            Incoming::Refused { id, error } => {
                embed::event("error", json!({ "id": id, "error": error }))
            }
            Incoming::Take { id, message } => {
                let reply = take(&options, &handle, &lang, message);
                dispatcher.dispatch(Action::Refresh);
                with_id(reply, id)
            }
        };
        reply_to(event, &reply);
    })
}

/// Does what the host asked, and says what came of it.
fn take(
    options: &EmbedOptions,
    handle: &SessionHandle,
    lang: &UseStateHandle<Lang>,
    message: HostMessage,
) -> Value {
    let mut session = handle.0.borrow_mut();
    match message {
        HostMessage::SetFiles { files, apply } => {
            for (file, text) in files {
                session.act(Action::Edit {
                    file: file.clone(),
                    text,
                });
                if apply {
                    session.act(Action::Apply { file });
                }
            }
            embed::event("done", json!({}))
        }
        HostMessage::Run { line } => {
            let output = session.exec(&line);
            embed::event("output", json!({ "line": line, "output": output }))
        }
        HostMessage::Request {
            address,
            port,
            host,
            path,
            method,
            count,
        } => {
            let Some(mut target) = crate::scene::targets(session.shell.cluster())
                .into_iter()
                .next()
            else {
                let error = "the cluster has no worker to send a request to";
                return embed::event("error", json!({ "error": error }));
            };
            target.address = address.unwrap_or(target.address);
            target.port = port.unwrap_or(target.port);
            let count = count.unwrap_or(1);
            session.act(Action::Fire(Fire {
                method: method.unwrap_or_else(|| "GET".to_string()),
                target,
                host: host.unwrap_or_default(),
                path: path.unwrap_or_else(|| "/".to_string()),
                count,
            }));
            let sent = session.sent.iter().take(count as usize).rev();
            let results: Vec<_> = sent.map(|s| &s.summary).collect();
            embed::event("requestResult", json!({ "results": results }))
        }
        HostMessage::Reset {} => {
            session.act(Action::Load(Box::new(options.start.clone())));
            embed::event("done", json!({}))
        }
        HostMessage::OpenLesson { lesson } => {
            let opened =
                crate::lesson::built_in(&lesson).map_or_else(|| crate::lesson::load(&lesson), Ok);
            match opened {
                Ok(lesson) => {
                    session.act(Action::Lesson(LessonAction::Open(Box::new(lesson))));
                    embed::event("done", json!({}))
                }
                Err(error) => embed::event("error", json!({ "error": error.to_string() })),
            }
        }
        HostMessage::SetLanguage { lang: code } => {
            lang.set(Lang::from_code(&code).unwrap_or_default());
            embed::event("done", json!({}))
        }
    }
}

fn with_id(mut reply: Value, id: Value) -> Value {
    if let Value::Object(object) = &mut reply {
        object.insert("id".to_string(), id);
    }
    reply
}

/// Answers the window that sent a message, at its origin.
fn reply_to(event: &web_sys::MessageEvent, reply: &Value) {
    // The host's window is of another origin, so not an instance of this page's Window: no checked cast.
    let source = event
        .source()
        .map(|s| s.unchecked_into::<web_sys::Window>());
    let (Some(source), Ok(message)) = (source, JSON::parse(&reply.to_string())) else {
        return;
    };
    let origin = event.origin();
    // A page opened from a file has the origin "null", which postMessage cannot name as a target.
    let target = if origin == "null" {
        "*"
    } else {
        origin.as_str()
    };
    let _ = source.post_message(&message, target);
}

/// What keeps the host told of the embed's height; dropping it stops.
type HeightWatch = Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>;

/// Tells the host the height the embed wants: the option's, or its content's whenever that changes.
fn observe_height(options: Rc<EmbedOptions>) -> HeightWatch {
    if let Some(height) = options.height {
        post(
            &options,
            &embed::event("resize", json!({ "height": height })),
        );
        return None;
    }
    let body = gloo::utils::body();
    let last = Cell::new(0);
    let measure = body.clone();
    let changed = Closure::<dyn FnMut()>::new(move || {
        let height = measure.scroll_height();
        if height != last.replace(height) {
            post(
                &options,
                &embed::event("resize", json!({ "height": height })),
            );
        }
    });
    let observer = web_sys::ResizeObserver::new(changed.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some((observer, changed))
}

#[derive(Properties, PartialEq)]
pub struct OpenProps {
    pub session: SessionHandle,
    pub active: String,
    pub lang: Lang,
}

/// "Open in kplay": the full page, in a new tab, with this embed's session as a share link.
#[function_component(OpenInKplay)]
pub fn open_in_kplay(props: &OpenProps) -> Html {
    let onclick = {
        let (session, active) = (props.session.clone(), props.active.clone());
        Callback::from(move |event: MouseEvent| {
            let payload = share::encode(&session.0.borrow().snapshot(Some(&active)));
            let link: web_sys::HtmlAnchorElement = event.target_unchecked_into();
            link.set_href(&format!("index.html#{FRAGMENT_KEY}{payload}"));
        })
    };
    html! {
        <a class="open-in-kplay" href="index.html" target="_blank" rel="noopener"
            data-testid="open-in-kplay" {onclick}>
            { t(props.lang, Text::OpenInKplay) }
        </a>
    }
}
