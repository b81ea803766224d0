//! Entry point of the browser app: mounts [`plan_explorer::App`], nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(plan_explorer::App);
}
