//! Serving connections with limits, so no client can hold the server: a request's headers must arrive within
//! [`ConnectionLimits::header_read`] (also the longest a kept-alive connection may sit idle), a whole request must
//! be answered within [`ConnectionLimits::request`] (a body trickled in slowly is cut off with 408), and at most
//! [`ConnectionLimits::max_connections`] are open at once: past that, new connections wait in the listen queue
//! until one closes, instead of the server running out of file handles and answering no one.
//!
//! `axum::serve` offers none of these knobs, so this is its loop written out on hyper: accept, count, serve each
//! connection on its own task with a timer, and on shutdown stop accepting and let requests in flight finish.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::AppError;

/// The limits every connection is served under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// At most this many connections open at once (well below the usual 1,024 open files a process may have).
    pub max_connections: usize,
    /// A request's headers must have arrived this long after the connection opened or the last answer was sent.
    pub header_read: Duration,
    /// A request (its body read, its answer made) must be done within this.
    pub request: Duration,
    /// On shutdown, requests in flight get this long to finish.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 768,
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// Serves `router` on `listener` under `limits` until `shutdown` completes, then waits for requests in flight
/// (up to the grace period). Each request carries `ConnectInfo<SocketAddr>`, the client's address.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let request_limit = limits.request;
    let router = router.layer(axum::middleware::from_fn(move |request, next: axum::middleware::Next| async move {
        match tokio::time::timeout(request_limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => request_timed_out(request_limit).into_response(),
        }
    }));
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file handles or a connection reset before it was accepted: wait a moment, carry on.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().layer(axum::Extension(ConnectInfo(peer)));
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let service = service.clone();
            async move {
                let Ok(response) = service.oneshot(request.map(axum::body::Body::new)).await;
                Ok::<_, Infallible>(response)
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                log_connection_error(peer, &error);
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("stopped with requests still in flight after the grace period");
        }
    }
    Ok(())
}

/// 408 with the reason, which the app treats as "try again later" (its changes stay queued).
fn request_timed_out(limit: Duration) -> AppError {
    AppError::client(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        format!(
            "The request was not received and answered within {} seconds, so the server stopped waiting. Pathdesk \
             will try again; if this keeps happening, the connection to the server is very slow.",
            limit.as_secs()
        ),
    )
}

fn log_connection_error(peer: SocketAddr, error: &hyper::Error) {
    if error.is_timeout() {
        tracing::info!(%peer, "closed a connection that sent no complete request in time");
    } else if !error.is_incomplete_message() && !error.is_canceled() {
        tracing::debug!(%peer, %error, "a connection ended with an error");
    }
}
