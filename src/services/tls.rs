//! The process's TLS provider: ring, for serving HTTPS and for outgoing webhooks (it builds with the C compiler
//! every machine has; aws-lc-rs would want cmake).

/// Makes ring the process's provider. Only the first call installs it; later ones are harmless.
pub fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
