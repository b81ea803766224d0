//! Entry point of the browser app: mounts [`plan_explorer::App`], nothing else.

fn main() {
    console_error_panic_hook::set_once();
    // In a task of its own, after the one that instantiated the wasm (issue #10: no long task).
    plan_explorer::browser::next_task::run_in_next_task(|| {
        leptos::mount::mount_to_body(plan_explorer::App)
    });
}
