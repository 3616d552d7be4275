//! Serving the built app: content types, cache rules, the SPA fallback and the security headers.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use pathdesk_server::routes::CONTENT_SECURITY_POLICY;

const FOREVER: &str = "public, max-age=31536000, immutable";

fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
}

#[tokio::test]
async fn index_is_served_with_no_cache_and_the_security_headers() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    let (status, headers, body) = send(&server.app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("app shell"));
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_security_headers(&headers);
    assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    server.finish().await;
}

#[tokio::test]
async fn hashed_assets_are_cached_forever_with_the_right_content_type() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    for (path, content_type) in [
        ("/pathdesk-1a2b3c4d5e6f7a8b_bg.wasm", "application/wasm"),
        ("/pathdesk-1a2b3c4d5e6f7a8b.js", "text/javascript"),
        ("/main-00ff00ff00ff00ff.css", "text/css"),
    ] {
        let (status, headers, _) = send(&server.app, get(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], content_type, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], FOREVER, "{path}");
        assert_security_headers(&headers);
    }
    server.finish().await;
}

#[tokio::test]
async fn service_worker_and_manifest_are_revalidated() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    let (status, headers, _) = send(&server.app, get("/sw.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let (status, headers, _) = send(&server.app, get("/manifest.webmanifest")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(headers[header::CONTENT_TYPE], "application/manifest+json");
    server.finish().await;
}

#[tokio::test]
async fn app_paths_get_index_html_but_missing_files_are_404() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    let (status, headers, body) = send(&server.app, get("/patients/p1/notes")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("app shell"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    // A stale hashed asset must not come back as HTML that the browser would then cache forever.
    let (status, headers, _) = send(&server.app, get("/pathdesk-ffffffffffffffff_bg.wasm")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_ne!(headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some(FOREVER));
    server.finish().await;
}

#[tokio::test]
async fn text_is_compressed_for_browsers_that_accept_it() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    for encoding in ["br", "gzip"] {
        let request = Request::builder()
            .uri("/pathdesk-1a2b3c4d5e6f7a8b.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&server.app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_ENCODING], encoding);
        assert!(body.len() < 1000, "{encoding}: {} bytes", body.len());
        assert_eq!(headers[header::CACHE_CONTROL], FOREVER);
    }
    server.finish().await;
}

#[tokio::test]
async fn without_a_built_app_the_server_says_how_to_build_it() {
    let server = sqlite_server().await;
    let (status, headers, body) = send(&server.app, get("/")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    assert!(String::from_utf8_lossy(&body).contains("cargo xtask run"));
    assert_security_headers(&headers);
    // The API works without the app.
    let (status, _, _) = send(&server.app, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    server.finish().await;
}

#[tokio::test]
async fn api_errors_carry_the_security_headers_too() {
    let server = sqlite_server().await;
    let (status, headers, _) = send(&server.app, get("/api/nowhere")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_security_headers(&headers);
    server.finish().await;
}

#[tokio::test]
async fn a_nul_byte_in_the_address_is_the_address_at_fault_not_the_server() {
    let server = sqlite_server().await;
    write_dist(&server.dir.path().join("dist"));
    for path in ["/%00", "/assets/app%00.js", "/patients/p1%00"] {
        let (status, _, body) = send(&server.app, get(path)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(String::from_utf8_lossy(&body).contains("Check the link"), "{path}");
    }
    // Ordinary addresses are unchanged.
    assert_eq!(send(&server.app, get("/patients/p1")).await.0, StatusCode::OK);
    server.finish().await;
}

/// The build writes `.br` and `.gz` beside each file: those are sent as they are (brotli at quality 11), not the
/// file compressed again on the fly.
#[tokio::test]
async fn a_precompressed_file_is_sent_as_it_was_written() {
    let server = sqlite_server().await;
    let dist = server.dir.path().join("dist");
    write_dist(&dist);
    let name = "pathdesk-1a2b3c4d5e6f7a8b.js";
    let written = b"precompressed by the build".to_vec();
    std::fs::write(dist.join(format!("{name}.br")), &written).unwrap();
    let request = Request::builder()
        .uri(format!("/{name}"))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&server.app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(body, written, "the .br file itself");
    assert_eq!(headers[header::CACHE_CONTROL], FOREVER);
    server.finish().await;
}
