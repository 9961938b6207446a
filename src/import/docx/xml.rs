//! A small element tree over `quick-xml` events, with namespaces resolved.
//!
//! WordprocessingML is deeply nested and its meaning depends on ancestors
//! (a `w:t` inside `w:del` is deleted text, inside `w:txbxContent` it is a
//! text box), so the readers walk a tree rather than a flat event stream.
//! Parts are small (a long report's `document.xml` is a few MB), so the tree
//! costs little. Prefixes are resolved to a closed set of namespaces
//! ([`Ns`]) because producers are free to choose them: LibreOffice, WPS and
//! Word all write `w:`, but nothing requires it, and Strict OOXML uses other
//! namespace URIs for the same elements.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The namespaces the readers look at; everything else is [`Ns::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (`w:`).
    W,
    /// Relationships (`r:` attributes like `r:embed`).
    R,
    /// DrawingML wordprocessing drawing (`wp:`): inline/anchored drawings.
    Wp,
    /// DrawingML main (`a:`): graphics, blips.
    A,
    /// Office math (`m:`).
    M,
    /// VML (`v:`), legacy shapes and images.
    V,
    /// Markup compatibility (`mc:`): `AlternateContent`.
    Mc,
    /// Package relationships (`.rels` files).
    Rel,
    /// No namespace (unprefixed attributes).
    None,
    Other,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | "http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::R,
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        | "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns::Wp,
        "http://schemas.openxmlformats.org/drawingml/2006/main" | "http://purl.oclc.org/ooxml/drawingml/main" => Ns::A,
        "http://schemas.openxmlformats.org/officeDocument/2006/math"
        | "http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
        "urn:schemas-microsoft-com:vml" => Ns::V,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rel,
        _ => Ns::Other,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub ns: Ns,
    pub name: String,
    attrs: Vec<(Ns, String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub(crate) fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    pub(crate) fn attr(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, k, _)| *n == ns && k == name).map(|(_, _, v)| v.as_str())
    }

    /// `w:val`, the attribute most WordprocessingML properties carry.
    pub(crate) fn val(&self) -> Option<&str> {
        self.attr(Ns::W, "val")
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub(crate) fn child(&self, ns: Ns, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// The text directly inside this element.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                s.push_str(t);
            }
        }
        s
    }

    /// Any descendant (depth first) satisfying `f`.
    pub(crate) fn find(&self, f: &impl Fn(&Element) -> bool) -> Option<&Element> {
        for e in self.elements() {
            if f(e) {
                return Some(e);
            }
            if let Some(d) = e.find(f) {
                return Some(d);
            }
        }
        None
    }

    /// A boolean property (`<w:b/>`, `<w:b w:val="0"/>`): absent is `None`.
    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        self.child(Ns::W, name).map(|e| !matches!(e.val(), Some("0" | "false" | "off")))
    }
}

/// Parses one XML part into its root element. The error is a short reason;
/// the caller names the part and the file.
pub(crate) fn parse(bytes: &[u8]) -> Result<Element, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "not UTF-8 XML".to_string())?;
    let mut reader = Reader::from_str(text);
    // Prefix bindings in scope, innermost last; one frame per open element.
    let mut scopes: Vec<Vec<(String, Ns)>> = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event =
            reader.read_event().map_err(|e| format!("malformed XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => return Err("content after the root element".into()),
            Event::Start(start) => {
                let (el, frame) = open(&start, &scopes)?;
                scopes.push(frame);
                stack.push(el);
            }
            Event::Empty(start) => {
                let (el, _) = open(&start, &scopes)?;
                attach(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                scopes.pop();
                let el = stack.pop().ok_or("unbalanced end tag")?;
                attach(&mut stack, &mut root, el);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unexpected end of XML".into());
    }
    root.ok_or_else(|| "no root element".into())
}

fn push_text(stack: &mut [Element], t: &str) {
    if let Some(top) = stack.last_mut() {
        match top.children.last_mut() {
            Some(Node::Text(prev)) => prev.push_str(t),
            _ => top.children.push(Node::Text(t.to_string())),
        }
    }
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

fn lookup(scopes: &[Vec<(String, Ns)>], frame: &[(String, Ns)], prefix: &str) -> Ns {
    frame
        .iter()
        .rev()
        .chain(scopes.iter().rev().flat_map(|f| f.iter().rev()))
        .find(|(p, _)| p == prefix)
        .map_or(if prefix.is_empty() { Ns::None } else { Ns::Other }, |(_, ns)| *ns)
}

fn open(start: &BytesStart, scopes: &[Vec<(String, Ns)>]) -> Result<(Element, Vec<(String, Ns)>), String> {
    let mut frame = Vec::new();
    let mut raw = Vec::new();
    for a in start.attributes().with_checks(false) {
        let a = a.map_err(|e| format!("malformed attribute: {e}"))?;
        let key = a.key.into_inner().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("malformed attribute value: {e}"))?
            .into_owned();
        if key == "xmlns" {
            frame.push((String::new(), ns_of(&value)));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            frame.push((p.to_string(), ns_of(&value)));
        } else {
            raw.push((key, value));
        }
    }
    let qname = start.name().into_inner();
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    let ns = lookup(scopes, &frame, prefix);
    let attrs = raw
        .into_iter()
        .map(|(k, v)| match k.split_once(':') {
            Some((p, l)) => (lookup(scopes, &frame, p), l.to_string(), v),
            None => (Ns::None, k, v),
        })
        .collect();
    Ok((Element { ns, name: local.to_string(), attrs, children: Vec::new() }, frame))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_text_and_entities() {
        let x = br#"<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:t xml:space="preserve">a &amp; b&#x4E00;</x:t><x:blip rel:embed="rId1" x:val="0"/></x:document>"#;
        let root = parse(x).unwrap();
        assert!(root.is(Ns::W, "document"));
        assert_eq!(root.child(Ns::W, "t").unwrap().text(), "a & b一");
        let blip = root.child(Ns::W, "blip").unwrap();
        assert_eq!(blip.attr(Ns::R, "embed"), Some("rId1"));
        assert_eq!(blip.val(), Some("0"));
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"\xff\xfe").is_err());
        assert!(parse(b"").is_err());
    }
}
