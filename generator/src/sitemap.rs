//! sitemap.xml (an index of several files past 50,000 URLs, the protocol's limit) and robots.txt.

use crate::render::{page_url, Site};
use crate::views::escape;

/// Most URLs one sitemap file may list.
const MAX_URLS: usize = 50_000;

/// Every page's URL path, the error pages (404, 413, 50x) aside.
pub fn urls(site: &Site) -> Vec<String> {
    let content = site.content();
    let mut urls = vec!["/".to_string()];
    urls.extend(content.pages.iter().map(|p| page_url(&p.slug)));
    urls.push("/stats/".into());
    for school in &content.schools {
        urls.extend(crate::render::school_urls(&school.etablissement));
    }
    urls
}

/// (file name, text) of sitemap.xml (and sitemap-N.xml) and robots.txt.
pub fn files(site: &Site) -> Vec<(String, String)> {
    let base = &site.content().site.url_base;
    let urls = urls(site);
    let mut files = Vec::new();
    let chunks: Vec<&[String]> = urls.chunks(MAX_URLS).collect();
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

fn urlset(base: &str, urls: &[String]) -> String {
    let mut xml = String::with_capacity(urls.len() * 80 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&format!("{base}{url}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
