//! Markdown files with a YAML front matter (`---` … `---`), as written in content/pages/ and
//! in each school's accueil.md.

use crate::error::ContentError;
use crate::yaml;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use std::path::Path;

/// The largest Markdown file accepted: 2 MiB. The longest real page (aide.md) is 4 KB; even
/// a long legal notice stays under 100 KB. A file near this size is a mistake or an attack
/// on whoever builds the site: it is refused before it is parsed. Its front matter is YAML,
/// held to [`yaml::MAX_YAML_BYTES`] and the other YAML limits.
pub const MAX_MARKDOWN_BYTES: u64 = 2 * 1024 * 1024;

/// The front matter of a Markdown file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title: the `<h1>` and the `<title>`.
    pub titre: String,
    /// One-sentence summary, used as the page's meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Text of the page's link in the footer, when it differs from the title (the accessibility
    /// statement's link must say the conformity status: "Accessibilité : partiellement conforme").
    #[serde(default)]
    pub lien: Option<String>,
}

/// A Markdown file, parsed and rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name without `.md` (the URL segment of content pages).
    pub slug: String,
    /// Title from the front matter.
    pub titre: String,
    /// Summary from the front matter.
    pub description: Option<String>,
    /// Footer link text from the front matter.
    pub lien: Option<String>,
    /// The Markdown source (after the front matter).
    pub markdown: String,
    /// The rendered HTML.
    pub html: String,
    /// Its translations, by language code, from `<slug>.<code>.md` beside it.
    pub traductions: std::collections::BTreeMap<String, Page>,
}

/// Reads a Markdown file with front matter; every problem is returned with its line. A text
/// over [`MAX_MARKDOWN_BYTES`] is refused unparsed.
pub fn parse_page(path: &Path, slug: &str, text: &str) -> Result<Page, Vec<ContentError>> {
    if text.len() as u64 > MAX_MARKDOWN_BYTES {
        let message = yaml::too_big("fichier Markdown", text.len() as u64, MAX_MARKDOWN_BYTES);
        return Err(vec![ContentError::file(path, message)]);
    }
    let (front, body) = split_front_matter(text).map_err(|message| vec![ContentError::file(path, message)])?;
    let (matter, problems) = yaml::from_str::<FrontMatter>(front);
    let errors: Vec<ContentError> = problems
        .into_iter()
        .map(|p| {
            ContentError::at(
                path,
                (p.line + 1, p.column),
                format!("en-tête (front matter) : {}", p.message),
            )
        })
        .collect();
    let Some((matter, _)) = matter.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    if matter.titre.trim().is_empty() {
        return Err(vec![ContentError::at(
            path,
            (2, 1),
            "en-tête (front matter) : titre vide",
        )]);
    }
    Ok(Page {
        slug: slug.to_string(),
        titre: matter.titre,
        description: matter.description,
        lien: matter.lien,
        html: render(body),
        markdown: body.to_string(),
        traductions: Default::default(),
    })
}

/// Splits `---\nYAML\n---\nbody` into the YAML and the body.
fn split_front_matter(text: &str) -> Result<(&str, &str), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(
            "en-tête (front matter) manquant : le fichier doit commencer par une ligne ---, puis « titre: … », puis une ligne ---"
                .into(),
        );
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if line.trim_end() == "---" {
            return Ok((&text[start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("en-tête (front matter) non fermé : ajoutez une ligne --- après « titre: … »".into())
}

/// Markdown to HTML. Raw HTML is shown as text (content is written by staff, the site is
/// static: no script or style may slip in), and `# Titre` becomes `<h2>` since the page
/// template already has the `<h1>`. `## Titre {#ancre}` sets an anchor.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => Event::End(TagEnd::Heading(HeadingLevel::H2)),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body() {
        let page = parse_page(
            Path::new("a.md"),
            "a",
            "---\ntitre: Aide\n---\n# Cantine {#demi-pension}\n\nTexte.\n",
        )
        .unwrap();
        assert_eq!(page.titre, "Aide");
        assert!(
            page.html.contains("<h2 id=\"demi-pension\">Cantine</h2>"),
            "{}",
            page.html
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert!(render("<script>alert(1)</script>").contains("&lt;script&gt;"));
    }

    #[test]
    fn front_matter_problems_point_at_their_line() {
        let errs = parse_page(Path::new("a.md"), "a", "---\ntitre: Aide\ntitle: x\n---\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(
            errs[0].message.contains("clé inconnue « title »"),
            "{}",
            errs[0].message
        );
        let errs = parse_page(Path::new("a.md"), "a", "Bonjour\n").unwrap_err();
        assert!(errs[0].message.contains("manquant"));
        let errs = parse_page(Path::new("a.md"), "a", "---\ntitre: Aide\n").unwrap_err();
        assert!(errs[0].message.contains("non fermé"));
    }
}
