//! One's own account: signing in and out (`login`), changing one's password (`password`).

mod login;
mod password;

pub use login::{login, login_page, logout};
pub use password::{change as change_password, page as password_page};
