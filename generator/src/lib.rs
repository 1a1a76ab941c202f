//! The static-site generator: loads content/ (every error at once, each with file:line),
//! renders the theme's tera templates (compiled once, pages in parallel) and writes public/.
//!
//! - [`load_content`] → [`Content`] or [`ContentErrors`] (`dossiersco check`).
//! - [`Site`]: content + compiled theme. [`Site::build`] writes the whole site;
//!   [`Site::render_form_page`] renders one form with values and errors (the worker's 422 page).

pub mod assets;
mod build;
mod error;
mod fragments;
mod guard;
pub mod langues;
mod load;
mod manifest;
pub mod markdown;
mod personnel;
mod render;
mod sitemap;
mod stats;
pub mod views;
pub mod yaml;

pub use build::{build_site, BuildOptions, BuildReport, MANIFEST};
pub use error::{ContentError, ContentErrors};
pub use langues::{register_translations, Dictionaries, LangueView};
pub use load::{load_content, load_one_school, load_site_config, Content, School};
pub use markdown::Page;
pub use render::{register_theme_filters, school_urls, Site};
pub use sitemap::urls as sitemap_urls;
