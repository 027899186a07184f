//! hailong serving HTTPS itself (counter tablets need a secure context, and a commune may have no reverse proxy): a
//! certificate made here, the server on a free port, a client that trusts only that certificate.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::db::TestDb;
use crate::fixture::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hailong_serves_https_from_a_pem_certificate_and_key() {
    let world = world(TestDb::sqlite().await).await;
    let certified = rcgen::generate_simple_self_signed(vec!["motcua.test".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let tls = hailong::startup::tls_config(&cert, &key).await.expect("a PEM certificate and key");
    assert!(hailong::startup::tls_config(&key, &cert).await.is_err(), "swapped files are refused at start-up");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = hailong::startup::connection_limits(&crate::fixture::test_config(1000));
    let server = tokio::spawn(hailong::startup::serve(listener, world.router(), Some(tls), limits, async {
        let _ = stopped.await;
    }));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("motcua.test").unwrap();
    let mut stream = connector.connect(name, tcp).await.expect("a TLS handshake with the configured certificate");
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: motcua.test\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""status":"ok""#));

    // No cleartext on the TLS port.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain.write_all(b"GET /healthz HTTP/1.1\r\nHost: motcua.test\r\n\r\n").await.unwrap();
    let mut refused = Vec::new();
    let _ = plain.read_to_end(&mut refused).await;
    assert!(!String::from_utf8_lossy(&refused).contains("200 OK"));

    stop.send(()).unwrap();
    server.await.unwrap().expect("a clean stop");
}
