//! The static-site generator: loads content/ (every error at once, each with file:line),
//! renders the theme's tera templates and writes public/.

mod error;
mod load;
pub mod markdown;
pub mod yaml;

pub use error::{ContentError, ContentErrors};
pub use load::{load_content, Content, School};
pub use markdown::Page;
