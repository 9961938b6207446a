//! `annals import` of Word documents: real `.docx` packages written by
//! [`crate::docx_writer`], imported by the real binary, built into HTML.

use std::path::Path;
use std::process::Output;

use annals::import::{ImportOptions, convert_docx};

use crate::docx_writer::{Docx, b, gbt_numbering, numbered, p, picture, png, r, split_runs, styles, text_box};
use crate::fixture::Fixture;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn field(instr: &str, result: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        r(result)
    )
}

fn cell(inner: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p>{inner}</w:p></w:tc>")
}

/// A duty report as a bureau writes it in Word: GB/T 9704 numbering from
/// heading styles, a typed number, bold lead-in and bold-only heading, masks
/// split across runs, tracked changes, a comment, a table with merged cells,
/// a footnote, a captioned image, a text box, page numbers in the footer
/// and in the body, a table of contents field.
fn duty_report() -> Docx {
    let toc = format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> TOC \\o \"1-3\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}</w:p><w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        r("目录条目甲\t1"),
        r("目录条目乙\t2")
    );
    let lead_in = [
        b("一是"),
        b("强化理论学习"),
        r("。组织学习*"),
        r("*次，开展"),
        r("×"),
        r("×市专题调研，"),
        "<w:ins w:id=\"5\" w:author=\"a\"><w:r><w:t>新增内容，</w:t></w:r></w:ins>".into(),
        "<w:del w:id=\"6\" w:author=\"a\"><w:r><w:delText>已删除文字</w:delText></w:r></w:del>".into(),
        "<w:commentRangeStart w:id=\"0\"/>".into(),
        r("垃圾"),
        "<w:proofErr w:type=\"gramStart\"/><w:bookmarkStart w:id=\"9\" w:name=\"x\"/>".into(),
        r("分类"),
        "<w:bookmarkEnd w:id=\"9\"/><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>".into(),
        r("工作取得成效。"),
        "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>".into(),
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>".into(),
    ]
    .concat();
    let table = [
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>",
        &format!("<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>", cell(&b("项目"), ""), cell(&b("数量"), ""), cell(&b("备注"), "")),
        &format!(
            "<w:tr>{}{}{}</w:tr>",
            cell(&r("垃圾处理量"), "<w:vMerge w:val=\"restart\"/>"),
            cell(&(r("*") + &r("*万吨")), ""),
            cell(&r("同比增长XX%"), "")
        ),
        &format!("<w:tr>{}{}</w:tr>", cell("", "<w:vMerge/>"), cell(&r("合计另行统计"), "<w:gridSpan w:val=\"2\"/>")),
        "</w:tbl>",
    ]
    .concat();
    let body = [
        p(Some("a3"), &r("2023年度述责述廉报告")),
        toc,
        p(None, &(r("2023年，在市委的领导下，经济") + "<w:r><w:br/></w:r>" + &r("发展稳中向好，我认真履行职责。"))),
        p(Some("1"), &split_runs("述责述廉情况", 2)),
        p(Some("2"), &r("坚持勤学立德")),
        p(None, &lead_in),
        p(None, &r("1.加强领导")),
        p(None, &(r("我带头落实Annual") + "<w:r><w:tab/></w:r>" + &r("report制度。") + &field("PAGE", "3"))),
        p(Some("2"), &r("坚持履职尽责")),
        p(None, &r("表1 主要指标")),
        table,
        p(None, &picture("rIdImg1", "宣传照片")),
        p(Some("a5"), &r("图1 垃圾分类宣传现场")),
        p(None, &(r("见右侧说明。") + &text_box("文本框里的说明"))),
        p(Some("1"), &r("存在的问题")),
        p(Some("2"), &r("监督执纪还不够严")),
        p(None, &r("在监督检查上还缺乏有效抓手。")),
        p(None, &b("结束语")),
        p(None, &r("我将继续努力。")),
        p(None, &r("××市城市管理局局长")),
        p(None, &r("2024年1月15日")),
    ]
    .concat();
    Docx {
        body,
        styles: Some(styles(true)),
        numbering: Some(gbt_numbering()),
        footnotes: Some(format!(
            "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>",
            r(" 数据来源：市统计局。")
        )),
        header: Some(p(None, &r("页眉单位名称"))),
        footer: Some(p(None, &(r("第") + &field("PAGE", "1") + &r("页")))),
        comments: Some(format!("<w:comment w:id=\"0\" w:author=\"审核人\">{}</w:comment>", p(None, &r("批注内容")))),
        media: vec![("rIdImg1".into(), "image1.png".into(), png())],
    }
}

fn import(f: &Fixture, file: &str, args: &[&str]) -> Output {
    let mut all = vec!["import", file];
    all.extend_from_slice(args);
    f.run(&all)
}

#[test]
fn word_report_reads_like_the_printed_document() {
    let f = Fixture::new();
    // No .docx extension: Word files are recognised by their content.
    f.write("incoming/述责述廉报告", duty_report().bytes());
    let o = import(&f, "incoming/述责述廉报告", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("text box in paragraph"), "{err}");
    assert!(err.contains("under “（二）坚持履职尽责”"), "{err}");

    let md = std::fs::read_to_string(f.root().join("content/reports/2023/duty-report/index.md")).unwrap();
    let png_out = std::fs::read(f.root().join("content/reports/2023/duty-report/image1.png")).unwrap();
    assert_eq!(png_out, png());
    let fm: toml::Table = md.split("+++").nth(1).unwrap().parse().unwrap();
    assert_eq!(fm["title"].as_str(), Some("2023年度述责述廉报告"));
    assert_eq!(fm["date"].as_str(), Some("2024-01-15"));
    assert_eq!(fm["summary"].as_str(), Some("2023年，在市委的领导下，经济发展稳中向好，我认真履行职责。"));
    assert_eq!(fm["extra"]["imported_from"].as_str(), Some("述责述廉报告"));

    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "## 一、述责述廉情况",
            "### （一）坚持勤学立德",
            "#### 1.加强领导",
            "### （二）坚持履职尽责",
            "## 二、存在的问题",
            "### （一）监督执纪还不够严",
            "## 结束语",
        ]
    );
    let body = md.splitn(3, "+++").nth(2).unwrap();
    assert!(
        body.contains(
            "\n**一是强化理论学习**。组织学习\\*\\*次，开展××市专题调研，新增内容，垃圾分类工作取得成效。[^1]\n"
        ),
        "{body}"
    );
    assert!(body.contains("\n我带头落实Annual report制度。\n"), "{body}");
    assert!(body.contains("\n| 项目 | 数量 | 备注 |\n| --- | --- | --- |\n| 垃圾处理量 | \\*\\*万吨 | 同比增长XX% |\n|  | 合计另行统计 |  |\n"), "{body}");
    assert!(body.contains("合并单元格"), "{body}");
    assert!(body.contains("\n![图1 垃圾分类宣传现场](image1.png)\n"), "{body}");
    assert!(body.contains("\n图1 垃圾分类宣传现场\n"), "{body}");
    assert!(body.contains("\n[^1]: 数据来源：市统计局。\n"), "{body}");
    assert!(body.contains("{% closing() %}\n××市城市管理局局长\n2024年1月15日\n{% end %}"), "{body}");
    for absent in
        ["已删除文字", "批注内容", "页眉单位名称", "第1页", "目录条目", "隐藏文字", "文本框里的说明", "制度。3"]
    {
        assert!(!md.contains(absent), "{absent} imported:\n{md}");
    }

    f.build();
    let html = f.read("reports/2023/duty-report/index.html");
    let doc = &html[html.find("doc-body").unwrap()..];
    assert_eq!(doc.matches("<h2 id=").count(), 3, "{doc}");
    assert_eq!(doc.matches("<h3 id=").count(), 3);
    assert_eq!(doc.matches("<h4 id=").count(), 1);
    assert!(doc.contains("<strong>一是强化理论学习</strong>"));
    assert!(doc.contains("<span class=\"redacted\" role=\"img\" aria-label=\"已隐去\">**</span>"));
    assert!(doc.contains("class=\"redacted\""));
    assert!(doc.contains("<table>") && doc.contains("<th>项目</th>"), "{doc}");
    assert!(doc.contains("footnote-definition"), "{doc}");
    assert!(doc.contains("src=\"image1.png\"") && doc.contains("alt=\"图1 垃圾分类宣传现场\""), "{doc}");
    assert!(f.root().join("output/reports/2023/duty-report/image1.png").exists());
}

#[test]
fn strict_refuses_what_cannot_be_imported() {
    let f = Fixture::new();
    f.write("report.docx", duty_report().bytes());
    let o = import(&f, "report.docx", &["--strict"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("report.docx") && err.contains("text box") && err.contains("--strict"), "{err}");
    assert!(!f.root().join("content/reports").exists());
}

#[test]
fn broken_and_foreign_packages_are_rejected_by_name() {
    let f = Fixture::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"<workbook/>").unwrap();
    f.write("sheet.xlsx", zip.finish().unwrap().into_inner());
    let o = import(&f, "sheet.xlsx", &["--year", "2023"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("sheet.xlsx") && stderr(&o).contains("not a Word document"), "{}", stderr(&o));

    let mut broken = duty_report();
    broken.body = "<w:p><w:r><w:t>未闭合".into();
    f.write("broken.docx", broken.bytes());
    let o = import(&f, "broken.docx", &["--year", "2023"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("broken.docx") && stderr(&o).contains("word/document.xml"), "{}", stderr(&o));
    assert!(!f.root().join("content/reports").exists());
}

/// The seed report typed in Word: headings in heading styles with automatic
/// numbering (the text of a heading does not contain `一、`), body text in
/// runs cut every five characters, so masks and words are split.
fn seed_as_word(seed: &str) -> Docx {
    let mut body = String::new();
    for line in seed.lines().filter(|l| !l.trim().is_empty()) {
        let chapter = line.split_once('、').filter(|(n, _)| n.chars().count() == 1 && "一二三".contains(*n));
        if let Some((_, title)) = chapter {
            body.push_str(&p(Some("1"), &r(title)));
        } else if line.starts_with('（') && line.contains('）') {
            let rest = &line[line.find('）').unwrap() + '）'.len_utf8()..];
            let (title, para) = rest.split_once('。').unwrap();
            body.push_str(&p(Some("2"), &r(title)));
            body.push_str(&p(None, &split_runs(para, 5)));
        } else {
            body.push_str(&p(None, &split_runs(line, 5)));
        }
    }
    Docx { body, styles: Some(styles(true)), numbering: Some(gbt_numbering()), ..Default::default() }
}

/// `annals check` trees without line numbers, per page file name.
fn trees(out: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for line in out.lines().take_while(|l| !l.is_empty()) {
        if line.contains(" masks: ") {
            pages.push(line.split_once(" [").map_or("", |(_, rest)| rest).to_string());
        } else if line.starts_with("  ")
            && let Some(last) = pages.last_mut()
        {
            let head = line.rsplit_once("  (line").map_or(line, |(h, _)| h);
            last.push('\n');
            last.push_str(head);
        }
    }
    pages
}

#[test]
fn word_and_text_imports_give_the_same_tree() {
    let f = Fixture::new();
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-2022.txt");
    let seed = std::fs::read_to_string(&seed_path).unwrap();
    f.write("seed.docx", seed_as_word(&seed).bytes());
    let o = import(&f, seed_path.to_str().unwrap(), &["--slug", "from-text"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = import(&f, "seed.docx", &["--slug", "from-word"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(f.root().join("content/reports/2022/from-word.md").exists(), "no images: a plain page");
    let o = f.run(&["check"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let pages = trees(&out);
    assert_eq!(pages.len(), 2, "{out}");
    assert_eq!(pages[0], pages[1], "{out}");
    assert!(!pages[0].contains("masks: 0"), "{out}");
    assert_eq!(pages[0].matches('\n').count(), 8, "{out}");

    let text = std::fs::read_to_string(f.root().join("content/reports/2022/from-text.md")).unwrap();
    let word = std::fs::read_to_string(f.root().join("content/reports/2022/from-word.md")).unwrap();
    let body = |md: &str| md.splitn(3, "+++").nth(2).unwrap().to_string();
    assert_eq!(body(&word), body(&text), "the same page from either source");
}

#[test]
fn numbering_restarts_and_typed_numbers() {
    // Instance 2 of the same definition restarts at 一; typed numbers and a
    // bold-only line are headings as in a text import; a bulleted list.
    let body = [
        p(None, &r("2021年工作总结")),
        numbered(1, 0, &r("第一部分")),
        numbered(1, 1, &r("小节")),
        numbered(1, 0, &r("第二部分")),
        numbered(2, 0, &r("重新开始")),
        p(None, &r("（1）具体措施")),
        p(None, &(b("工作") + &b("亮点"))),
        p(None, &r("正文。")),
    ]
    .concat();
    let d = Docx { body, styles: Some(styles(false)), numbering: Some(gbt_numbering()), ..Default::default() };
    let page = convert_docx(&d.bytes(), &ImportOptions::default(), None).unwrap().page;
    assert_eq!(page.title, "2021年工作总结");
    let headings: Vec<&str> = page.markdown.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "## 一、第一部分",
            "### （一）小节",
            "## 二、第二部分",
            // A restarted run nests, as in a text import.
            "#### 一、重新开始",
            "##### （1）具体措施",
            "## 工作亮点",
        ]
    );
}

#[test]
fn docx_never_panics() {
    // Cut the body of a full report at every tag boundary, and shuffle pieces:
    // malformed XML is an error, odd but valid XML imports; nothing panics.
    let full = duty_report();
    let tags: Vec<usize> = full.body.match_indices('<').map(|(i, _)| i).collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..150 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let a = tags[(seed % tags.len() as u64) as usize];
        let b = tags[((seed >> 20) % tags.len() as u64) as usize];
        let (a, b) = (a.min(b), a.max(b));
        let mut d = duty_report();
        d.body = format!("{}{}", &full.body[..a], &full.body[b..]);
        let _ = convert_docx(&d.bytes(), &ImportOptions::default(), Some("x.docx"));
    }
}
