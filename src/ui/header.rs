//! The page's header: the name, the clock, Reset and the language switch.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::Millis;
use crate::i18n::{t, Lang, Text};
use crate::session::Opening;
use crate::ui::clock::Clock;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The cluster's virtual time.
    pub now: Millis,
    pub lang: Lang,
    pub on_tick: Callback<Millis>,
    pub on_step: Callback<()>,
    /// The opening to start again from, once the learner has confirmed it.
    pub on_reset: Callback<Opening>,
    pub on_toggle_lang: Callback<()>,
    /// An embed's header: no tagline and no choice of opening (its Reset is among the children).
    #[prop_or_default]
    pub compact: bool,
    /// Share and Open, which need the session.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let on_reset = {
        let on_reset = props.on_reset.clone();
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
                on_reset.emit(opening);
            }
        })
    };
    let on_toggle_lang = props.on_toggle_lang.reform(|_: MouseEvent| ());

    html! {
        <header class="bar">
            <h1>{ "kplay" }</h1>
            if !props.compact {
                <p class="tagline">{ t(lang, Text::Tagline) }</p>
            }
            <Clock now={props.now} {lang} on_tick={props.on_tick.clone()} on_step={props.on_step.clone()} />
            if !props.compact {
            <select class="reset" data-testid="reset" aria-label={t(lang, Text::Reset)} onchange={on_reset}>
                <option value="" selected=true>{ t(lang, Text::Reset) }</option>
                <option value="seed">{ t(lang, Text::ResetSeed) }</option>
                <option value="bare">{ t(lang, Text::ResetBare) }</option>
            </select>
            }
            { props.children.clone() }
            <button class="lang" data-testid="lang-toggle" onclick={on_toggle_lang} lang={lang.other().code()}>
                { t(lang, Text::SwitchLanguage) }
            </button>
        </header>
    }
}
