//! kplay: a Kubernetes playground. The engine models a cluster, the shell speaks kubectl to it, the scene lays it out
//! for drawing, the session keeps what the page shows, and the UI (wasm32 only) puts it on a page.

pub mod engine;
pub mod i18n;
pub mod lesson;
pub mod scene;
pub mod session;
pub mod shell;
#[cfg(target_arch = "wasm32")]
pub mod ui;
