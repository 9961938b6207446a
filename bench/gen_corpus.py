#!/usr/bin/env python3
"""Deterministic bilingual (zh + en) corpus generator for SSG benchmarks.

    python3 gen_corpus.py --pages N --out DIR --format annals|hugo|zola|mdbook [--text FILE] [--seed S]

N pages in total: N/2 Chinese pages, each with an English twin (mdbook: the
N/2 Chinese pages only).  Page i is identical whatever N is (per-page RNG
seeded from (seed, i)), so the 1000-page corpus is a prefix of the 10000 one.

Chinese text is assembled from real sentences (split on 。；): by default the
72 government work reports in ../corpora/government_work_reports.jsonl; --text
takes any .txt or a .jsonl with a "content" field.  English text is a word
salad of government-report vocabulary.  Asterisk masks from the source (** etc.) are escaped (\\*\\*) so
Markdown does not read them as emphasis.

Layouts
  annals DIR/site.toml (title, base_url, default_language = "zh",
         [languages.en]) and the same content tree as zola, with front matter
         title, date, year, kind ("report" | "case"), topics at top level; no
         templates (the default theme is built in).
  zola   DIR/config.toml, DIR/templates/*, content/_index{,.en}.md,
         content/reports/_index{,.en}.md, content/reports/<year>/_index{,.en}.md,
         content/reports/<year>/<slug>{,.en}.md, content/cases/<slug>{,.en}.md
         (+++ TOML front matter, [taxonomies] topics, [extra] year).
  hugo   same content tree (Hugo's "translation by filename": <slug>.md is the
         default language zh, <slug>.en.md the twin), Hugo front matter
         (topics / year at top level), config.toml + layouts/_default/*.
  mdbook DIR/book.toml, DIR/src/SUMMARY.md, the Chinese pages only.
"""
import argparse
import os
import random
import re
import shutil
import sys

DEFAULT_SEED_TEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "government_work_reports.jsonl")
YEARS = list(range(2013, 2025))  # 12 yearly sections

TOPICS = [
    ("垃圾分类", "garbage-sorting"),
    ("一网统管", "unified-city-operations"),
    ("信用承诺", "credit-commitment"),
    ("党风廉政", "integrity"),
    ("综合执法", "law-enforcement"),
]
TOPIC_EN_WORDS = {
    "garbage-sorting": "garbage sorting",
    "unified-city-operations": "unified city operations",
    "credit-commitment": "credit commitment",
    "integrity": "integrity and clean governance",
    "law-enforcement": "comprehensive law enforcement",
}

UNITS = [
    ("市城市管理局", "Municipal Urban Management Bureau", "cgj"),
    ("市综合行政执法局", "Municipal Comprehensive Administrative Law Enforcement Bureau", "zfj"),
    ("市市容环境卫生管理处", "Municipal Sanitation and City Appearance Office", "srhw"),
    ("区城市管理和综合执法局", "District Urban Management and Law Enforcement Bureau", "qcg"),
    ("市城市运行管理服务中心", "Municipal City Operation Management Service Center", "yxzx"),
    ("市生活垃圾分类工作领导小组办公室", "Municipal Household Waste Sorting Leading Group Office", "ljfl"),
    ("市城管执法支队", "Municipal Urban Management Enforcement Detachment", "zfzd"),
    ("市园林绿化局", "Municipal Landscaping and Greening Bureau", "ylj"),
    ("市市政设施管理处", "Municipal Public Facilities Management Office", "szss"),
    ("街道综合行政执法队", "Subdistrict Comprehensive Law Enforcement Team", "jdzf"),
]
KINDS = [
    ("党组书记述责述廉报告", "Report of the Party Secretary on Duty Performance and Integrity", "sszl"),
    ("落实全面从严治党主体责任情况报告", "Report on Fulfilling Primary Responsibility for Strict Party Governance", "zzzr"),
    ("党风廉政建设责任制落实情况报告", "Report on the Integrity Responsibility System", "dflz"),
    ("年度工作总结", "Annual Work Summary", "gzzj"),
    ("法治政府建设年度报告", "Annual Report on Building a Law-Based Government", "fzzf"),
    ("政府信息公开工作年度报告", "Annual Report on Government Information Disclosure", "xxgk"),
]
CASE_KINDS = [
    ("典型案例", "Typical Case", "dxal"),
    ("执法案例通报", "Enforcement Case Notice", "zftb"),
    ("经验做法", "Good Practice", "jyzf"),
]
ZH_NUM = "一二三四五六七八九十"
EN_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

ZH_HEADINGS_EXTRA = [
    "主要工作成效", "存在的问题和不足", "下步工作打算", "履职尽责情况", "廉洁自律情况",
    "重点任务推进情况", "制度建设情况", "队伍建设情况", "监督检查情况", "整改落实情况",
]
ZH_TABLE_METRICS = [
    "专题学习（次）", "谈心谈话（人次）", "监督检查（次）", "问题整改（项）", "执法案件（件）",
    "投诉办结率（%）", "垃圾分类覆盖率（%）", "信用承诺事项（项）", "培训人次", "约谈提醒（人次）",
]

EN_WORDS = {
    "adv": ["Firstly", "Secondly", "In addition", "Moreover", "Throughout the year", "In accordance with the plan",
            "Under unified leadership", "Going forward", "In practice", "At the same time", "Consequently",
            "On this basis", "In the reporting period", "As required"],
    "subj": ["the bureau", "the leading group", "the Party committee", "the enforcement detachment",
             "the sanitation office", "the district authorities", "the service center", "the supervision team",
             "each subdistrict", "the inspection group", "the management committee", "grassroots units"],
    "verb": ["strengthened", "implemented", "coordinated", "promoted", "standardized", "supervised", "improved",
             "consolidated", "deepened", "rectified", "optimized", "advanced", "institutionalized", "evaluated",
             "reinforced", "carried out", "refined", "established"],
    "adj": ["comprehensive", "systematic", "accountable", "transparent", "grid-based", "routine", "targeted",
            "long-term", "regulatory", "digital", "integrated", "standardized", "rigorous", "preventive",
            "collaborative", "responsive", "credit-based", "performance-oriented"],
    "noun": ["supervision mechanisms", "responsibility lists", "inspection procedures", "service standards",
             "case handling", "complaint resolution", "information disclosure", "discipline education",
             "risk prevention", "performance assessment", "grid management", "street order", "waste collection",
             "credit records", "rectification measures", "training programmes", "data sharing",
             "emergency response", "work style", "public satisfaction"],
    "prep": ["across", "within", "for", "throughout", "in support of", "alongside", "through", "in line with"],
    "tail": ["ensuring steady progress", "with measurable results", "as a matter of priority",
             "in close cooperation with other departments", "according to the annual plan",
             "and reported the results to the public", "to consolidate achievements",
             "while addressing shortcomings", "in a lawful and orderly manner"],
}
EN_HEADINGS = ["Performance of Duties", "Main Achievements", "Problems and Shortcomings", "Next Steps",
               "Integrity and Self-Discipline", "Institution Building", "Team Building",
               "Supervision and Inspection", "Rectification Progress", "Key Tasks"]
EN_SUBHEADINGS = ["Strengthening theoretical study", "Fulfilling political responsibility",
                  "Improving grid-based management", "Deepening law enforcement reform",
                  "Advancing garbage sorting", "Building the credit system", "Upholding discipline",
                  "Optimizing public services", "Consolidating the working team", "Enhancing supervision"]
EN_METRICS = ["Study sessions", "Talks held", "Inspections", "Issues rectified", "Cases handled",
              "Complaints closed (%)", "Sorting coverage (%)", "Credit pledges", "Trainees", "Reminders issued"]


def md_escape(s):
    # The source masks numbers with asterisks (学习**次); keep them literal.
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def load_pools(path):
    if path.endswith(".jsonl"):
        import json
        text = "\n".join(json.loads(l).get("content", "") for l in open(path, encoding="utf-8") if l.strip())
    else:
        text = open(path, encoding="utf-8").read()
    heads, subs, body = [], [], []
    for raw in re.split(r"[。；\n]", text):
        s = raw.strip().strip("，")
        if not s:
            continue
        m = re.match(r"^[一二三四五六七八九十]+、(.+)$", s)
        if m:
            heads.append(m.group(1))
            continue
        m = re.match(r"^（[一二三四五六七八九十]+）(.+)$", s)
        if m:
            subs.append(m.group(1))
            continue
        body.append(s)
    heads = list(dict.fromkeys(heads + ZH_HEADINGS_EXTRA))
    if not subs or not body:
        sys.exit("seed text produced no sentences")
    return heads, subs, body


class Page:
    __slots__ = ("i", "year", "section", "slug", "date", "zh_title", "en_title", "zh_topics", "en_topics",
                 "zh_body", "en_body")


def zh_body(rng, pools, topics):
    heads, subs, body = pools
    target = rng.randint(3300, 5000)  # bytes of Chinese text (pages land at ~4-6 KB)
    out, size = [], 0

    def para(k):
        nonlocal size
        sents = [rng.choice(body) for _ in range(k)]
        if rng.random() < 0.5:
            t = rng.choice(topics)
            sents[0] = f"围绕{t}工作，{sents[0]}"
        p = "。".join(md_escape(s) for s in sents) + "。"
        size += len(p.encode())
        return p

    out.append(para(rng.randint(2, 3)))
    hs = rng.sample(heads, min(len(heads), rng.randint(3, 5)))
    for hi, h in enumerate(hs):
        if size >= target:
            break
        out.append(f"## {ZH_NUM[hi]}、{md_escape(h)}")
        for si in range(rng.randint(2, 4)):
            if size >= target:
                break
            out.append(f"### （{ZH_NUM[si]}）{md_escape(rng.choice(subs))}")
            for _ in range(rng.randint(1, 2)):
                out.append(para(rng.randint(3, 6)))
        if hi == 0:
            ms = rng.sample(range(len(ZH_TABLE_METRICS)), 4)
            rows = ["| 指标 | 计划 | 完成 |", "| --- | ---: | ---: |"]
            for m in ms:
                plan = rng.randint(5, 300)
                rows.append(f"| {ZH_TABLE_METRICS[m]} | {plan} | {plan + rng.randint(-3, 40)} |")
            out.append("\n".join(rows))
    return "\n\n".join(out) + "\n"


def en_sentence(rng, topics):
    w = EN_WORDS
    s = (f"{rng.choice(w['adv'])}, {rng.choice(w['subj'])} {rng.choice(w['verb'])} {rng.choice(w['adj'])} "
         f"{rng.choice(w['noun'])} {rng.choice(w['prep'])} {rng.choice(w['adj'])} {rng.choice(w['noun'])}")
    r = rng.random()
    if r < 0.25:
        s += f" in the field of {TOPIC_EN_WORDS[rng.choice(topics)]}"
    elif r < 0.6:
        s += f", {rng.choice(w['tail'])}"
    if rng.random() < 0.15:
        s += f", completing {rng.randint(3, 480)} items"
    return s + "."


def en_body(rng, topics):
    target = rng.randint(2900, 3700)
    out, size = [], 0

    def para(k):
        nonlocal size
        p = " ".join(en_sentence(rng, topics) for _ in range(k))
        size += len(p)
        return p

    out.append(para(rng.randint(2, 3)))
    hs = rng.sample(EN_HEADINGS, rng.randint(3, 5))
    for hi, h in enumerate(hs):
        if size >= target:
            break
        out.append(f"## {EN_ROMAN[hi]}. {h}")
        for si in range(rng.randint(2, 4)):
            if size >= target:
                break
            out.append(f"### ({si + 1}) {rng.choice(EN_SUBHEADINGS)}")
            for _ in range(rng.randint(1, 2)):
                out.append(para(rng.randint(3, 5)))
        if hi == 0:
            ms = rng.sample(range(len(EN_METRICS)), 4)
            rows = ["| Indicator | Planned | Achieved |", "| --- | ---: | ---: |"]
            for m in ms:
                plan = rng.randint(5, 300)
                rows.append(f"| {EN_METRICS[m]} | {plan} | {plan + rng.randint(-3, 40)} |")
            out.append("\n".join(rows))
    return "\n\n".join(out) + "\n"


def make_page(i, seed, pools):
    rng = random.Random(f"{seed}:{i}")
    p = Page()
    p.i = i
    p.year = YEARS[i % len(YEARS)]
    is_case = i % 10 == 9
    p.section = "cases" if is_case else f"reports/{p.year}"
    unit = rng.choice(UNITS)
    kind = rng.choice(CASE_KINDS if is_case else KINDS)
    tps = rng.sample(TOPICS, rng.randint(1, 3))
    p.zh_topics = [t[0] for t in tps]
    p.en_topics = [t[1] for t in tps]
    p.slug = f"{p.year}-{unit[2]}-{kind[2]}-{i:05d}"
    p.date = f"{p.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if is_case:
        p.zh_title = f"{unit[0]}{kind[0]}：{p.zh_topics[0]}（{p.year}-{i:05d}）"
        p.en_title = f"{kind[1]}: {TOPIC_EN_WORDS[p.en_topics[0]].capitalize()} ({unit[1]}, {p.year}-{i:05d})"
    else:
        p.zh_title = f"{unit[0]}{p.year}年度{kind[0]}（{i:05d}）"
        p.en_title = f"{p.year} {kind[1]} of the {unit[1]} ({i:05d})"
    p.zh_body = zh_body(rng, pools, p.zh_topics)
    p.en_body = en_body(rng, p.en_topics)
    return p


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------- zola ----
ZOLA_CONFIG = """base_url = "https://example.org"
title = "城市管理年度履职报告"
description = "Bilingual yearly accountability reports (benchmark corpus)"
default_language = "zh"
compile_sass = false
minify_html = false
generate_feeds = false
# zh search index: needs a zola built with `--features indexing-zh`
# (official release binaries are not; they reject "zh" here).
build_search_index = true
taxonomies = [{ name = "topics" }]

[markdown]
# no syntax highlighting needed: the corpus has no code blocks

[search]
index_format = "elasticlunr_javascript"

[languages.en]
title = "Urban Management Yearly Accountability Reports"
build_search_index = true
taxonomies = [{ name = "topics" }]
"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{% if lang == config.default_language %}{{ config.base_url }}/{% else %}{{ config.base_url }}/{{ lang }}/{% endif %}">{{ config.title }}</a>
<nav>{% if lang == config.default_language %}<a href="{{ config.base_url }}/en/">English</a>{% else %}<a href="{{ config.base_url }}/">中文</a>{% endif %}</nav></header>
<main>{% block content %}{% endblock content %}</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block content %}
<article data-pagefind-body>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date }}</time> · {{ page.extra.year }}</p>
{% if page.taxonomies.topics %}<ul class="topics">{% for t in page.taxonomies.topics %}<li><a href="{{ get_taxonomy_url(kind="topics", name=t, lang=lang) | safe }}">{{ t }}</a></li>{% endfor %}</ul>{% endif %}
{{ page.content | safe }}
</article>
<aside>{% for t in page.translations %}{% if t.lang != lang %}<a hreflang="{{ t.lang }}" href="{{ t.permalink | safe }}">{{ t.title }}</a>{% endif %}{% endfor %}</aside>
{% endblock content %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if section.subsections %}<ul class="sections">{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endif %}
<ul class="pages">{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>{% endfor %}</ul>
<aside>{% for t in section.translations %}{% if t.lang != lang %}<a hreflang="{{ t.lang }}" href="{{ t.permalink | safe }}">{{ t.title }}</a>{% endif %}{% endfor %}</aside>
{% endblock content %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block title %}{{ taxonomy.name }}{% endblock title %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.pages | length }})</li>{% endfor %}</ul>
{% endblock content %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>{% endfor %}</ul>
{% endblock content %}
""",
}
ZOLA_TEMPLATES["index.html"] = ZOLA_TEMPLATES["section.html"]


ANNALS_CONFIG = """title = "城市管理年度履职报告"
base_url = "https://example.org/"
default_language = "zh"

[languages.en]
title = "Urban Management Annual Duty Reports"
""" + "".join(
    f'\n[topics.{slug}]\nname = {{ zh = "{zh}", en = "{TOPIC_EN_WORDS[slug].capitalize()}" }}\n' for zh, slug in TOPICS
)


def annals_front(title, date=None, topics=None, year=None, kind=None):
    lines = ["+++", f"title = {toml_str(title)}"]
    if date:
        lines.append(f"date = {date}")
    if year:
        lines.append(f"year = {year}")
    if kind:
        lines.append(f"kind = {toml_str(kind)}")
    if topics:
        lines.append(f"topics = {toml_list(topics)}")
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def zola_front(title, date=None, topics=None, year=None, sort_by=None):
    lines = ["+++", f"title = {toml_str(title)}"]
    if date:
        lines.append(f"date = {date}")
    if sort_by:
        lines.append(f'sort_by = "{sort_by}"')
    if topics:
        lines += ["", "[taxonomies]", f"topics = {toml_list(topics)}"]
    if year:
        lines += ["", "[extra]", f"year = {year}"]
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def hugo_front(title, date=None, topics=None, year=None):
    lines = ["+++", f"title = {toml_str(title)}"]
    if date:
        lines.append(f"date = {date}")
    if topics:
        lines.append(f"topics = {toml_list(topics)}")
    if year:
        lines.append(f"year = {year}")
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


SECTION_TITLES = {
    "": ("城市管理年度履职报告", "Urban Management Yearly Accountability Reports"),
    "reports": ("年度报告", "Yearly Reports"),
    "cases": ("典型案例", "Cases"),
}


def section_titles(sec):
    if sec in SECTION_TITLES:
        return SECTION_TITLES[sec]
    y = sec.split("/")[-1]
    return (f"{y}年度报告", f"{y} Reports")


def write_sections(out, fmt, sections):
    for sec in sections:
        zt, et = section_titles(sec)
        base = os.path.join(out, "content", sec) if sec else os.path.join(out, "content")
        if fmt == "annals":
            zf, ef = annals_front(zt), annals_front(et)
        elif fmt == "zola":
            zf = zola_front(zt, sort_by="date" if sec not in ("", "reports") else None)
            ef = zola_front(et, sort_by="date" if sec not in ("", "reports") else None)
        else:
            zf, ef = hugo_front(zt), hugo_front(et)
        write(os.path.join(base, "_index.md"), zf + f"{zt}。\n")
        write(os.path.join(base, "_index.en.md"), ef + f"{et}.\n")


def gen_site(pages, out, fmt):
    sections = ["", "reports", "cases"] + [f"reports/{y}" for y in YEARS]
    write_sections(out, fmt, sections)
    for p in pages:
        base = os.path.join(out, "content", p.section, p.slug)
        if fmt == "annals":
            kind = "case" if p.section == "cases" else "report"
            # Annals topics are declared in site.toml (by slug, a name per language).
            zf = annals_front(p.zh_title, p.date, p.en_topics, p.year, kind)
            ef = annals_front(p.en_title, p.date, p.en_topics, p.year, kind)
        elif fmt == "zola":
            zf = zola_front(p.zh_title, p.date, p.zh_topics, p.year)
            ef = zola_front(p.en_title, p.date, p.en_topics, p.year)
        else:
            zf = hugo_front(p.zh_title, p.date, p.zh_topics, p.year)
            ef = hugo_front(p.en_title, p.date, p.en_topics, p.year)
        write(base + ".md", zf + p.zh_body)
        write(base + ".en.md", ef + p.en_body)
    if fmt == "annals":
        write(os.path.join(out, "site.toml"), ANNALS_CONFIG)
    elif fmt == "zola":
        write(os.path.join(out, "config.toml"), ZOLA_CONFIG)
        # same site without search indexes: `zola --config DIR/config.noindex.toml build`
        write(os.path.join(out, "config.noindex.toml"),
              ZOLA_CONFIG.replace("build_search_index = true", "build_search_index = false"))
        for name, body in ZOLA_TEMPLATES.items():
            write(os.path.join(out, "templates", name), body)
    else:
        write(os.path.join(out, "config.toml"), HUGO_CONFIG)
        for name, body in HUGO_LAYOUTS.items():
            write(os.path.join(out, "layouts", name), body)


# ---------------------------------------------------------------- hugo ----
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "城市管理年度履职报告"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
hasCJKLanguage = true
# Zola emits no feeds in this benchmark either; both emit sitemap.xml.
disableKinds = ["RSS"]
enableRobotsTXT = true

[taxonomies]
  topic = "topics"

[languages.zh]
  languageName = "中文"
  weight = 1
[languages.en]
  languageName = "English"
  title = "Urban Management Yearly Accountability Reports"
  weight = 2
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav>{{ if eq .Site.Language.Lang "zh" }}<a href="/en/">English</a>{{ else }}<a href="/">中文</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ .Params.year }}</p>
{{ with .GetTerms "topics" }}<ul class="topics">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}
</article>
<aside>{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</aside>
{{ end }}
""",
    # list.html serves home, sections, the taxonomy (term list) and term pages.
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="pages">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if .IsPage }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ else }} ({{ len .Pages }}){{ end }}</li>{{ end }}</ul>
<aside>{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</aside>
{{ end }}
""",
}


# -------------------------------------------------------------- mdbook ----
def gen_mdbook(pages, out):
    write(os.path.join(out, "book.toml"),
          '[book]\ntitle = "城市管理年度履职报告"\nlanguage = "zh"\nsrc = "src"\n\n'
          '[output.html]\n\n[output.html.search]\nenable = true\n')
    by_sec = {}
    for p in pages:
        by_sec.setdefault(p.section, []).append(p)
    order = [f"reports/{y}" for y in YEARS] + ["cases"]
    lines = ["# Summary", ""]
    for sec in order:
        ps = by_sec.get(sec, [])
        if not ps:
            continue
        zt, _ = section_titles(sec)
        write(os.path.join(out, "src", sec, "index.md"), f"# {zt}\n")
        lines.append(f"- [{zt}]({sec}/index.md)")
        for p in ps:
            write(os.path.join(out, "src", sec, p.slug + ".md"),
                  f"# {md_escape(p.zh_title)}\n\n{p.date} · {'、'.join(p.zh_topics)}\n\n{p.zh_body}")
            lines.append(f"  - [{md_escape(p.zh_title)}]({sec}/{p.slug}.md)")
    write(os.path.join(out, "src", "SUMMARY.md"), "\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True, help="total pages (zh + en); must be even")
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=["annals", "zola", "hugo", "mdbook"], required=True)
    ap.add_argument("--seed", default="ssg-bench-1")
    ap.add_argument("--text", "--seed-text", dest="seed_text", default=DEFAULT_SEED_TEXT,
                    help="source of Chinese sentences: a .txt, or a .jsonl with a 'content' field")
    ap.add_argument("--force", action="store_true", help="remove DIR first if it exists")
    a = ap.parse_args()
    if a.pages < 2 or a.pages % 2:
        sys.exit("--pages must be an even number >= 2")
    if os.path.exists(a.out):
        if not a.force and os.listdir(a.out):
            sys.exit(f"{a.out} exists and is not empty (use --force)")
        shutil.rmtree(a.out)
    pools = load_pools(a.seed_text)
    pages = [make_page(i, a.seed, pools) for i in range(a.pages // 2)]
    if a.format == "mdbook":
        gen_mdbook(pages, a.out)
    else:
        gen_site(pages, a.out, a.format)
    print(f"{a.format}: {len(pages)} zh + {0 if a.format == 'mdbook' else len(pages)} en pages -> {a.out}")


if __name__ == "__main__":
    main()
