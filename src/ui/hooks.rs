//! `window.kplay`, the automation hook the embed API will build on:
//! - `exec(line)` runs one shell line as the terminal does and resolves to what it printed;
//! - `state()` returns a summary of the cluster (nodes, pods, services, ingresses, the last request).
//!
//! With `?test-hooks` in the URL, `crash()` panics on purpose, so tests can check the error banner, and
//! `execQuiet(line)` runs a line in the engine without recording or redrawing it, for benchmarks.

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::UseReducerDispatcher;

use crate::scene::summary;
use crate::session::Action;
use crate::ui::state::{Playground, SessionHandle};

pub fn install(session: SessionHandle, dispatcher: UseReducerDispatcher<Playground>) {
    let session = session.0;
    let api = Object::new();
    let quiet_session = session.clone();
    let exec = {
        let session = session.clone();
        Closure::<dyn Fn(String) -> Promise>::new(move |line: String| {
            let printed = session.borrow_mut().exec(&line);
            dispatcher.dispatch(Action::Refresh);
            Promise::resolve(&JsValue::from_str(&printed))
        })
    };
    let state = Closure::<dyn Fn() -> JsValue>::new(move || {
        let session = session.borrow();
        let last = session.sent.front().map(|s| &s.summary);
        let json = summary(session.shell.cluster(), last).to_string();
        JSON::parse(&json).unwrap_or(JsValue::NULL)
    });
    let _ = Reflect::set(&api, &"exec".into(), exec.as_ref().unchecked_ref());
    let _ = Reflect::set(&api, &"state".into(), state.as_ref().unchecked_ref());
    // The page lives as long as the hooks do.
    exec.forget();
    state.forget();
    let test_hooks = gloo::utils::window()
        .location()
        .search()
        .is_ok_and(|s| s.contains("test-hooks"));
    if test_hooks {
        let crash =
            Closure::<dyn Fn()>::new(|| panic!("crash requested through window.kplay.crash()"));
        let _ = Reflect::set(&api, &"crash".into(), crash.as_ref().unchecked_ref());
        crash.forget();
        // The engine alone, for benchmarks: the line runs in the shell but is neither recorded nor redrawn.
        let quiet = Closure::<dyn Fn(String) -> String>::new(move |line: String| {
            quiet_session.borrow_mut().shell.exec(&line).combined()
        });
        let _ = Reflect::set(&api, &"execQuiet".into(), quiet.as_ref().unchecked_ref());
        quiet.forget();
    }
    let _ = Reflect::set(&gloo::utils::window(), &"kplay".into(), &api);
}
