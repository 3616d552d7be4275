//! A list's search and filters kept in its address, so the list can be bookmarked, shared and reloaded as it was.

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Goes to `path` with `pairs` as its query (each value encoded), replacing the history entry: the address follows
/// the filters without a Back step for each change. Call in the screen's component.
pub fn query_navigator(path: &'static str) -> impl Fn(Vec<(&'static str, String)>) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |pairs| {
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", String::from(js_sys::encode_uri_component(&value))))
            .collect();
        let to = if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) };
        navigate(&to, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    }
}
