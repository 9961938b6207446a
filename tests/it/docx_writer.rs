//! A small writer of real `.docx` packages for the import tests.
//!
//! It writes the parts Word itself writes for the features under test —
//! styles with outline levels, multilevel numbering definitions, footnotes,
//! header and footer parts, comments, media — zipped with deflate like a
//! saved Word file. Paragraph XML is written by the tests with the helpers
//! below, so each test shows exactly which WordprocessingML it feeds in.

#![allow(dead_code)]

use std::io::Write;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A 1×1 PNG.
pub const PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082";

pub fn png() -> Vec<u8> {
    (0..PNG.len()).step_by(2).map(|i| u8::from_str_radix(&PNG[i..i + 2], 16).unwrap()).collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A plain run.
pub fn r(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

/// A bold run.
pub fn b(text: &str) -> String {
    format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

/// A paragraph with optional style and raw run XML.
pub fn p(style: Option<&str>, runs: &str) -> String {
    match style {
        Some(s) => format!("<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>{runs}</w:p>"),
        None => format!("<w:p>{runs}</w:p>"),
    }
}

/// A paragraph with direct automatic numbering.
pub fn numbered(num_id: u32, ilvl: u32, runs: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>{runs}</w:p>"
    )
}

/// Text split into runs of `n` characters (Word splits runs anywhere).
pub fn split_runs(text: &str, n: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(n)
        .map(|c| r(&c.iter().collect::<String>()))
        .collect::<Vec<_>>()
        .join("<w:proofErr w:type=\"spellStart\"/>")
}

/// Inline picture referencing relationship `rid`.
pub fn picture(rid: &str, descr: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Picture 1" descr="{descr}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

/// A floating text box (DrawingML shape with text), as Word 2010+ writes it.
pub fn text_box(text: &str) -> String {
    format!(
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="2" name="Text Box 2"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
        esc(text),
        esc(text)
    )
}

/// Styles: Normal, Title, heading 1–3 (outline levels 0–2, the first two
/// linked to numbering instance 1 like a GB/T 9704 template), caption.
pub fn styles(with_numbering: bool) -> String {
    let num = |lvl: u32| {
        if with_numbering {
            format!("<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"1\"/></w:numPr>")
        } else {
            String::new()
        }
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr>{}<w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr>{}<w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="caption"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="character" w:styleId="a7"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#,
        num(0),
        num(1)
    )
}

/// GB/T 9704 multilevel numbering: 一、 （一） 1. （1）, as instance 1;
/// instance 2 shares the definition and restarts level 1 at 一.
pub fn gbt_numbering() -> String {
    let lvl = |i: u32, fmt: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"{i}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:suff w:val=\"nothing\"/></w:lvl>"
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>"#,
        lvl(0, "chineseCounting", "%1、"),
        lvl(1, "chineseCounting", "（%2）"),
        lvl(2, "decimal", "%3."),
        lvl(3, "decimal", "（%4）")
    )
}

/// Parts of a package beyond document.xml.
#[derive(Default)]
pub struct Docx {
    /// Inner XML of `w:body`.
    pub body: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    /// Inner XML of `w:footnotes` (beyond the separators).
    pub footnotes: Option<String>,
    /// Inner XML of the header and footer parts.
    pub header: Option<String>,
    pub footer: Option<String>,
    /// Inner XML of `w:comments`.
    pub comments: Option<String>,
    /// (relationship id, file name, bytes) under word/media/.
    pub media: Vec<(String, String, Vec<u8>)>,
}

const ROOT_NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"mc:Ignorable="wps""#
);

impl Docx {
    pub fn bytes(&self) -> Vec<u8> {
        let mut rels = Vec::new();
        let mut overrides = Vec::new();
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let mut add = |name: &str, rel_type: &str, content_type: &str, xml: String| {
            let id = format!("rIdP{}", rels.len() + 1);
            rels.push(format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{rel_type}" Target="{name}"/>"#
            ));
            overrides.push(format!(
                r#"<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{content_type}+xml"/>"#
            ));
            parts.push((format!("word/{name}"), xml.into_bytes()));
            id
        };
        let xml = |root: &str, inner: &str| {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:{root} {ROOT_NS}>{inner}</w:{root}>"
            )
        };
        if let Some(s) = &self.styles {
            add("styles.xml", "styles", "styles", s.clone());
        }
        if let Some(n) = &self.numbering {
            add("numbering.xml", "numbering", "numbering", n.clone());
        }
        if let Some(f) = &self.footnotes {
            let sep = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#;
            add("footnotes.xml", "footnotes", "footnotes", xml("footnotes", &format!("{sep}{f}")));
        }
        let mut sect = String::from("<w:sectPr>");
        if let Some(h) = &self.header {
            let id = add("header1.xml", "header", "header", xml("hdr", h));
            sect.push_str(&format!(r#"<w:headerReference w:type="default" r:id="{id}"/>"#));
        }
        if let Some(f) = &self.footer {
            let id = add("footer1.xml", "footer", "footer", xml("ftr", f));
            sect.push_str(&format!(r#"<w:footerReference w:type="default" r:id="{id}"/>"#));
        }
        sect.push_str(r#"<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#);
        if let Some(c) = &self.comments {
            add("comments.xml", "comments", "comments", xml("comments", c));
        }
        for (id, name, _) in &self.media {
            rels.push(format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#
            ));
        }
        let document = xml("document", &format!("<w:body>{}{sect}</w:body>", self.body));

        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, bytes: &[u8]| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        };
        put(
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{}</Types>"#,
                overrides.join("")
            )
            .as_bytes(),
        );
        put(
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        );
        put(
            "word/_rels/document.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#,
                rels.join("")
            )
            .as_bytes(),
        );
        put("word/document.xml", document.as_bytes());
        for (name, bytes) in &parts {
            put(name, bytes);
        }
        for (_, name, bytes) in &self.media {
            put(&format!("word/media/{name}"), bytes);
        }
        zip.finish().unwrap().into_inner()
    }
}
