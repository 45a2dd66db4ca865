//! The form that sends requests: method, target, Host header, path, and 1, 10 or 100 at a time.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::scene::Target;
use crate::session::Fire;

const METHODS: [&str; 5] = ["GET", "HEAD", "POST", "PUT", "DELETE"];

#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The addresses requests can go to.
    pub targets: Vec<Target>,
    pub lang: Lang,
    /// The requests to send.
    pub on_fire: Callback<Fire>,
}

#[function_component(RequestForm)]
pub fn request_form(props: &RequestFormProps) -> Html {
    let lang = props.lang;
    let method = use_state(|| "GET".to_string());
    let target = use_state(|| 0usize);
    let host = use_state(String::new);
    let path = use_state(|| "/".to_string());
    let choices = &props.targets;
    let chosen = choices.get(*target).or(choices.first()).cloned();

    let fire = |count: u32| {
        let (on_fire, method, host, path, chosen) = (
            props.on_fire.clone(),
            method.clone(),
            host.clone(),
            path.clone(),
            chosen.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if let Some(target) = chosen.clone() {
                on_fire.emit(Fire {
                    method: (*method).clone(),
                    target,
                    host: (*host).clone(),
                    path: (*path).clone(),
                    count,
                });
            }
        })
    };
    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| {
            method.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            target.set(value.parse().unwrap_or(0));
        })
    };
    let on_host = text_setter(&host);
    let on_path = text_setter(&path);

    html! {
        <div class="request-form">
            <label>{ t(lang, Text::Method) }
                <select data-testid="method" onchange={on_method}>
                    { for METHODS.iter().map(|m| html! { <option selected={*method == *m}>{ *m }</option> }) }
                </select>
            </label>
            <label>{ t(lang, Text::Target) }
                <select data-testid="target" onchange={on_target}>
                    { for choices.iter().enumerate().map(|(i, c)| html! {
                        <option value={i.to_string()} selected={i == *target}>{ c.label.clone() }</option>
                    }) }
                </select>
            </label>
            <label>{ t(lang, Text::Host) }
                <input data-testid="host" type="text" value={(*host).clone()} oninput={on_host}
                    placeholder={chosen.as_ref().map(|c| c.address.clone()).unwrap_or_default()} />
            </label>
            <label>{ t(lang, Text::Path) }
                <input data-testid="path" type="text" value={(*path).clone()} oninput={on_path} />
            </label>
            <div class="fire" role="group" aria-label={t(lang, Text::SendCount)}>
                <span>{ t(lang, Text::Send) }</span>
                <button data-testid="fire" onclick={fire(1)}>{ "1" }</button>
                <button data-testid="fire-10" onclick={fire(10)}>{ "10" }</button>
                <button data-testid="fire-100" onclick={fire(100)}>{ "100" }</button>
            </div>
        </div>
    }
}

/// Keeps a text field's state in step with what is typed.
fn text_setter(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        state.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}
