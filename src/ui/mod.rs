//! The Yew UI: the only code that touches the DOM. Components take data from `scene` and `shell` and send actions
//! back; the engine does the rest.

mod app;
mod editor;
mod prefs;
mod state;
mod topology;

/// Mounts the playground into `#app`, replacing the loading message.
pub fn start() {
    console_error_panic_hook::set_once();
    let document = gloo::utils::document();
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        root.set_inner_html("");
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
