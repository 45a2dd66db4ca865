//! The Yew UI: the only code that touches the DOM. Components take data from `scene` and `shell` and send actions
//! back; the engine does the rest.

mod app;
mod clock;
mod codemirror;
mod details;
mod editor;
mod embed;
mod events;
mod header;
mod hooks;
mod lesson;
mod manifests;
mod packets;
mod prefs;
mod request_form;
mod requests;
mod share;
mod state;
mod terminal;
mod topology;

use wasm_bindgen::JsCast;

/// Mounts the playground into `#app`, replacing the loading message.
pub fn start() {
    // Yew installs its own panic hook when it renders unless one is given to it.
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_banner();
    }));
    let document = gloo::utils::document();
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        root.set_inner_html("");
        let embed = embed::options();
        yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { embed }).render();
    }
}

/// After a panic the UI no longer runs, so the banner is plain DOM: a message and a link that reloads the page.
/// The editors' text is already in localStorage (saved on every change) and comes back on reload, unless the
/// browser lets the page keep nothing; the message says which.
fn show_crash_banner() {
    let document = gloo::utils::document();
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("crash");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "crash-banner");
    let lang = prefs::initial_lang();
    let message = document.create_element("p");
    let reload = document.create_element("a");
    if let (Ok(message), Ok(reload)) = (message, reload) {
        let text = if prefs::available() {
            crate::i18n::Text::Crashed
        } else {
            crate::i18n::Text::CrashedUnsaved
        };
        message.set_text_content(Some(crate::i18n::t(lang, text)));
        reload.set_text_content(Some(crate::i18n::t(lang, crate::i18n::Text::Reload)));
        let here = gloo::utils::window().location().href().unwrap_or_default();
        let _ = reload.set_attribute("href", here.split('?').next().unwrap_or(&here));
        let _ = reload.set_attribute("data-testid", "reload");
        let _ = banner.append_child(&message);
        let _ = banner.append_child(&reload);
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
        if let Some(el) = banner.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
