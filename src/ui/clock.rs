//! The cluster's clock in the header: the virtual time, Play/Pause, Step and the speed. It owns the interval that
//! advances time while it runs.

use gloo::timers::callback::Interval;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::Millis;
use crate::i18n::{t, Lang, Text};
use crate::shell::table::human_duration;

/// How often the page advances virtual time, and by how much: real time, at 1x.
const TICK_MILLIS: u32 = 250;

#[derive(Properties, PartialEq)]
pub struct ClockProps {
    /// The cluster's virtual time.
    pub now: Millis,
    pub lang: Lang,
    /// Virtual time to let pass, every tick while the clock runs.
    pub on_tick: Callback<Millis>,
    /// Step: time runs to the next moment something happens.
    pub on_step: Callback<()>,
}

#[function_component(Clock)]
pub fn clock(props: &ClockProps) -> Html {
    let lang = props.lang;
    // Virtual seconds per real second; 0 is paused.
    let speed = use_state(|| 1u32);
    let last_speed = use_mut_ref(|| 1u32);
    {
        // The interval lives while the clock runs at this speed; dropping the handle cancels it.
        let on_tick = props.on_tick.clone();
        use_effect_with(*speed, move |speed| {
            let speed = *speed;
            let interval = (speed > 0).then(|| {
                Interval::new(TICK_MILLIS, move || {
                    on_tick.emit(Millis::from(TICK_MILLIS * speed))
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
    let on_step = props.on_step.reform(|_: MouseEvent| ());

    html! {
        <div class="clock" role="group" aria-label={t(lang, Text::ClusterTime)}>
            <span class="clock-label">{ t(lang, Text::Clock) }</span>
            <span data-testid="clock" class="clock-value" title={t(lang, Text::ClusterTime)}>{ human_duration(props.now) }</span>
            <button data-testid="play-pause" onclick={on_play_pause} aria-pressed={(*speed == 0).to_string()}>
                { if *speed == 0 { t(lang, Text::Play) } else { t(lang, Text::Pause) } }
            </button>
            <button data-testid="step" onclick={on_step} title={t(lang, Text::StepHint)}>{ t(lang, Text::Step) }</button>
            <select data-testid="speed" aria-label={t(lang, Text::Speed)} onchange={on_speed}>
                { for [1u32, 4, 16].into_iter().map(|s| html! {
                    <option value={s.to_string()} selected={*speed == s || (*speed == 0 && *last_speed.borrow() == s)}>
                        { format!("{s}×") }
                    </option>
                }) }
            </select>
        </div>
    }
}
