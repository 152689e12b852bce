"""A small text classifier for Voeten's six issue codes, fit on Voeten's own coding.

Voeten, Strezhnev & Bailey, *United Nations General Assembly Voting Data* (Harvard Dataverse
hdl:1902.1/12379) code GA roll calls to 2019; the rules of ``resources/voeten_rules.csv`` alone
reach precision and recall >= 0.9 for one code of six on later years. This module fits one
L2-regularised logistic regression per code (Pedregosa et al. 2011, scikit-learn) on

- TF-IDF word 1–2-grams of the roll call's full title (:func:`full_title`: the resolution's title
  as sources after 2019 give it, not Voeten's short label; the part before ": resolution / adopted
  by the General Assembly", or the quoted title inside a transcript), and
- the six rule hits of :func:`graphmodel.topics.rule_codes` on that field as six more features,

from every Voeten-coded GA roll call of the bundled dataset (``source == "unvotes"``). Only the
title is read, never the UNBIS subjects: Voeten-coded years have no subjects (but session 74),
so a model that read them would be used on text it was never measured on. For the same reason it
reads the full title, not Voeten's short label, which no later source has.

Session 74 (the 2019 roll calls of ``unvotes``, rcid >= 9057) is left out of every fit and every
measurement: the release's ``un_roll_call_issues`` lists the same 16 roll calls under co, di and ec
(disarmament votes coded "colonialism" and "economic development"; decolonisation and economic
votes uncoded), a defect of the source, so its co, di and ec codes are not Voeten's coding.

The model is fit from the bundled data when first needed (2.7 s on a quiet machine, 1.3 s of it
importing scikit-learn) and kept for the process; liblinear with ``random_state=0`` makes it deterministic. :func:`evaluate` measures it on
held-out years or sessions (``tools/topic_benchmark.py``; the README table); :func:`consistency`
measures how far Voeten's own coding of a recurring title is predictable, and bounds every coder
that reads titles only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

CODES = ("me", "nu", "di", "hr", "co", "ec")
#: First rcid of session 74 in ``unvotes``, whose co, di and ec codes are defective (see module doc).
DEFECTIVE_FROM_RCID = 9057
#: Inverse regularisation strength, chosen by leave-one-session-out over 1990–2014 only (before
#: the time split's test years): C in {4, 16, 64}, class weights none/balanced/2:1, recency
#: half-lives none/5/15 years; C=16 unweighted scored best there.
C = 16.0
#: Years at the end of a fit set on which ``fit(thresholds="forward")`` chooses each code's
#: decision threshold (the length of the time split's test period, 2015-2018).
TUNE_YEARS = 4

_SUFFIX = re.compile(
    r"\s*:\s*(report of the .*?:\s*)?(resolution|decision)\s*/\s*adopted by the general assembly.*$", re.I
)
_CATALOGUE = re.compile(r":\s*(?:report of the .*?:\s*)?(?:resolution|decision)\s*/", re.I)
_TRANSCRIPT = re.compile(r"^\s*the (?:acting )?president\b|put to the vote|recorded vote", re.I)
#: unvotes' ``descr`` in 2016-2018: "A/<session>/251 <agenda item> - <item title>. - <subject>".
_AGENDA_LISTING = re.compile(r"A/\d+/\d+\s+\d+[a-z]*\s+-\s")
_QUOTED = re.compile(r"entitled\s*[_\"“](.+?)(?:<d3>|[\"”])", re.I)


def clean_title(title) -> str:
    """The title of a roll call as the model reads it: no catalogue suffix, no transcript.

    >>> clean_title("Nuclear disarmament : resolution / adopted by the General Assembly")
    'Nuclear disarmament'
    >>> clean_title('The President: Draft resolution II is entitled "Rights of the child". A recorded vote')
    'Rights of the child'
    """
    text = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title)
    quoted = _QUOTED.search(text)
    if quoted:
        text = quoted.group(1)
    return _SUFFIX.sub("", text).strip()


def title_key(titles: pd.Series) -> pd.Series:
    """Titles reduced to lower-case words, to find recurring resolutions with identical titles."""
    cleaned = pd.Series(titles).map(clean_title).str.lower()
    return cleaned.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def voeten_coded(rollcalls: pd.DataFrame) -> pd.DataFrame:
    """The GA roll calls carrying Voeten's own codes, with ``year``, ``rcid`` and ``defective``."""
    calls = rollcalls[(rollcalls["body"] == "GA") & rollcalls["source"].astype(str).eq("unvotes")].copy()
    calls["year"] = calls["date"].dt.year
    calls["rcid"] = calls["rollcall_id"].str.split(":").str[1].astype(int)
    calls["defective"] = calls["rcid"] >= DEFECTIVE_FROM_RCID
    return calls


def labels(rollcalls: pd.DataFrame) -> np.ndarray:
    """Boolean matrix roll calls × :data:`CODES` of the ``issues`` column."""
    have = rollcalls["issues"].fillna("").astype(str).str.split(";")
    return np.array([[code in h for code in CODES] for h in have], dtype=bool).reshape(len(rollcalls), len(CODES))


@dataclass(frozen=True)
class TopicModel:
    """Fitted vectorisers, one logistic regression per code and its decision threshold (see the
    module docstring)."""

    vectorizers: tuple
    models: tuple
    n_fit: int
    thresholds: tuple = (0.0,) * len(CODES)

    def predict(self, rollcalls: pd.DataFrame) -> np.ndarray:
        """Boolean matrix roll calls × :data:`CODES`."""
        if len(rollcalls) == 0:
            return np.zeros((0, len(CODES)), dtype=bool)
        features = _features(self.vectorizers, rollcalls, fit=False)
        return np.column_stack([m.decision_function(features) > t for m, t in zip(self.models, self.thresholds)])

    def codes(self, rollcalls: pd.DataFrame) -> pd.Series:
        """Predicted codes, ``;``-separated in :data:`CODES` order."""
        return pd.Series(_joined(self.predict(rollcalls)), index=rollcalls.index, dtype=object)


def full_title(rollcalls: pd.DataFrame) -> pd.Series:
    """The title field the model reads: the resolution's full title, as every source after 2019 gives it.

    ``unvotes`` and Voeten's file give two fields, ``short`` and ``descr`` (kept as ``title`` and
    ``description``). ``short`` is mostly Voeten's own label ("UNRWA, ACTIVITIES") to 2013 and a
    catalogue title in 2016-2018; ``descr`` is a title or summary typed by the coders (to 2002),
    the catalogue title (from 2003), or the President's words before a paragraph vote, and in
    2016-2018 an agenda listing for resolution votes ("A/73/251 63 - Implementation of the
    Declaration … - DECOLONIZATION"). So ``description`` is read unless it is an agenda listing,
    and ``title`` then and wherever there is no ``description``: the closest text to the titles
    every later source gives (:func:`text_kind` says which kind each roll call has).

    >>> full_title(pd.DataFrame({
    ...     "title": ["UNRWA, ACTIVITIES", "Question of Palestine : resolution", "Nuclear disarmament"],
    ...     "description": ["Assistance to Palestine refugees", "A/71/251 35 - Question of Palestine.", None],
    ... })).tolist()
    ['Assistance to Palestine refugees', 'Question of Palestine : resolution', 'Nuclear disarmament']
    """
    title = rollcalls["title"].astype(object).where(rollcalls["title"].notna(), "")
    if "description" not in rollcalls:
        return title
    description = rollcalls["description"].astype(object).where(rollcalls["description"].notna(), "").astype(str)
    usable = description.str.strip().ne("") & ~description.str.match(_AGENDA_LISTING)
    return description.where(usable, title)


def text_kind(rollcalls: pd.DataFrame) -> pd.Series:
    """The kind of text :func:`full_title` gives each roll call of Voeten's file.

    ``catalogue``: the UN Digital Library's title ("… : resolution / adopted by the General
    Assembly"), the kind of text every source after 2019 gives; ``transcript``: the President's
    words before a vote (mostly paragraph and amendment votes, which later sources do not have);
    ``agenda``: a 2016-2018 agenda listing (never read, see :func:`full_title`); ``coder``: titles
    typed or summaries written by the dataset's coders (all of 1946-2002, much of 2006-2013).
    Measurements restricted to ``catalogue`` say how the model does on text like that it codes.

    >>> text_kind(pd.DataFrame({"title": [
    ...     "Nuclear disarmament : resolution / adopted by the General Assembly",
    ...     'The President: Draft resolution II is entitled "Rights of the child". A recorded vote',
    ...     "Calls upon Israel to become party to the Treaty on the Non-Proliferation"]})).tolist()
    ['catalogue', 'transcript', 'coder']
    """
    read = full_title(rollcalls).astype(str)
    raw = rollcalls["description"].fillna("").astype(str) if "description" in rollcalls else read
    kind = np.where(
        read.str.contains(_TRANSCRIPT),
        "transcript",
        np.where(read.str.contains(_CATALOGUE), "catalogue", "coder"),
    )
    kind = np.where(raw.str.match(_AGENDA_LISTING) & (kind == "coder"), "agenda", kind)
    return pd.Series(kind, index=rollcalls.index, dtype=object)


def _features(vectorizers, rollcalls: pd.DataFrame, fit: bool):
    from scipy import sparse

    from .topics import rule_codes

    field = full_title(rollcalls)
    text = field.map(clean_title).str.upper()
    blocks = [v.fit_transform(text) if fit else v.transform(text) for v in vectorizers]
    # The rules read the whole title field but never the subjects, as in every measurement: a
    # transcript's text names what Voeten coded (a "nuclear" paragraph vote), and measured on
    # 2015-2018 the rules on the whole field lift nu's precision from 0.89 to 1.0.
    ruled = rule_codes(pd.DataFrame({"title": field, "subjects": ""}, index=rollcalls.index))
    rules = labels(pd.DataFrame({"issues": ruled}))
    return sparse.hstack([*blocks, sparse.csr_matrix(rules.astype(float))]).tocsr()


def fit(
    rollcalls: pd.DataFrame, random_state: int = 0, thresholds: str | None = None, char_ngrams: bool = False
) -> TopicModel:
    """Fit on the Voeten-coded, non-defective GA roll calls among ``rollcalls``.

    The defaults are the bundled model's. The options are variants measured against it and not
    kept (README, "Topics"; ``tools/topic_benchmark.py --variants``):

    - ``thresholds="forward"``: each code's decision threshold is chosen on the last
      :data:`TUNE_YEARS` years of ``rollcalls`` by a model fit on the years before (as the model
      is used, forward in time); ``"sessions"``: on out-of-fold scores of five folds of whole
      sessions (scikit-learn ``GroupKFold``). Either way the threshold, on a grid of decision
      values from -3 to 3 in steps of 0.05, maximises min(precision, recall) (the nearest 0 among
      equals; 0 where those roll calls lack the code). Only ``rollcalls`` are read, never a
      split's test roll calls. ``None``: every threshold 0 (probability 0.5).
    - ``char_ngrams``: TF-IDF character 3–5-grams within words (``char_wb``, in two titles or more)
      besides the word 1–2-grams.

    >>> import graphmodel as gm
    >>> model = fit(gm.load_dataset().rollcalls)
    >>> model.codes(pd.DataFrame({"title": ["Nuclear disarmament", "Assistance to Palestine refugees"]})).tolist()
    ['nu;di', 'me']
    """
    calls = voeten_coded(rollcalls) if "source" in rollcalls else rollcalls
    if "defective" in calls:
        calls = calls[~calls["defective"]]
    if thresholds not in (None, "forward", "sessions"):
        raise ValueError(f"thresholds must be None, 'forward' or 'sessions', not {thresholds!r}")
    chosen = (0.0,) * len(CODES) if thresholds is None else _tune(calls, thresholds, random_state, char_ngrams)
    vectorizers, models = _fit_models(calls, random_state, char_ngrams)
    return TopicModel(vectorizers, models, len(calls), chosen)


def _fit_models(calls: pd.DataFrame, random_state: int, char_ngrams: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    truth = labels(calls)
    vectorizers = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)]
    if char_ngrams:
        vectorizers.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))
    features = _features(vectorizers, calls, fit=True)
    models = []
    for j in range(len(CODES)):
        model = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=random_state)
        models.append(model.fit(features, truth[:, j]))
    return tuple(vectorizers), tuple(models)


def _tune(calls: pd.DataFrame, how: str, random_state: int, char_ngrams: bool) -> tuple:
    """Per code, the decision threshold of :func:`fit`'s ``thresholds`` option, from ``calls`` only."""
    from sklearn.model_selection import GroupKFold

    calls = calls.reset_index(drop=True)
    year = calls["date"].dt.year.to_numpy()
    if how == "forward":
        late = year > year.max() - TUNE_YEARS
        folds = [(np.flatnonzero(~late), np.flatnonzero(late))] if late.any() and not late.all() else []
    else:
        folds = list(GroupKFold(n_splits=5).split(calls, groups=calls["session_no"].to_numpy()))
    scored = np.zeros(len(calls), dtype=bool)
    decision = np.zeros((len(calls), len(CODES)))
    for train, test in folds:
        vectorizers, models = _fit_models(calls.iloc[train], random_state, char_ngrams)
        features = _features(vectorizers, calls.iloc[test], fit=False)
        decision[test] = np.column_stack([m.decision_function(features) for m in models])
        scored[test] = True
    truth = labels(calls)[scored]
    grid = np.round(np.arange(-3.0, 3.0001, 0.05), 2)
    chosen = []
    for j in range(len(CODES)):
        if truth[:, j].sum() == 0:
            chosen.append(0.0)
            continue
        hit = decision[scored, j][:, None] > grid[None, :]
        tp = (hit & truth[:, j : j + 1]).sum(axis=0)
        score = np.minimum(tp / np.maximum(hit.sum(axis=0), 1), tp / truth[:, j].sum())
        best = np.flatnonzero(score >= score.max() - 1e-12)
        chosen.append(float(grid[best[np.argmin(np.abs(grid[best]))]]) + 0.0)
    return tuple(chosen)


@lru_cache(maxsize=1)
def bundled_model() -> TopicModel:
    """The model fit on the dataset bundled with the package (never a user's imported data)."""
    from .dataset import load_dataset
    from .paths import bundled_data

    return fit(load_dataset(bundled_data()).rollcalls)


def time_split(calls: pd.DataFrame, last_fit_year: int = 2014, last_test_year: int = 2019):
    """One split: fit on years <= ``last_fit_year``, test on the years after, to ``last_test_year``."""
    year = calls["year"].to_numpy()
    yield year <= last_fit_year, (year > last_fit_year) & (year <= last_test_year)


def session_splits(calls: pd.DataFrame, first_year: int = 1990, last_year: int = 2019):
    """Leave one session out: each session of the years tested once, fit on every other session."""
    session = calls["session_no"].to_numpy()
    year = calls["year"].to_numpy()
    for held in sorted(set(session[(year >= first_year) & (year <= last_year)])):
        yield session != held, session == held


def evaluate(
    rollcalls: pd.DataFrame, splits, random_state: int = 0, title_lookup: bool = False, **options
) -> pd.DataFrame:
    """Precision and recall per code of :func:`fit` on held-out roll calls.

    ``splits(calls)`` yields boolean (fit, test) masks over :func:`voeten_coded` roll calls
    (:func:`time_split`, :func:`session_splits`); defective session-74 roll calls are in neither.

    Returns one row per code: ``code, voeten, model, both, precision, recall, fp_coded_before,
    fn_uncoded_before``; the last two count the errors that repeat Voeten's own earlier coding: false
    positives whose title (:func:`title_key` of :func:`full_title`) had the code at its latest roll
    call in the fit set, and misses whose title lacked it there. ``attrs`` hold ``rollcalls``
    (tested), ``title_seen`` (tested roll calls whose exact title occurs in their fit set) and
    ``rules`` (the rules' own precision and recall on the same roll calls).

    With ``title_lookup``, a tested roll call whose exact title occurs in its fit set takes the
    codes of that title's latest roll call there, and the classifier codes the rest (the variant
    measured against the classifier alone). ``options`` go to :func:`fit` (its variants); they
    read each fit set only, never its test roll calls.

    ``attrs["detail"]`` holds every tested roll call with its text kind and both code sets, for
    :func:`rescore` on a subset (catalogue titles only, some years).
    """
    from .topics import rule_codes

    calls = voeten_coded(rollcalls)
    calls = calls[~calls["defective"]].reset_index(drop=True)
    truth = labels(calls)
    guess = np.zeros_like(truth)
    tested = np.zeros(len(calls), dtype=bool)
    keys = title_key(full_title(calls)).to_numpy()
    before = np.zeros_like(truth)  # the codes of a tested roll call's title at its latest fit-set roll call
    seen_before = np.zeros(len(calls), dtype=bool)
    for train, test in splits(calls):
        model = fit(calls[train], random_state=random_state, **options)
        guess[test] = model.predict(calls[test])
        tested |= test
        fitted = calls[train].assign(row=np.flatnonzero(train)).sort_values("date", kind="stable")
        latest = dict(zip(keys[fitted["row"]], fitted["row"]))
        for row in np.flatnonzero(test):
            if keys[row] in latest:
                before[row], seen_before[row] = truth[latest[keys[row]]], True
    if title_lookup:
        guess[seen_before] = before[seen_before]
    table = _scores(truth[tested], guess[tested])
    seen = seen_before[:, None]
    table["fp_coded_before"] = (guess & ~truth & before)[tested].sum(axis=0)
    table["fn_uncoded_before"] = (~guess & truth & ~before & seen)[tested].sum(axis=0)
    ruled = labels(pd.DataFrame({"issues": rule_codes(calls[tested])}))
    detail = calls.loc[tested, ["rollcall_id", "session_no", "year"]].assign(
        kind=text_kind(calls)[tested].to_numpy(),
        voeten=_joined(truth[tested]),
        model=_joined(guess[tested]),
    )
    table.attrs.update(
        rollcalls=int(tested.sum()),
        title_seen=int(seen_before[tested].sum()),
        rules=_scores(truth[tested], ruled),
        detail=detail.reset_index(drop=True),
    )
    return table


def _joined(hit: np.ndarray) -> list:
    """Rows of a roll calls × :data:`CODES` boolean matrix as ``;``-separated codes (``labels``'s inverse)."""
    return [";".join(c for c, h in zip(CODES, row) if h) for row in hit]


def rescore(detail: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall per code on some of an :func:`evaluate` run's roll calls.

    ``detail`` is (a subset of the rows of) ``evaluate(...).attrs["detail"]``: one tested roll call
    per row with ``rollcall_id, session_no, year, kind`` (:func:`text_kind`) and the ``voeten`` and
    ``model`` codes. Scoring a subset needs no refit: every fit of the run is the same.

    >>> rescore(pd.DataFrame({"voeten": ["me", "me;hr", ""], "model": ["me", "me", "hr"]}))[
    ...     ["code", "precision", "recall"]].iloc[[0, 3]].to_numpy().tolist()
    [['me', 1.0, 1.0], ['hr', 0.0, 0.0]]
    """
    return _scores(
        labels(detail[["voeten"]].rename(columns={"voeten": "issues"})),
        labels(detail[["model"]].rename(columns={"model": "issues"})),
    )


def _scores(truth: np.ndarray, guess: np.ndarray) -> pd.DataFrame:
    both = (truth & guess).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "code": CODES,
                "voeten": truth.sum(axis=0),
                "model": guess.sum(axis=0),
                "both": both,
                "precision": both / guess.sum(axis=0),
                "recall": both / truth.sum(axis=0),
            }
        )


def _session_codes(calls: pd.DataFrame, keys: np.ndarray) -> pd.DataFrame:
    """One code set per (title key, session): the commonest among its roll calls, ties to the first
    by date (amendment and paragraph votes share their resolution's title)."""
    table = calls[["session_no", "date", "issues"]].assign(key=keys, issues=calls["issues"].fillna("").astype(str))
    table = table[table["key"] != ""].sort_values("date", kind="stable")
    count = table.groupby(["key", "session_no", "issues"], sort=False).size().rename("n").reset_index()
    count = count.sort_values("n", ascending=False, kind="stable")
    return count.drop_duplicates(["key", "session_no"]).set_index(["key", "session_no"])["issues"].sort_index()


def consistency(rollcalls: pd.DataFrame, first_year: int = 1990, last_year: int = 2018) -> pd.DataFrame:
    """How consistently Voeten codes the same title in different sessions: a ceiling for any coder
    that reads titles only.

    Each roll call of ``first_year``–``last_year`` whose full title's :func:`title_key` also occurs
    in another session (of every Voeten-coded year, session 74 left out) is given the code set that title got
    in the nearest such session (the earlier one on a tie; a session's code set for a title is the
    commonest among its roll calls). Precision and recall of that lookup against the roll call's
    own codes say how far Voeten's coding of a recurring title is predictable from his coding of
    it in another year.

    ``ceiling`` bounds every coder that gives all roll calls with one title key the same answer
    (even one chosen in hindsight, or at random per title): on the roll calls of the years, its
    precision and recall for the code cannot both exceed it (:func:`_ceiling`).

    Returns one row per code, ``code, voeten, lookup, both, precision, recall, ceiling, pairs,
    changed``: the last two count title keys coded in two consecutive sessions of the years where
    either session has the code, and how many of those lack it in the other. ``attrs`` hold
    ``rollcalls`` (in the years), ``recurring`` (those scored), ``pairs`` (title keys in two
    consecutive sessions), ``pairs_changed`` (whose whole code set differs) and ``by_session``
    (``pairs`` and ``changed`` per first session of the pair).

    >>> import graphmodel as gm
    >>> table = consistency(gm.load_dataset().rollcalls, 2015, 2018).set_index("code")
    >>> round(float(table.loc["co", "ceiling"]), 3)  # no title-only coder reaches 0.9 for co here
    0.858
    """
    calls = voeten_coded(rollcalls)
    calls = calls[~calls["defective"]].reset_index(drop=True)
    keys = title_key(full_title(calls)).to_numpy()
    coded = _session_codes(calls, keys)
    sessions = coded.reset_index().groupby("key")["session_no"].agg(list).to_dict()
    inside = ((calls["year"] >= first_year) & (calls["year"] <= last_year)).to_numpy()
    rows, looked = [], []
    for row in np.flatnonzero(inside):
        own = int(calls.at[row, "session_no"])
        others = [s for s in sessions.get(keys[row], []) if s != own]
        if not others:
            continue
        # Nearest session; on a tie the earlier one, the coding a coder of this session could see.
        nearest = min(others, key=lambda s: (abs(s - own), s))
        rows.append(row)
        looked.append(coded[(keys[row], nearest)])
    truth = labels(calls.iloc[rows])
    guess = labels(pd.DataFrame({"issues": looked}))
    table = _scores(truth, guess).rename(columns={"model": "lookup"})
    table["ceiling"] = _ceiling(labels(calls[inside]), keys[inside])
    window = coded.reset_index()
    window = window[window["session_no"].isin(set(calls.loc[inside, "session_no"]))]
    following = window.assign(session_no=window["session_no"] - 1)
    pairs = window.merge(following, on=["key", "session_no"], suffixes=("", "_next"))
    now, after = labels(pairs), labels(pairs[["issues_next"]].rename(columns={"issues_next": "issues"}))
    table["pairs"] = (now | after).sum(axis=0)
    table["changed"] = (now ^ after).sum(axis=0)
    changed = pd.Series((now != after).any(axis=1), index=pairs.index)
    by_session = changed.groupby(pairs["session_no"]).agg(pairs="size", changed="sum")
    table.attrs.update(
        by_session=by_session,
        rollcalls=int(inside.sum()),
        recurring=len(rows),
        pairs=len(pairs),
        pairs_changed=int(changed.sum()),
    )
    return table


def _ceiling(truth: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Per code, the highest min(precision, recall) of any coder constant on each title key.

    A coder that answers per title key (possibly at random) predicts ``n`` roll calls and hits
    ``tp`` of the ``N`` coded ones at a point on or under the concave hull of (n, tp) traced by
    adding keys in order of their share of coded roll calls. min(tp / n, tp / N) <= tp / max(n, N),
    and along the hull that is largest at n = N: the bound is the hull's tp there, over N.

    >>> _ceiling(np.array([[1], [0], [1], [1]], dtype=bool), np.array(["a", "a", "b", "c"])).round(3).tolist()
    [0.833]
    """
    out = np.ones(truth.shape[1])
    for j in range(truth.shape[1]):
        groups = pd.DataFrame({"key": keys, "hit": truth[:, j]}).groupby("key")["hit"].agg(["sum", "size"])
        groups = groups.assign(share=groups["sum"] / groups["size"]).sort_values("share", ascending=False)
        n = np.concatenate([[0], groups["size"].cumsum().to_numpy()])
        tp = np.concatenate([[0], groups["sum"].cumsum().to_numpy()])
        if tp[-1]:
            out[j] = np.interp(tp[-1], n, tp) / tp[-1]
    return out
