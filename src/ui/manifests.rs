//! The manifests pane: a tab per file and an editor per file. Every file keeps its editor (and so its undo
//! history); only the open tab's is shown.

use yew::prelude::*;

use crate::engine::manifest::Diagnostic;
use crate::i18n::{t, Lang, Text};
use crate::session::{GATEWAY_FILE, TO_GATEWAY};
use crate::ui::editor::{Editor, Highlight};

/// One file as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestFile {
    pub name: String,
    pub text: String,
    /// Its problems from its last apply; a tab with some is marked broken.
    pub diagnostics: Vec<Diagnostic>,
    /// Applied when typing pauses; a `kubectl edit` file is saved only by Apply, as an editor saves on closing.
    pub auto_apply: bool,
}

#[derive(Properties, PartialEq)]
pub struct ManifestsProps {
    pub files: Vec<ManifestFile>,
    /// The file whose tab is open.
    pub active: String,
    /// A line of a file to show and select.
    pub highlight: Option<(String, Highlight)>,
    pub lang: Lang,
    /// The editors show the files but take no edits (an embed's option).
    #[prop_or_default]
    pub read_only: bool,
    /// The file whose tab was clicked.
    pub on_open: Callback<String>,
    /// (file, new text) on every keystroke.
    pub on_edit: Callback<(String, String)>,
    /// The file to apply.
    pub on_apply: Callback<String>,
    /// Runs a Gateway API button's terminal line; None hides the buttons (a read-only embed).
    #[prop_or_default]
    pub on_gateway: Option<Callback<&'static str>>,
}

#[function_component(Manifests)]
pub fn manifests(props: &ManifestsProps) -> Html {
    let tabs = props.files.iter().map(|file| {
        let name = file.name.clone();
        let current = name == props.active;
        let broken = !file.diagnostics.is_empty();
        let onclick = {
            let name = name.clone();
            props.on_open.reform(move |_: MouseEvent| name.clone())
        };
        html! {
            <button role="tab" class={classes!("tab", current.then_some("selected"), broken.then_some("broken"))}
                aria-selected={current.to_string()} data-testid={format!("tab-{name}")} title={name.clone()} {onclick}>
                { name }
            </button>
        }
    });
    let editors = props.files.iter().map(|file| {
        let name = file.name.clone();
        let highlight = props
            .highlight
            .as_ref()
            .filter(|(f, _)| *f == name)
            .map(|(_, highlight)| *highlight);
        html! {
            <Editor key={name.clone()} file={name.clone()} text={file.text.clone()}
                diagnostics={file.diagnostics.clone()} lang={props.lang} hidden={name != props.active}
                auto_apply={file.auto_apply} read_only={props.read_only}
                {highlight} on_edit={props.on_edit.clone()} on_apply={props.on_apply.clone()} />
        }
    });
    html! {
        <section class="editors" aria-label={t(props.lang, Text::Manifests)}>
            <div class="tab-bar">
                <div role="tablist" class="tabs">{ for tabs }</div>
                { gateway_buttons(props) }
            </div>
            { for editors }
        </section>
    }
}

/// "To Gateway API" (the Ingresses through `kplay ingress2gateway` into gateway.yaml) and, once that file exists,
/// "Compare" (`kplay compare`): each runs in the terminal as typed.
fn gateway_buttons(props: &ManifestsProps) -> Html {
    let Some(on_gateway) = &props.on_gateway else {
        return Html::default();
    };
    let lang = props.lang;
    let has_gateway = props.files.iter().any(|f| f.name == GATEWAY_FILE);
    let convert = on_gateway.reform(|_: MouseEvent| TO_GATEWAY);
    let compare = on_gateway.reform(|_: MouseEvent| "kplay compare");
    html! {
        <>
            <button class="tab-action" data-testid="to-gateway" title={t(lang, Text::ToGatewayTitle)}
                onclick={convert}>{ t(lang, Text::ToGateway) }</button>
            if has_gateway {
                <button class="tab-action" data-testid="compare" title={t(lang, Text::CompareTitle)}
                    onclick={compare}>{ t(lang, Text::Compare) }</button>
            }
        </>
    }
}
