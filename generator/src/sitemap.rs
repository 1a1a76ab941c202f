//! sitemap.xml (an index of several files past 50,000 URLs, the protocol's limit) and robots.txt.
//! With several languages each page is listed in each, with its alternates (`xhtml:link`).

use crate::langues::prefix;
use crate::render::{page_url, Site};
use crate::views::escape;

/// Most URLs one sitemap file may list.
const MAX_URLS: usize = 50_000;

/// Every page's URL path in every language, the error pages (404, 413, 50x) aside.
pub fn urls(site: &Site) -> Vec<String> {
    entries(site).into_iter().map(|e| e.url).collect()
}

/// One URL of the sitemap and the languages it exists in (empty: French only).
struct Entry {
    url: String,
    /// (language, URL path) of each version, this one included.
    alternates: Vec<(String, String)>,
}

fn entries(site: &Site) -> Vec<Entry> {
    let content = site.content();
    let mut french = vec!["/".to_string()];
    french.extend(content.pages.iter().map(|p| page_url(&p.slug)));
    let stats_after = french.len();
    for school in &content.schools {
        french.extend(crate::render::school_urls(&school.etablissement));
    }
    let langues: Vec<&str> = site.langue_codes().collect();
    let mut entries = Vec::with_capacity(french.len() * langues.len() + 1);
    for (i, lang) in langues.iter().enumerate() {
        for (j, url) in french.iter().enumerate() {
            if i == 0 && j == stats_after {
                // The statistics exist in French only.
                entries.push(Entry {
                    url: "/stats/".into(),
                    alternates: Vec::new(),
                });
            }
            let alternates = if langues.len() > 1 {
                langues
                    .iter()
                    .map(|l| (l.to_string(), format!("{}{url}", prefix(l))))
                    .collect()
            } else {
                Vec::new()
            };
            entries.push(Entry {
                url: format!("{}{url}", prefix(lang)),
                alternates,
            });
        }
    }
    entries
}

/// (file name, text) of sitemap.xml (and sitemap-N.xml) and robots.txt.
pub fn files(site: &Site) -> Vec<(String, String)> {
    let base = &site.content().site.url_base;
    let urls = entries(site);
    let mut files = Vec::new();
    let chunks: Vec<&[Entry]> = urls.chunks(MAX_URLS).collect();
    if chunks.len() <= 1 {
        files.push(("sitemap.xml".to_string(), urlset(base, &urls)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in chunks.iter().enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str(&format!("<sitemap><loc>{}/{name}</loc></sitemap>\n", escape(base)));
            files.push((name, urlset(base, chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(("sitemap.xml".to_string(), index));
    }
    files.push((
        "robots.txt".to_string(),
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"),
    ));
    files
}

fn urlset(base: &str, urls: &[Entry]) -> String {
    let mut xml = String::with_capacity(urls.len() * 80 + 200);
    if urls.iter().any(|e| !e.alternates.is_empty()) {
        xml.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
    } else {
        xml.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
    }
    for entry in urls {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&format!("{base}{}", entry.url)));
        xml.push_str("</loc>");
        for (lang, url) in &entry.alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                escape(&format!("{base}{url}"))
            ));
        }
        if let Some((_, url)) = entry.alternates.first() {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                escape(&format!("{base}{url}"))
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
