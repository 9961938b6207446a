//! CJK-friendly emphasis.
//!
//! CommonMark's flanking rules do not close `**一是强化理论学习。**深入` because
//! the closing `**` follows punctuation and precedes a letter, which is exactly
//! how Chinese writers bold a lead-in phrase. pulldown-cmark leaves such runs
//! as literal text. This pass pairs the leftover *unescaped* `*`/`**` runs
//! within one block into emphasis, so intended bold stays bold, while escaped
//! `\*\*` (how masks are written) stays text and becomes a redaction.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

struct Run {
    first: usize,
    last: usize,
    len: usize,
}

pub fn pair_cjk_delimiters(src: &str, events: &mut [(Event<'_>, Range<usize>)]) {
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item)
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item) => {
                pair_runs(events, &runs);
                runs.clear();
            }
            Event::Text(_) if is_raw_star(src, &events[i].1) => {
                let first = i;
                let mut len = events[i].1.len();
                while i + 1 < events.len()
                    && matches!(events[i + 1].0, Event::Text(_))
                    && is_raw_star(src, &events[i + 1].1)
                    && events[i + 1].1.start == events[i].1.end
                {
                    i += 1;
                    len += events[i].1.len();
                }
                runs.push(Run { first, last: i, len });
            }
            _ => {}
        }
        i += 1;
    }
    pair_runs(events, &runs);
}

fn is_raw_star(src: &str, range: &Range<usize>) -> bool {
    let s = &src[range.clone()];
    let escaped = range.start > 0 && src.as_bytes()[range.start - 1] == b'\\';
    !escaped && !s.is_empty() && s.bytes().all(|b| b == b'*')
}

fn pair_runs(events: &mut [(Event<'_>, Range<usize>)], runs: &[Run]) {
    let mut open: Vec<&Run> = Vec::new();
    for run in runs {
        if run.len != 1 && run.len != 2 {
            continue;
        }
        match open.iter().rposition(|o| o.len == run.len) {
            Some(pos) => {
                let opener = open.remove(pos);
                open.truncate(pos);
                let strong = run.len == 2;
                replace(events, opener, if strong { Event::Start(Tag::Strong) } else { Event::Start(Tag::Emphasis) });
                replace(events, run, if strong { Event::End(TagEnd::Strong) } else { Event::End(TagEnd::Emphasis) });
            }
            None => open.push(run),
        }
    }
}

fn replace<'a>(events: &mut [(Event<'a>, Range<usize>)], run: &Run, with: Event<'a>) {
    events[run.first].0 = with;
    for e in &mut events[run.first + 1..=run.last] {
        e.0 = Event::Text("".into());
    }
}

/// Joins adjacent text events, so a mask split over several events (`\*\*`)
/// is seen as one run.
pub fn coalesce_text<'a>(events: Vec<(Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(t) = &event {
            if t.is_empty() {
                continue;
            }
            if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                let mut joined = prev.to_string();
                joined.push_str(t);
                *prev = joined.into();
                prev_range.end = range.end;
                continue;
            }
        }
        out.push((event, range));
    }
    out
}
