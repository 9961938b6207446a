//! Finding a commitment's follow-up in the series' next report.
//!
//! Candidates are the sentences of the next report, alone and in pairs within
//! a paragraph (a follow-up often takes two sentences: what was done, then the
//! figure). Both sides are cut by the search tokenizer (`search::tokenize`:
//! Chinese bigrams, stemmed English words), so "matching" means the same thing
//! as "searching"; there is no second tokenizer. Similarity is the cosine of
//! the two term sets weighted by inverse document frequency over the next
//! report's sentences, so the words every paragraph uses (推进, 加强, 工作)
//! count for little and the object of the promise (党支部标准化, 专项债券)
//! for much. That is what survives paraphrase: 推进… becomes 完成了…, the
//! object stays. On top of that:
//!
//! * a number with its unit (`5000万吨`, `5.5%`) is one extra term, weighted
//!   like the rarest word: a target met is usually reported with its figure;
//! * a quantity of the commitment reported with the same unit adds a bonus,
//!   larger when the words just before the figure agree (`就业1100万人` →
//!   `就业1206万人`) or the figure is of the same magnitude; a target is
//!   reported as one year's figure, so a sentence of multi-year totals
//!   (`年均`, `五年`, `累计`) is discounted unless the commitment is one too;
//! * a topic keyword of `site.toml` present on both sides adds a bonus;
//! * a candidate inside the next report's own forward-looking part is not a
//!   follow-up: restating a promise is not reporting on it. When nothing in
//!   the review part scores and a restatement scores high
//!   ([`CARRY_THRESHOLD`]), the commitment is *carried over*, and linked to
//!   where it is restated.
//!
//! The best candidate is kept with its score; below [`THRESHOLD`] the answer
//! is "no follow-up found", which is better than a wrong link. The constants
//! were tuned on the evaluation set of `tests/fixtures/commitments_eval.toml`.

use std::collections::HashMap;

use super::text::{Block, BlockKind, sentences};
use crate::script::is_han;
use crate::search::tokenize;

/// Scores below this are "no follow-up found".
pub const THRESHOLD: f64 = 0.16;
/// Scores from which a restatement in the next report's plans counts as carried over.
pub const CARRY_THRESHOLD: f64 = 0.4;
/// Added when a topic keyword occurs in both the commitment and the candidate.
const TOPIC_BONUS: f64 = 0.04;
/// Weight of a number with its unit, relative to the rarest word.
const NUMBER_FACTOR: f64 = 0.6;
/// Added when a quantity is reported with the same unit and the same words before it.
const QUANTITY_CONTEXT_BONUS: f64 = 0.1;
/// Added when a quantity is reported with the same unit and a figure within a factor of two.
const QUANTITY_NEAR_BONUS: f64 = 0.05;
/// Factor for a passage of multi-year totals when the commitment is about one year.
const MULTI_YEAR_FACTOR: f64 = 0.75;
const MULTI_YEAR: &[&str] = &["年均", "五年", "累计", "连年", "十年"];

/// A passage of the next report that may report on a commitment.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Index of the block in the next report's blocks.
    pub block: usize,
    /// Character range in the block's text (masks as written).
    pub from: usize,
    pub to: usize,
    forward: bool,
    quantities: Vec<Quantity>,
    terms: Vec<(u32, f64)>,
    norm: f64,
    plain: String,
}

/// The candidate passages of one report, ready to be scored against.
pub struct Candidates {
    pub passages: Vec<Passage>,
    vocab: HashMap<String, u32>,
    idf: Vec<f64>,
    max_idf: f64,
    is_number: Vec<bool>,
    keywords: Vec<String>,
}

/// A sentence (or a pair of neighbours) before its terms are weighted.
struct RawPassage {
    block: usize,
    from: usize,
    to: usize,
    forward: bool,
    ids: Vec<u32>,
    plain: String,
}

/// One sentence of a block with its term ids.
struct Sentence {
    from: usize,
    to: usize,
    ids: Vec<u32>,
    plain: String,
}

/// Sentences counted once (pairs excluded), for document frequencies.
fn sentence_count(raw: &[RawPassage]) -> usize {
    raw.len().div_ceil(2)
}

/// A term set: the search tokenizer's tokens plus numbers with units.
fn terms_of(plain: &str) -> Vec<String> {
    let mut out: Vec<String> = tokenize(plain).into_iter().map(|t| t.text).collect();
    out.extend(numbers(plain).into_iter().map(|n| format!("#{n}")));
    out.sort();
    out.dedup();
    out
}

const UNIT_CHARS: &str = "多余万亿千百吨人元%％个户家项所座套斤亩台辆次倍公里千瓦米条件名处场批";

/// Numbers with their unit (`1100万人`, `5.5%`, `1.5亿吨`); bare years are not targets.
pub fn numbers(plain: &str) -> Vec<String> {
    let chars: Vec<char> = plain.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || (chars[i] == '.' && i + 1 < chars.len() && chars[i + 1].is_ascii_digit()))
        {
            i += 1;
        }
        let num_end = i;
        while i < chars.len() && i - num_end < 3 && UNIT_CHARS.contains(chars[i]) {
            i += 1;
        }
        let year = num_end - start == 4 && chars.get(num_end) == Some(&'年');
        if !year && i > num_end {
            out.push(chars[start..i].iter().collect());
        }
    }
    out
}

impl Candidates {
    /// Sentences and sentence pairs of every text block of the next report.
    pub fn new(blocks: &[Block], forward: &[bool], keywords: &[String]) -> Candidates {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut raw: Vec<RawPassage> = Vec::new();
        for (bi, b) in blocks.iter().enumerate() {
            if b.kind != BlockKind::Text {
                continue;
            }
            let text = b.excerpt.text();
            let sents = sentences(&text);
            let mut sent_terms: Vec<Sentence> = Vec::new();
            for &(a, z) in &sents {
                let plain = b.excerpt.slice(a, z).plain();
                if plain.chars().count() < 4 {
                    continue;
                }
                let ids: Vec<u32> = terms_of(&plain)
                    .into_iter()
                    .map(|t| {
                        let n = vocab.len() as u32;
                        let id = *vocab.entry(t).or_insert(n);
                        if id as usize == df.len() {
                            df.push(0);
                        }
                        id
                    })
                    .collect();
                for &id in &ids {
                    df[id as usize] += 1;
                }
                sent_terms.push(Sentence { from: a, to: z, ids, plain });
            }
            for (k, s) in sent_terms.iter().enumerate() {
                let passage = |to: usize, ids: Vec<u32>, plain: String| RawPassage {
                    block: bi,
                    from: s.from,
                    to,
                    forward: forward[bi],
                    ids,
                    plain,
                };
                raw.push(passage(s.to, s.ids.clone(), s.plain.clone()));
                if let Some(next) = sent_terms.get(k + 1) {
                    let mut both = s.ids.clone();
                    both.extend(&next.ids);
                    both.sort();
                    both.dedup();
                    raw.push(passage(next.to, both, format!("{}{}", s.plain, next.plain)));
                }
            }
        }
        let docs = sentence_count(&raw).max(1) as f64;
        let idf: Vec<f64> = df.iter().map(|&d| (1.0 + docs / (1.0 + d as f64)).ln()).collect();
        let max_idf = (1.0 + docs).ln();
        let mut is_number = vec![false; idf.len()];
        for (t, &id) in &vocab {
            is_number[id as usize] = t.starts_with('#');
        }
        let keywords = keywords.iter().map(|k| k.to_lowercase()).filter(|k| !k.is_empty()).collect();
        let mut c = Candidates { passages: Vec::new(), vocab, idf, max_idf, is_number, keywords };
        c.passages = raw
            .into_iter()
            .map(|r| {
                let terms: Vec<(u32, f64)> = r.ids.iter().map(|&id| (id, c.weight(id))).collect();
                let norm = terms.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                Passage {
                    block: r.block,
                    from: r.from,
                    to: r.to,
                    forward: r.forward,
                    quantities: quantities(&r.plain),
                    terms,
                    norm,
                    plain: r.plain.to_lowercase(),
                }
            })
            .collect();
        c
    }

    /// The commitment as weighted terms.
    fn query(&self, commitment: &str) -> Query {
        let mut weights: HashMap<u32, f64> = HashMap::new();
        let mut norm = 0.0;
        for t in terms_of(commitment) {
            let w = match self.vocab.get(&t) {
                Some(&id) => {
                    let w = self.weight(id);
                    weights.insert(id, w);
                    w
                }
                None if t.starts_with('#') => NUMBER_FACTOR * self.max_idf,
                None => self.max_idf,
            };
            norm += w * w;
        }
        let lower = commitment.to_lowercase();
        let topics = self.keywords.iter().filter(|k| lower.contains(k.as_str())).cloned().collect();
        let multi_year = MULTI_YEAR.iter().any(|w| commitment.contains(w));
        Query { weights, norm: norm.sqrt(), topics, quantities: quantities(commitment), multi_year }
    }

    fn score(&self, q: &Query, p: &Passage) -> f64 {
        if q.norm == 0.0 || p.norm == 0.0 {
            return 0.0;
        }
        let dot: f64 = p.terms.iter().filter_map(|(id, w)| q.weights.get(id).map(|_| w * w)).sum();
        if dot == 0.0 {
            return 0.0;
        }
        let mut score = dot / (q.norm * p.norm);
        let mut bonus: f64 = 0.0;
        for a in &q.quantities {
            for b in p.quantities.iter().filter(|b| b.unit == a.unit) {
                if !a.context.is_empty() && a.context == b.context {
                    bonus = bonus.max(QUANTITY_CONTEXT_BONUS);
                } else if a.value > 0.0 && (0.5..=2.0).contains(&(b.value / a.value)) {
                    bonus = bonus.max(QUANTITY_NEAR_BONUS);
                }
            }
        }
        score += bonus;
        if !q.multi_year && MULTI_YEAR.iter().any(|w| p.plain.contains(w)) {
            score *= MULTI_YEAR_FACTOR;
        }
        if q.topics.iter().any(|k| p.plain.contains(k.as_str())) {
            score += TOPIC_BONUS;
        }
        score
    }

    /// The follow-up of a commitment: the best passage of the review part
    /// above the threshold, else a restatement in the plans above
    /// [`CARRY_THRESHOLD`] (`Verdict::CarriedOver`), else none with the best score.
    pub fn verdict(&self, commitment: &str) -> Verdict {
        let review = self.best_among(commitment, |p| !p.forward);
        if let Some((p, s)) = review.filter(|&(_, s)| s >= THRESHOLD) {
            return Verdict::Found(p, s);
        }
        if let Some((p, s)) = self.best_among(commitment, |p| p.forward).filter(|&(_, s)| s >= CARRY_THRESHOLD) {
            return Verdict::CarriedOver(p, s);
        }
        Verdict::None(review.map(|(_, s)| s).unwrap_or(0.0))
    }

    /// The best passage inside a range of blocks (an editor's anchor or quote).
    pub fn best_within(&self, commitment: &str, blocks: std::ops::Range<usize>) -> Option<(usize, f64)> {
        self.best_among(commitment, |p| blocks.contains(&p.block))
    }

    fn best_among(&self, commitment: &str, keep: impl Fn(&Passage) -> bool) -> Option<(usize, f64)> {
        let q = self.query(commitment);
        let mut best: Option<(usize, f64)> = None;
        for (i, p) in self.passages.iter().enumerate().filter(|(_, p)| keep(p)) {
            let s = self.score(&q, p);
            if best.is_none_or(|(_, b)| s > b + 1e-12) {
                best = Some((i, s));
            }
        }
        best
    }

    fn weight(&self, id: u32) -> f64 {
        if self.is_number[id as usize] {
            NUMBER_FACTOR * self.max_idf
        } else {
            self.idf[id as usize].clamp(0.0, self.max_idf)
        }
    }
}

/// What matching concludes for one commitment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Reported on in this passage, with this score.
    Found(usize, f64),
    /// Not reported on, but restated in the next report's plans.
    CarriedOver(usize, f64),
    /// Nothing scored above the threshold; the best score.
    None(f64),
}

struct Query {
    weights: HashMap<u32, f64>,
    norm: f64,
    topics: Vec<String>,
    quantities: Vec<Quantity>,
    multi_year: bool,
}

/// A figure with its unit and the two Chinese characters before it
/// (fillers such as 约, 在, 到, 超过 skipped): `就业1100万人` → (就业, 1100, 万人).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub context: String,
    pub value: f64,
    pub unit: String,
}

/// Characters skipped between a figure and the words it belongs to.
const FILLERS: &str = "约近达到为在了于过超以上共计再了";

/// The quantities of a text (bare years excluded).
pub fn quantities(plain: &str) -> Vec<Quantity> {
    let chars: Vec<char> = plain.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || (chars[i] == '.' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        let num: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && "多余".contains(chars[j]) {
            j += 1;
        }
        let unit_start = j;
        while j < chars.len() && j - unit_start < 3 && UNIT_CHARS.contains(chars[j]) && !"多余".contains(chars[j]) {
            j += 1;
        }
        let unit: String = chars[unit_start..j].iter().collect();
        let year = i - start == 4 && chars.get(i) == Some(&'年');
        if !year && !unit.is_empty() {
            let mut k = start;
            while k > 0 && FILLERS.contains(chars[k - 1]) {
                k -= 1;
            }
            let context: String = if k >= 2 && is_han(chars[k - 1]) && is_han(chars[k - 2]) {
                chars[k - 2..k].iter().collect()
            } else {
                String::new()
            };
            out.push(Quantity { context, value: num.parse().unwrap_or(0.0), unit });
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_with_context() {
        let q = quantities("城镇新增就业1100万人以上，年均增长约5.5%，2023年");
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].context.as_str(), q[0].value, q[0].unit.as_str()), ("就业", 1100.0, "万人"));
        assert_eq!((q[1].context.as_str(), q[1].unit.as_str()), ("增长", "%"));
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(
            numbers("退出钢铁产能5000万吨左右，退出煤炭产能1.5亿吨以上，2023年增长5.5%"),
            ["5000万吨", "1.5亿吨", "5.5%"]
        );
    }
}
