//! Static assets as published: the theme's CSS and JS are written by hand, with comments and
//! indentation for the next maintainer; families on a phone need neither. A conservative
//! compaction drops whole-line comments, indentation and blank lines — nothing that can change
//! what the code means — and leaves a file untouched when it holds a construct where line
//! contents matter (template literals, line continuations).

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
        out.push_str(t);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn comments_indentation_and_blank_lines_go_code_stays() {
        let js = "// a comment\n(function () {\n  /* block\n     on two lines */\n  var a = \"//not a comment\";\n\n  return a; // kept: not a whole line\n})();\n";
        assert_eq!(
            compact("js", js).unwrap(),
            "(function () {\nvar a = \"//not a comment\";\nreturn a; // kept: not a whole line\n})();\n"
        );
        let css = "/* theme */\nbody {\n  color: #111;\n}\n";
        assert_eq!(compact("css", css).unwrap(), "body {\ncolor: #111;\n}\n");
    }

    #[test]
    fn risky_files_are_left_as_they_are() {
        assert_eq!(compact("js", "var s = `a\n  b`;\n"), None);
        assert_eq!(compact("js", "var s = \"a\\\n  b\";\n"), None);
        assert_eq!(compact("css", "/* x */ body { }\n"), None);
        assert_eq!(compact("svg", "<svg/>"), None);
    }
}
