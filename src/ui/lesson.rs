//! The lesson panel: the step list with progress, the step's text (Markdown drawn as elements, never as HTML),
//! hints, the solution, reset step, the moment a step's checks hold, and what is not yet true when the learner asks.
//! And the chooser of built-in lessons in the header.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{lesson_unmet, t, Lang, Text};
use crate::lesson::markdown::{self, Element, Node};
use crate::lesson::{self, run::Progress};
use crate::session::lessons::LessonAction;
use crate::session::Action;
use crate::ui::state::{Playground, SessionHandle};

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub session: SessionHandle,
    pub dispatcher: UseReducerDispatcher<Playground>,
    /// The playground's version: the panel redraws with every action, as the checks may have changed.
    pub version: u64,
    pub lang: Lang,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let session = props.session.0.borrow();
    let Some(progress) = &session.lesson else {
        return html! {};
    };
    let lang = props.lang;
    let act = |action: fn() -> LessonAction| {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Lesson(action())))
    };
    let step = &progress.lesson.steps[progress.step];
    html! {
        <section class="lesson" aria-label={t(lang, Text::Lesson)} data-testid="lesson">
            <header class="lesson-head">
                <h2>{ progress.lesson.title.get(lang) }</h2>
                <button class="lesson-close" onclick={act(|| LessonAction::Close)} aria-label={t(lang, Text::LessonClose)}
                    data-testid="lesson-close">{ "×" }</button>
            </header>
            { steps(progress, lang, &props.dispatcher) }
            <h3 data-testid="lesson-step-title">{ format!("{}. {}", progress.step + 1, step.title.get(lang)) }</h3>
            <div class="lesson-text">{ nodes(&markdown::parse(step.text.get(lang))) }</div>
            { for step.hints.iter().take(progress.hints).map(|h| html! {
                <p class="lesson-hint" data-testid="lesson-hint">{ nodes(&markdown::parse(h.get(lang))) }</p>
            }) }
            { verdict(progress, lang) }
            <div class="lesson-actions">
                <button data-testid="lesson-check" onclick={act(|| LessonAction::Check)}>{ t(lang, Text::LessonCheck) }</button>
                if progress.hints < step.hints.len() {
                    <button data-testid="lesson-hint-button" onclick={act(|| LessonAction::Hint)}>{ t(lang, Text::LessonHint) }</button>
                }
                <button data-testid="lesson-solution" onclick={act(|| LessonAction::Solution)}>{ t(lang, Text::LessonSolution) }</button>
                <button data-testid="lesson-reset-step" onclick={act(|| LessonAction::ResetStep)}>{ t(lang, Text::LessonResetStep) }</button>
                if progress.step + 1 < progress.lesson.steps.len() {
                    { go_button(&props.dispatcher, progress.step + 1, t(lang, Text::LessonNext), "lesson-next",
                        progress.done[progress.step]) }
                }
            </div>
        </section>
    }
}

/// The step list: each step's number and title, done or not; clicking one goes to it.
fn steps(progress: &Progress, lang: Lang, dispatcher: &UseReducerDispatcher<Playground>) -> Html {
    let items = progress.lesson.steps.iter().enumerate().map(|(i, step)| {
        let done = progress.done[i];
        let current = i == progress.step;
        let onclick = {
            let dispatcher = dispatcher.clone();
            Callback::from(move |_: MouseEvent| {
                dispatcher.dispatch(Action::Lesson(LessonAction::Go(i)))
            })
        };
        html! {
            <li class={classes!(done.then_some("done"), current.then_some("current"))}>
                <button {onclick} aria-current={current.then_some("step")} data-testid="lesson-step"
                    data-done={done.to_string()} title={step.title.get(lang).to_string()}>
                    { if done { "✓".to_string() } else { (i + 1).to_string() } }
                </button>
            </li>
        }
    });
    let count = progress.done.iter().filter(|d| **d).count();
    html! {
        <nav class="lesson-steps" aria-label={t(lang, Text::LessonSteps)}>
            <ol>{ for items }</ol>
            <span class="lesson-count" data-testid="lesson-progress">
                { format!("{count}/{}", progress.done.len()) }
            </span>
        </nav>
    }
}

/// The moment a step's checks hold, or, once asked, what is not yet true.
fn verdict(progress: &Progress, lang: Lang) -> Html {
    if progress.done[progress.step] {
        let text = if progress.all_done() {
            Text::LessonAllDone
        } else {
            Text::LessonStepDone
        };
        return html! {
            <p class="lesson-passed" role="status" data-testid="lesson-passed">{ t(lang, text) }</p>
        };
    }
    match &progress.unmet {
        Some(unmet) if !unmet.is_empty() => html! {
            <div class="lesson-unmet" role="status" data-testid="lesson-unmet">
                <p>{ t(lang, Text::LessonNotYet) }</p>
                <ul>{ for unmet.iter().map(|u| html! { <li>{ lesson_unmet(lang, u) }</li> }) }</ul>
            </div>
        },
        _ => html! {},
    }
}

fn go_button(
    dispatcher: &UseReducerDispatcher<Playground>,
    step: usize,
    label: &'static str,
    testid: &'static str,
    primary: bool,
) -> Html {
    let dispatcher = dispatcher.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        dispatcher.dispatch(Action::Lesson(LessonAction::Go(step)))
    });
    html! { <button class={classes!(primary.then_some("primary"))} data-testid={testid} {onclick}>{ label }</button> }
}

/// Markdown's tree as elements. Text is always text; a link is followed only to http(s), in a new tab.
fn nodes(list: &[Node]) -> Html {
    html! { <>{ for list.iter().map(node) }</> }
}

fn node(n: &Node) -> Html {
    match n {
        Node::Text(text) => html! { { text.clone() } },
        Node::Code(code) => html! { <code>{ code.clone() }</code> },
        Node::CodeBlock(code) => html! { <pre><code>{ code.clone() }</code></pre> },
        Node::Break => html! { <br /> },
        Node::Element(element, children) => {
            let inner = nodes(children);
            match element {
                Element::Paragraph => html! { <p>{ inner }</p> },
                Element::Heading => html! { <h4>{ inner }</h4> },
                Element::List { ordered: true } => html! { <ol>{ inner }</ol> },
                Element::List { ordered: false } => html! { <ul>{ inner }</ul> },
                Element::Item => html! { <li>{ inner }</li> },
                Element::Emphasis => html! { <em>{ inner }</em> },
                Element::Strong => html! { <strong>{ inner }</strong> },
                Element::Quote => html! { <blockquote>{ inner }</blockquote> },
                Element::Link(href)
                    if href.starts_with("https://") || href.starts_with("http://") =>
                {
                    html! {
                        <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inner }</a>
                    }
                }
                Element::Link(_) => inner,
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ChooserProps {
    pub dispatcher: UseReducerDispatcher<Playground>,
    pub lang: Lang,
}

/// "Lessons…" in the header: the built-in lessons by title.
#[function_component(LessonChooser)]
pub fn lesson_chooser(props: &ChooserProps) -> Html {
    // Reading the lessons for their titles takes a few milliseconds, so it waits until the page has painted.
    let titles = use_state(Vec::<(String, lesson::Texts)>::new);
    {
        let titles = titles.clone();
        use_effect_with((), move |_| {
            let later = gloo::timers::callback::Timeout::new(0, move || {
                let read = lesson::BUILT_IN.iter().filter_map(|(id, text)| {
                    Some((id.to_string(), lesson::load(text).ok()?.title))
                });
                titles.set(read.collect());
            });
            move || drop(later)
        });
    }
    let onchange = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(lesson) = lesson::built_in(&select.value()) {
                dispatcher.dispatch(Action::Lesson(LessonAction::Open(Box::new(lesson))));
            }
            select.set_value("");
        })
    };
    html! {
        <select class="lessons" data-testid="lesson-chooser" aria-label={t(props.lang, Text::Lessons)} {onchange}>
            <option value="" selected=true>{ t(props.lang, Text::Lessons) }</option>
            { for titles.iter().map(|(id, title)| html! {
                <option value={id.clone()}>{ title.get(props.lang) }</option>
            }) }
        </select>
    }
}
