//! The browser entry point: Trunk builds this binary to wasm32 and the page starts it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    kplay::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("kplay-web runs in the browser: build it with `make serve` or `trunk build`.");
}
