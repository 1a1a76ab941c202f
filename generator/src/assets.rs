//! Static assets as published: the theme's CSS and JS are written by hand, with comments and
//! indentation for the next maintainer; families on a phone need neither. A conservative
//! compaction drops whole-line comments, indentation and blank lines — nothing that can change
//! what the code means — and leaves a file untouched when it holds a construct where line
//! contents matter (template literals, line continuations). In JavaScript, a line holding no
//! `/` (no regex, comment nor division) loses its spaces beside operators and brackets; a line ending
//! a statement or opening a block (`;`, `{`, `,`) and holding no `//` is joined to the next;
//! in CSS, where line breaks and most spaces mean nothing, comments and the spaces around
//! `{ } ; , :` go, strings kept as written. The form page has a weight budget (60 ko).

use anyhow::{bail, Context};
use std::borrow::Cow;
use std::path::Path;

/// The theme's folder of script pieces that several scripts share (`themes/<theme>/inclus/`).
pub const INCLUDES_DIR: &str = "inclus";

/// A script's text with each line `// @inclure NAME …` replaced by the theme's `inclus/NAME`:
/// what several scripts share is written once in the theme and published inside each of them
/// (no extra request on any page). A missing piece, or a name that is not a plain file name,
/// stops the build with the script's line.
pub fn expand_includes<'a>(text: &'a str, includes: &Path) -> anyhow::Result<Cow<'a, str>> {
    if !text.contains("// @inclure") {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len() * 2);
    for (number, line) in text.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("// @inclure") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let name = rest.split_whitespace().next().unwrap_or("");
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
            bail!(
                "ligne {} : « @inclure » attend un nom de fichier de {INCLUDES_DIR}/, pas « {name} »",
                number + 1
            );
        }
        let path = includes.join(name);
        let piece = std::fs::read_to_string(&path)
            .with_context(|| format!("ligne {} : lecture de {}", number + 1, path.display()))?;
        out.push_str(&piece);
        if !piece.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(Cow::Owned(out))
}

/// The compacted text of a `.css` or `.js` file, or `None` to copy it as it is.
pub fn compact(extension: &str, text: &str) -> Option<String> {
    let js = match extension {
        "js" => true,
        "css" => false,
        _ => return None,
    };
    let mut out = String::with_capacity(text.len());
    let mut in_block_comment = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block_comment {
            in_block_comment = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            if !t.contains("*/") {
                in_block_comment = true;
                continue;
            }
            // A comment that closes on its line and is followed by code keeps the code.
            if !t.ends_with("*/") {
                return None;
            }
            continue;
        }
        if t.is_empty() || (js && t.starts_with("//")) {
            continue;
        }
        if t.contains('`') || t.ends_with('\\') {
            return None;
        }
        // A line without `/` holds no regex, comment nor division: its spaces beside an
        // operator or a bracket go (strings kept as written).
        let squeezed;
        let t = if js && !t.contains('/') {
            squeezed = squeeze_js(t);
            squeezed.as_str()
        } else {
            t
        };
        // Joining after `;`, `{` or `,` cannot change a statement; a line holding `//` (a
        // trailing comment, a URL, a regex) is left alone.
        let joinable = |line: &str| js && !line.contains("//") && line.ends_with([';', '{', ',']);
        if out.ends_with('\n') && joinable(out.trim_end_matches('\n').rsplit('\n').next().unwrap_or("")) {
            out.pop();
        }
        out.push_str(t);
        out.push('\n');
    }
    Some(if js { out } else { tighten_css(&out) })
}

/// A line of JavaScript holding no `/` without the spaces that separate nothing: a space
/// stays only between two identifier characters (`var a`, `typeof n`) and between `+ +` or
/// `- -` (`a + ++b`); quoted strings are copied as they are.
fn squeeze_js(line: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        out.extend(chars.next());
                    } else if d == c {
                        break;
                    }
                }
            }
            ' ' => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                let (Some(before), Some(&after)) = (out.chars().next_back(), chars.peek()) else {
                    continue;
                };
                if (word(before) && word(after)) || (before == after && (after == '+' || after == '-')) {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// CSS without comments, line breaks, and spaces around `{ } ; , :` (after `:` only: before
/// one a space is a descendant selector); quoted strings untouched.
fn tighten_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                if space && !out.ends_with(['{', '}', ';', ',', ':']) && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' => {
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                space = false;
            }
            _ => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::{compact, expand_includes};

    #[test]
    fn a_shared_piece_is_written_where_a_script_names_it_and_a_bad_name_stops_the_build() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.js"), "function t(n) {\n  return n;\n}\n").unwrap();
        let script = "(function () {\n  // @inclure t.js (why)\n  t(\"a\");\n})();\n";
        assert_eq!(
            expand_includes(script, dir.path()).unwrap(),
            "(function () {\nfunction t(n) {\n  return n;\n}\n  t(\"a\");\n})();\n"
        );
        let untouched = "var a = 1;\n";
        assert!(matches!(
            expand_includes(untouched, dir.path()).unwrap(),
            std::borrow::Cow::Borrowed(_)
        ));
        let missing = format!(
            "{:#}",
            expand_includes("x();\n// @inclure absent.js\n", dir.path()).unwrap_err()
        );
        assert!(
            missing.contains("ligne 2") && missing.contains("absent.js"),
            "{missing}"
        );
        for name in ["../static/dossiersco.js", ".cache", "a/b.js", ""] {
            let script = format!("// @inclure {name}\n");
            assert!(expand_includes(&script, dir.path()).is_err(), "{name}");
        }
    }

    #[test]
    fn comments_indentation_and_blank_lines_go_code_stays() {
        let js = "// a comment\n(function () {\n  /* block\n     on two lines */\n  var a = \"//not a comment\";\n\n  return a; // kept: not a whole line\n})();\n";
        assert_eq!(
            compact("js", js).unwrap(),
            "(function(){var a = \"//not a comment\";\nreturn a; // kept: not a whole line\n})();\n"
        );
        let css = "/* theme */\nbody {\n  color: #111;\n}\n";
        assert_eq!(compact("css", css).unwrap(), "body{color:#111}\n");
    }

    #[test]
    fn javascript_lines_are_joined_only_where_a_statement_ended() {
        let js = "var a = 1,\n  b = 2;\nif (a) {\n  f()\n}\n(g)();\nvar u = \"http://x\";\nh();\n";
        assert_eq!(
            compact("js", js).unwrap(),
            "var a=1,b=2;if(a){f()\n}\n(g)();var u = \"http://x\";\nh();\n"
        );
    }

    #[test]
    fn javascript_spaces_go_beside_operators_not_in_strings_nor_on_lines_with_a_slash() {
        let js = "if (a === \"x  y\" && b) { c = d + ++e - -f; }\nreturn typeof n === 'a b' ? g(1, 2) : h;\nvar r = /a b/.test(x) ? 1 : 2;\n";
        assert_eq!(
            compact("js", js).unwrap(),
            "if(a===\"x  y\"&&b){c=d+ ++e- -f;}\nreturn typeof n==='a b'?g(1,2):h;var r = /a b/.test(x) ? 1 : 2;\n"
        );
    }

    #[test]
    fn css_spaces_go_but_strings_selectors_and_values_stay() {
        let css = ":root {\n  --a: #fff; /* 16:1 */\n}\n.fil li + li::before { content: \"› \"; margin: 0 0.5rem; }\nh1, h2 .x :focus { font: 1rem \"Segoe UI\", sans-serif !important; }\n@media (min-width: 40em) { .a > b { top: calc(1rem + 2px); } }\n";
        assert_eq!(
            compact("css", css).unwrap(),
            ":root{--a:#fff}.fil li + li::before{content:\"› \";margin:0 0.5rem}h1,h2 .x :focus{font:1rem \"Segoe UI\",sans-serif !important}@media (min-width:40em){.a > b{top:calc(1rem + 2px)}}\n"
        );
    }

    #[test]
    fn risky_files_are_left_as_they_are() {
        assert_eq!(compact("js", "var s = `a\n  b`;\n"), None);
        assert_eq!(compact("js", "var s = \"a\\\n  b\";\n"), None);
        assert_eq!(compact("css", "/* x */ body { }\n"), None);
        assert_eq!(compact("svg", "<svg/>"), None);
    }
}
