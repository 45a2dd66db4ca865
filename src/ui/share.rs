//! Share and Open in the header: a link (in the URL fragment, so no server sees it) to what the learner sees, or a
//! `.kplay` file when the link would be too long; and opening such a file, by the file picker or by dropping it on
//! the page. The payload itself is `session::share`'s.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, HtmlInputElement};
use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::session::export;
use crate::session::lessons::LessonAction;
use crate::session::share::{self, ShareError, FRAGMENT_KEY, MAX_LINK_CHARS};
use crate::session::{Action, Session};
use crate::ui::prefs::BrowserStorage;
use crate::ui::state::{Playground, SessionHandle};

/// The name a downloaded session gets.
const FILE_NAME: &str = "kplay-session.kplay";

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub session: SessionHandle,
    pub dispatcher: UseReducerDispatcher<Playground>,
    /// The editor tab that is open, which the link reopens.
    pub active: String,
    pub lang: Lang,
}

#[function_component(ShareControls)]
pub fn share_controls(props: &ShareProps) -> Html {
    let lang = props.lang;
    let notice = use_state(|| None::<Notice>);
    let reading = use_mut_ref(|| None::<FileReader>);
    // The fragment Share itself wrote, which is not a link to open.
    let written = use_mut_ref(String::new);
    let on_share = {
        let (session, active, notice, written) = (
            props.session.clone(),
            props.active.clone(),
            notice.clone(),
            written.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = share_now(&session.0.borrow(), &active, &written);
            notice.set(Some((text, String::new())))
        })
    };
    use_dropped_files(&props.dispatcher, &notice, &reading);
    use_pasted_links(&props.dispatcher, &notice, &written);
    let on_open = {
        let (dispatcher, notice, reading) =
            (props.dispatcher.clone(), notice.clone(), reading.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_session(file, &dispatcher, &notice, &reading);
            }
            input.set_value("");
        })
    };
    let on_export = {
        let session = props.session.clone();
        Callback::from(move |_: MouseEvent| {
            let files = session.0.borrow().snapshot(None).files;
            download(&export::zip(&files), "application/zip", export::FILE_NAME);
        })
    };
    html! {
        <div class="share">
            <button data-testid="share" onclick={on_share}>{ t(lang, Text::Share) }</button>
            <button data-testid="export" title={t(lang, Text::ExportHint)} onclick={on_export}>
                { t(lang, Text::Export) }
            </button>
            <label class="open-file">
                { t(lang, Text::OpenFile) }
                <input type="file" accept=".kplay,.yaml,.yml,application/json" data-testid="open-file"
                    onchange={on_open} />
            </label>
            if let Some((text, detail)) = (*notice).clone() {
                <p class="share-notice" role="status" data-testid="share-notice">
                    { t(lang, text) }{ " " }{ detail }
                </p>
            }
        </div>
    }
}

/// A `.kplay` file dropped anywhere on the page opens, as Open… would open it.
#[hook]
fn use_dropped_files(
    dispatcher: &UseReducerDispatcher<Playground>,
    notice: &UseStateHandle<Option<Notice>>,
    reading: &Rc<RefCell<Option<FileReader>>>,
) {
    let (dispatcher, notice, reading) = (dispatcher.clone(), notice.clone(), reading.clone());
    use_effect_with((), move |_| {
        use gloo::events::{EventListener, EventListenerOptions};
        let target = gloo::utils::document();
        let options = EventListenerOptions::enable_prevent_default();
        // The page must claim a drag for the browser to let it drop (rather than open the file itself).
        let over = EventListener::new_with_options(&target, "dragover", options, |event| {
            event.prevent_default();
        });
        let dropped = EventListener::new_with_options(&target, "drop", options, move |event| {
            event.prevent_default();
            let file = event
                .dyn_ref::<web_sys::DragEvent>()
                .and_then(|e| e.data_transfer())
                .and_then(|d| d.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                read_session(file, &dispatcher, &notice, &reading);
            }
        });
        // Dropping the listeners removes them.
        move || std::mem::drop((over, dropped))
    });
}

/// A share or lesson link pasted into the address bar of an open page changes only the fragment, which does not
/// reload the page; the page opens it itself.
#[hook]
fn use_pasted_links(
    dispatcher: &UseReducerDispatcher<Playground>,
    notice: &UseStateHandle<Option<Notice>>,
    written: &Rc<RefCell<String>>,
) {
    let (dispatcher, notice, written) = (dispatcher.clone(), notice.clone(), written.clone());
    use_effect_with((), move |_| {
        let window = gloo::utils::window();
        let listener = gloo::events::EventListener::new(&window, "hashchange", move |_| {
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            // Share's own change of the fragment, once; the same link pasted later opens.
            if hash.trim_start_matches('#') == written.borrow().as_str() {
                written.borrow_mut().clear();
                return;
            }
            match linked(&hash) {
                Some(Ok(action)) => {
                    notice.set(None);
                    dispatcher.dispatch(action);
                }
                Some(Err(notice_now)) => notice.set(Some(notice_now)),
                None => {}
            }
        });
        move || drop(listener)
    });
}

/// What a fragment opens: a share link's session or a lesson; None for any other fragment.
fn linked(hash: &str) -> Option<Result<Action, Notice>> {
    if let Some(payload) = share::in_fragment(hash) {
        return Some(
            share::decode(payload)
                .map(|snapshot| Action::Load(Box::new(snapshot)))
                .map_err(|error| (link_error_text(&error), String::new())),
        );
    }
    let value = hash
        .trim_start_matches('#')
        .strip_prefix(crate::lesson::FRAGMENT_KEY)?;
    Some(
        crate::lesson::from_fragment(value)
            .map(|lesson| Action::Lesson(LessonAction::Open(Box::new(lesson))))
            .map_err(|error| (Text::LessonBroken, error.to_string())),
    )
}

/// Puts the link in the address bar and on the clipboard, or saves a `.kplay` file when it would be too long.
fn share_now(session: &Session, active: &str, written: &RefCell<String>) -> Text {
    let snapshot = session.snapshot(Some(active));
    let payload = share::encode(&snapshot);
    let location = gloo::utils::window().location();
    let href = location.href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    let link = format!("{base}#{FRAGMENT_KEY}{payload}");
    if link.len() > MAX_LINK_CHARS {
        download(
            share::to_json(&snapshot).as_bytes(),
            "application/json",
            FILE_NAME,
        );
        return Text::ShareSavedFile;
    }
    let fragment = format!("{FRAGMENT_KEY}{payload}");
    *written.borrow_mut() = fragment.clone();
    let _ = location.set_hash(&fragment);
    // The clipboard exists only in a secure context (https, localhost); elsewhere the address bar has the link.
    let navigator = gloo::utils::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined());
    if has_clipboard {
        let _ = navigator.clipboard().write_text(&link);
        Text::ShareCopied
    } else {
        Text::ShareInAddressBar
    }
}

/// Saves bytes as a file named `name` through a temporary link.
fn download(bytes: &[u8], mime: &str, name: &str) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A notice under Share and Open: what happened, and a detail (a lesson's load error) when there is one.
type Notice = (Text, String);

/// Reads a dropped or picked file and opens it: a `.kplay` session, or a lesson (YAML); else says why it cannot.
pub fn read_session(
    file: web_sys::File,
    dispatcher: &UseReducerDispatcher<Playground>,
    notice: &UseStateHandle<Option<Notice>>,
    reading: &Rc<RefCell<Option<FileReader>>>,
) {
    let (dispatcher, notice) = (dispatcher.clone(), notice.clone());
    let reader = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |text| {
        let text = text.unwrap_or_default();
        match opened(&text) {
            Ok(action) => {
                notice.set(None);
                dispatcher.dispatch(action);
            }
            Err(notice_now) => notice.set(Some(notice_now)),
        }
    });
    // The reader must live until it calls back.
    *reading.borrow_mut() = Some(reader);
}

/// What a file opens: a session when it is one (JSON), else a lesson; a file that is neither says why.
fn opened(text: &str) -> Result<Action, Notice> {
    if text.trim_start().starts_with('{') {
        // A `.kplay` file may carry a lesson instead of a session: `{"lesson": "<the lesson's YAML>"}`.
        let lesson = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("lesson")?.as_str().map(str::to_string));
        if let Some(lesson) = lesson {
            return crate::lesson::load(&lesson)
                .map(|lesson| Action::Lesson(LessonAction::Open(Box::new(lesson))))
                .map_err(|error| (Text::LessonBroken, error.to_string()));
        }
        return share::from_json(text.as_bytes())
            .map(|snapshot| Action::Load(Box::new(snapshot)))
            .map_err(|_| (Text::FileBroken, String::new()));
    }
    crate::lesson::load(text)
        .map(|lesson| Action::Lesson(LessonAction::Open(Box::new(lesson))))
        .map_err(|error| (Text::LessonBroken, error.to_string()))
}

/// The session a page load starts: a share link's, when the URL carries a good one, else the saved one (with the
/// reason a link could not be opened).
pub fn opening_session() -> (Session, Option<ShareError>) {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let (mut session, error) = match share::in_fragment(&hash).map(share::decode) {
        Some(Ok(snapshot)) => (Session::replayed(&snapshot, Box::new(BrowserStorage)), None),
        Some(Err(error)) => (Session::restored(Box::new(BrowserStorage)), Some(error)),
        None => (Session::restored(Box::new(BrowserStorage)), None),
    };
    open_lesson_link(&mut session, &hash);
    (session, error)
}

/// `#lesson=...` opens a lesson (a broken one is said in the lesson error banner).
pub fn open_lesson_link(session: &mut Session, hash: &str) {
    let Some(value) = hash
        .trim_start_matches('#')
        .strip_prefix(crate::lesson::FRAGMENT_KEY)
    else {
        return;
    };
    match crate::lesson::from_fragment(value) {
        Ok(lesson) => session.act(Action::Lesson(LessonAction::Open(Box::new(lesson)))),
        Err(error) => session.lesson_error = Some(error.to_string()),
    }
}

/// What the page says of a link it could not open.
pub fn link_error_text(error: &ShareError) -> Text {
    match error {
        ShareError::Newer(_) => Text::LinkNewer,
        ShareError::Broken => Text::LinkBroken,
    }
}
