//! Serving connections with bounds: `axum::serve` has no timers and no caps of its own, so a client could hold a
//! socket open with half a request, or open thousands. Here every connection gets hyper's header-read timeout
//! (which also closes a keep-alive connection left idle) and a place under a cap on connections in all and per
//! client address. Over a cap, a new connection is closed at once: the ones already served keep going. The TLS
//! handshake counts against the header-read timeout. Bounds on each request (body pauses, a deadline) are the
//! application's own layers (`web::deadline`), so they hold however it is served.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::places::Places;

/// The bounds of `HAILONG_HEADER_TIMEOUT_SECONDS` and its neighbours (`config::ConnectionConfig`).
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// From accepting a connection (or finishing an answer on it) to the end of the next request's head.
    pub header_read: Duration,
    pub max_connections: usize,
    /// `None` behind a trusted reverse proxy, where every connection comes from the proxy's address.
    pub max_per_client: Option<usize>,
}

/// Serves `app` on `listener` (over TLS with `tls`) within `limits` until `shutdown` completes; then stops
/// accepting and lets the connections finish their requests, for at most 30 s.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(limits.header_read);
    let builder = Arc::new(builder);
    let places = Places::new(limits.max_connections);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let per_client = limits.max_per_client.map(|cap| (peer.ip(), cap));
        let Ok(place) = places.take(per_client.into_iter().collect()) else {
            tracing::debug!(%peer, "connection over the cap, closed");
            continue;
        };
        let service = app.clone().map_request(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let (builder, watcher, tls) = (builder.clone(), graceful.watcher(), tls.clone());
        tokio::spawn(async move {
            let _place = place;
            let service = hyper_util::service::TowerToHyperService::new(service);
            let io: Box<dyn Io> = match tls {
                None => Box::new(stream),
                Some(acceptor) => match tokio::time::timeout(limits.header_read, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => Box::new(stream),
                    _ => return,
                },
            };
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(%peer, error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open 30 s after the stop were dropped");
    }
    Ok(())
}

/// A connection's stream, plain or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}
