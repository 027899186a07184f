//! Connections cannot be held open: a half-sent request, an idle keep-alive connection and a stalled body are
//! closed after their timeouts, and a client cannot hold more connections than its cap. Driven with raw sockets
//! against the real server on a free port, as an attacker's script would.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::db::TestDb;
use crate::fixture::{test_config, world_with};

/// The server on a free port with one-second timeouts and `per_client` connections per address.
async fn server(per_client: u32) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let configure = |config: &mut hailong::config::Config| {
        config.connections.header_timeout_seconds = 1;
        config.connections.body_timeout_seconds = 1;
        config.connections.max_connections_per_client = per_client;
    };
    let world = world_with(TestDb::sqlite().await, configure).await;
    let mut config = test_config(1000);
    configure(&mut config);
    config.trust_proxy = false;
    let limits = hailong::startup::connection_limits(&config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = world.router();
    tokio::spawn(async move {
        let _world = world; // its database lives as long as the server
        hailong::startup::serve(listener, router, None, limits, async {
            let _ = stopped.await;
        })
        .await
    });
    (addr, stop)
}

/// Reads until the server closes the connection (or 10 s pass): what it sent, and when it closed.
async fn until_closed(stream: &mut TcpStream) -> (String, Option<Instant>) {
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return Instant::now(),
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    (String::from_utf8_lossy(&got).into_owned(), read.ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_request_an_idle_connection_and_a_stalled_body_are_closed() {
    let (addr, _stop) = server(256).await;

    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: hailong\r\n").await.unwrap();
    let (answer, closed) = until_closed(&mut slow).await;
    let closed = closed.expect("a half-sent request is not kept open");
    assert!(closed - started < Duration::from_secs(4), "closed after {:?}", closed - started);
    assert!(!answer.contains("200 OK"), "and never served: {answer}");

    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: hailong\r\n\r\n").await.unwrap();
    let served = Instant::now();
    let (answer, closed) = until_closed(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let closed = closed.expect("an idle keep-alive connection is closed");
    assert!(closed - served < Duration::from_secs(4), "closed after {:?}", closed - served);

    let mut stalled = TcpStream::connect(addr).await.unwrap();
    let head = "POST /login HTTP/1.1\r\nHost: hailong\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                Content-Length: 1000\r\n\r\nusername=a";
    stalled.write_all(head.as_bytes()).await.unwrap();
    let sent = Instant::now();
    let (answer, closed) = until_closed(&mut stalled).await;
    let closed = closed.expect("a stalled body does not hold the connection");
    assert!(closed - sent < Duration::from_secs(5), "closed after {:?}", closed - sent);
    assert!(!answer.starts_with("HTTP/1.1 2") && !answer.starts_with("HTTP/1.1 3"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_hold_more_connections_than_its_cap() {
    let (addr, _stop) = server(3).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await; // the server has taken the three
    let mut fourth = TcpStream::connect(addr).await.unwrap();
    let _ = fourth.write_all(b"GET /healthz HTTP/1.1\r\nHost: hailong\r\n\r\n").await;
    let started = Instant::now();
    let (answer, closed) = until_closed(&mut fourth).await;
    assert!(answer.is_empty(), "the fourth is not served: {answer}");
    assert!(closed.expect("closed") - started < Duration::from_millis(900), "at once, not after the timeout");

    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut again = TcpStream::connect(addr).await.unwrap();
    again.write_all(b"GET /healthz HTTP/1.1\r\nHost: hailong\r\nConnection: close\r\n\r\n").await.unwrap();
    let (answer, _) = until_closed(&mut again).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "a place given back is taken again: {answer}");
}
