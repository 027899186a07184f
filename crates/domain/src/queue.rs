//! The ticket the queue-ticket software says a counter is serving, as the counter's tablet shows it.

pub const MAX_TICKET_CHARS: usize = 20;

/// What the API's description says of a ticket besides its length: some character that is not white space (Rust's
/// `char::is_whitespace`, Unicode's `White_Space`, listed).
pub const TICKET_PATTERN: &str = r"[^\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// The ticket to show (trimmed), or `None` unless it is 1 to [`MAX_TICKET_CHARS`] characters as sent and not only
/// white space. The length is counted before trimming so that the description can state it as `maxLength`.
pub fn check_ticket(sent: &str) -> Option<&str> {
    let ticket = sent.trim();
    (!ticket.is_empty() && sent.chars().count() <= MAX_TICKET_CHARS).then_some(ticket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_is_shown_trimmed_and_counted_as_sent() {
        assert_eq!(check_ticket(" A-012 "), Some("A-012"));
        assert_eq!(check_ticket(&"9".repeat(MAX_TICKET_CHARS)), Some("99999999999999999999"));
        assert_eq!(check_ticket(&format!(" {}", "9".repeat(MAX_TICKET_CHARS))), None, "21 characters as sent");
        assert_eq!(check_ticket(""), None);
        assert_eq!(check_ticket("\u{3000}\t"), None, "only white space");
    }
}
