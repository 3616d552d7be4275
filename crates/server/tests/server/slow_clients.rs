//! No client can hold the server: silent, trickling and idle connections are cut off while other desks are served,
//! and past the connection cap new clients wait for a free place rather than finding the server gone. The real
//! serving loop (`serve::serve`) on a real socket, with limits short enough for a test.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use pathdesk_server::serve::{serve, ConnectionLimits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::*;

const HEADER_READ: Duration = Duration::from_millis(600);
const REQUEST: Duration = Duration::from_millis(1200);

/// A served test server on a free port; dropped, it stops.
struct Served {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _server: TestServer,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn served(max_connections: usize) -> Served {
    let server = sqlite_server().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = ConnectionLimits {
        max_connections,
        header_read: HEADER_READ,
        request: REQUEST,
        shutdown_grace: Duration::from_secs(1),
    };
    let router = server.app.clone();
    tokio::spawn(async move {
        serve(listener, router, limits, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    Served { addr, stop: Some(stop), _server: server }
}

/// A whole `GET /api/health` on its own connection: the status line, and how long it took.
async fn health(addr: std::net::SocketAddr) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: pathdesk\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer))
        .await
        .expect("answered within 10 s")
        .unwrap();
    (answer.lines().next().unwrap_or_default().to_string(), started.elapsed())
}

/// Reads until the server closes the connection; how long that took, and what it sent.
async fn until_closed(stream: &mut TcpStream) -> (Duration, String) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Err(_) => panic!("the server kept the connection open for 10 s"),
            Ok(Ok(0)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Ok(Err(error)) if error.kind() == ErrorKind::ConnectionReset => break,
            Ok(Err(error)) => panic!("reading failed: {error}"),
        }
    }
    (started.elapsed(), String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_while_others_are_served() {
    let server = served(64).await;
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let (status, took) = health(server.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took < HEADER_READ, "another desk waited {took:?} behind a silent connection");
    let (open_for, sent) = until_closed(&mut silent).await;
    assert!(open_for >= HEADER_READ / 2 && open_for < HEADER_READ * 4, "closed after {open_for:?}");
    assert!(sent.is_empty() || sent.starts_with("HTTP/1.1 408"), "sent {sent:?}");
}

#[tokio::test]
async fn headers_trickled_a_byte_at_a_time_are_cut_off() {
    let server = served(64).await;
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let headers =
        b"GET /api/health HTTP/1.1\r\nHost: pathdesk\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for byte in headers {
        if slow.write_all(&[*byte]).await.is_err() {
            cut_off = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        if started.elapsed() > HEADER_READ * 4 {
            break;
        }
    }
    if !cut_off {
        let (_, sent) = until_closed(&mut slow).await;
        assert!(!sent.contains("200 OK"), "a request trickled over {:?} was answered", started.elapsed());
    }
    assert!(started.elapsed() < HEADER_READ * 4, "the trickle went on for {:?}", started.elapsed());
    let (status, _) = health(server.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK", "others are still served");
}

#[tokio::test]
async fn a_body_trickled_slowly_is_answered_408_with_the_reason() {
    let server = served(64).await;
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    let origin = format!("http://{}", server.addr);
    let head = format!(
        "POST /api/session HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\n\
         Content-Length: 200\r\n\r\n{{\"username\": ",
        server.addr
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let (open_for, sent) = until_closed(&mut slow).await;
    assert!(sent.starts_with("HTTP/1.1 408"), "answered {sent:?}");
    assert!(sent.contains("request_timeout") && sent.contains("try again"), "answered {sent:?}");
    assert!(open_for >= REQUEST / 2 && open_for < REQUEST * 4, "answered after {open_for:?}");
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed() {
    let server = served(64).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: pathdesk\r\n\r\n").await.unwrap();
    let mut first = [0u8; 15];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200 OK");
    let (open_for, _) = until_closed(&mut stream).await;
    assert!(open_for < HEADER_READ * 4, "an idle connection stayed open {open_for:?}");
}

#[tokio::test]
async fn past_the_connection_cap_a_new_client_waits_for_a_place_and_is_then_served() {
    let server = served(4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Let the server accept all four before the fifth arrives.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, took) = health(server.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took >= HEADER_READ / 2, "served after {took:?}: the cap of 4 did not hold");
    assert!(took < HEADER_READ * 4, "waited {took:?} for a place");
    for mut stream in held {
        let (open_for, _) = until_closed(&mut stream).await;
        assert!(open_for < HEADER_READ * 4);
    }
}
