//! Ratings only from our own form. A page elsewhere could make its visitors' browsers post votes to
//! `/q/{token}`; browsers say where a post comes from (`Sec-Fetch-Site`, `Origin`), and a post that says it comes
//! from another site is refused. A browser that says nothing (old ones, some privacy settings) is believed: the
//! citizen's form must keep working for them.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::{AppError, AppState};
use crate::i18n::Locale;
use crate::pages::notice::Notice;

/// A request that does not come from another site.
pub struct FromOwnSite;

impl FromRequestParts<AppState> for FromOwnSite {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let fetch_site_ok = header("sec-fetch-site").is_none_or(|site| matches!(site, "same-origin" | "none"));
        let host = header(header::HOST.as_str());
        let origin_ok = header(header::ORIGIN.as_str())
            .is_none_or(|origin| origin_is_ours(origin, host, &state.settings.public_url));
        if fetch_site_ok && origin_ok {
            Ok(FromOwnSite)
        } else {
            tracing::warn!(origin = ?header(header::ORIGIN.as_str()), "cross-site post refused");
            Err(AppError::notice(Notice::CrossSite, Locale::Vi))
        }
    }
}

/// `Origin` names this server: the host the browser asked for, or the configured public address.
fn origin_is_ours(origin: &str, host: Option<&str>, public_url: &str) -> bool {
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    let public = public_url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or(rest));
    authority.is_some_and(|a| Some(a) == host || Some(a) == public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_ours_when_it_names_the_host_or_the_public_address() {
        let public = "https://danhgia.example.gov.vn";
        assert!(origin_is_ours("http://127.0.0.1:3000", Some("127.0.0.1:3000"), public));
        assert!(origin_is_ours("https://danhgia.example.gov.vn", Some("10.0.0.5:3000"), public));
        assert!(!origin_is_ours("https://evil.example", Some("127.0.0.1:3000"), public));
        assert!(!origin_is_ours("null", Some("127.0.0.1:3000"), public), "an opaque origin (sandboxed page)");
        assert!(!origin_is_ours("https://127.0.0.1:3000.evil.example", Some("127.0.0.1:3000"), public));
    }
}
